"""The pickle contract: providers serialize by reference, carry no key, and load in a fresh process."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi.bigquery_connector_provider import BigQueryConnectorProvider
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider

PROVIDERS = [
    BigQueryConnectorProvider,
    ConnectorProvider,
    ConnectorVersionProvider,
    ConnectorDefaultVersionProvider,
    ConnectionProvider,
    ImportedConnectorProvider,
]
KEY = "vk_pickle_test_key_must_not_appear"


def configured(cls: type[VersoriProvider]) -> VersoriProvider:
    provider = cls()
    raw = {"versori:apiKey": KEY, "versori:organisationId": "org-1", "versori:baseUrl": "http://127.0.0.1:1/api"}
    provider.configure(ConfigureRequest(Config(raw, "proj")))
    assert provider.settings().api_key == KEY  # configured for real before pickling
    return provider


@pytest.mark.parametrize("cls", PROVIDERS)
def test_provider_pickles_by_reference_without_the_key(cls: type[VersoriProvider]) -> None:
    blob = serialize_provider(configured(cls))
    raw = base64.b64decode(blob)
    assert len(blob) < 400, f"{cls.__name__} pickled by value ({len(blob)} chars)"
    assert cls.__module__.encode() in raw and cls.__name__.encode() in raw
    assert KEY.encode() not in raw and b"org-1" not in raw


@pytest.mark.parametrize("cls", PROVIDERS)
def test_provider_loads_in_a_fresh_process(cls: type[VersoriProvider]) -> None:
    blob = serialize_provider(configured(cls))
    code = (
        "import base64, sys, dill; p = dill.loads(base64.b64decode(sys.argv[1])); "
        "print(type(p).__module__ + '.' + type(p).__name__, p._config_values)"
    )
    out = subprocess.run([sys.executable, "-c", code, blob], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"{cls.__module__}.{cls.__name__} {{}}"


def test_a_client_is_never_pickled() -> None:
    import pickle

    from versori_pulumi.client import ConnectClient

    client = ConnectClient("http://127.0.0.1:1/api", "org", KEY)
    try:
        with pytest.raises(TypeError):
            pickle.dumps(client)
    finally:
        client.close()
