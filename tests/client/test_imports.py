"""ConnectClient's upload and OpenAPI import methods against the real emulator over loopback."""

from __future__ import annotations

import logging

import pytest

from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.models_contents import (
    HTTPConnectorFromURLCreate,
    HTTPConnectorVersionFromURLCreate,
)

from ._helpers import BILLING, PETSTORE


def test_imports_end_to_end(api: ConnectClient) -> None:
    result = api.import_http_connector(PETSTORE, filename="petstore.yaml")
    assert (len(result.actions), len(result.definitions), len(result.triggers), len(result.messages)) == (5, 8, 1, 7)
    assert result.connector.name == "Petstore Plus" and result.connector.versions[0].name == "2.1.0"
    with pytest.raises(errors.BadRequestError) as bad:
        api.import_http_connector(b"swagger: '2.0'\n")
    assert bad.value.extra["messages"][0]["detail"] == ["#/swagger"]

    signed = api.upload_document(BILLING, content_type="application/json")
    by_url = api.import_http_connector_from_url(
        HTTPConnectorFromURLCreate(schema_url=signed.url), expected_title="Billing"
    )
    assert by_url.connector.name == "Billing" and [a.name for a in by_url.actions] == ["post_invoices", "get_invoice"]

    version = api.import_http_connector_version(result.connector.id, BILLING, "3.0.0")
    assert [v.name for v in version.connector.versions] == ["2.1.0", "3.0.0"] and len(version.definitions) == 3
    again = api.upload_document(PETSTORE)
    body = HTTPConnectorVersionFromURLCreate(schema_url=again.url, version="4.0.0", filetype="yaml")
    assert len(api.import_http_connector_version_from_url(result.connector.id, body).actions) == 5


def test_the_signed_upload_url_stays_out_of_logs(api: ConnectClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="versori_pulumi.client")
    signed = api.upload_document(BILLING)
    token = signed.upload_url.rsplit("/", 1)[1]
    assert "<signed upload URL>" in caplog.text and token not in caplog.text
