"""versori-import-document: the `pulumi import --file` document for an organisation or a dynamic stack's state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.client._helpers import API_KEY_CONFIG, connection_create, http_create

from versori_pulumi import import_document as command
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.importing import (
    ImportEntry,
    assign_names,
    entries_from_organisation,
    entries_from_state,
    import_document,
    removal_order,
    slug,
)
from versori_pulumi.importing.from_state import SECRET_SIG
from versori_pulumi.models import BigQueryConnectorCreate, ConnectorVersionCreate


def test_slug_and_unique_names() -> None:
    assert slug("Acme CRM (EU)") == "acme-crm-eu"
    assert slug("1.0.0") == "1-0-0"
    assert slug("***", "version") == "version"
    assert assign_names(["a", "b", "a", "a", "a-2"]) == ["a", "b", "a-2", "a-3", "a-2-2"]


def test_document_shape_and_refusals() -> None:
    doc = import_document([ImportEntry("Connection", "crm-prod", "c1/k1", inputs={"x": 1})])
    assert doc == {
        "nameTable": {},
        "resources": [{"type": "versori:index:Connection", "name": "crm-prod", "id": "c1/k1", "inputs": {"x": 1}}],
    }
    with pytest.raises(ValueError, match="both be named 'a'"):
        import_document([ImportEntry("Connector", "a", "1"), ImportEntry("Connector", "a", "2")])
    with pytest.raises(ValueError, match="not a versori resource kind: 'Widget'"):
        import_document([ImportEntry("Widget", "a", "1")])


def _organisation(api: ConnectClient) -> dict[str, str]:
    """Objects made by hand: two HTTP connectors (one with versions, a default and connections), a BigQuery one,
    and a copy of the library's Slack connector with a connection."""
    crm = api.create_http_connector(http_create("Acme CRM", auth_scheme_configs=[API_KEY_CONFIG]))
    v1 = api.create_version(crm.id, ConnectorVersionCreate(name="1.0.0"))
    v2 = api.create_version(crm.id, ConnectorVersionCreate(name="2.0.0", from_version="1.0.0"))
    v2 = api.publish_version(crm.id, "2.0.0")
    api.update_version(crm.id, "2.0.0", v2.model_copy(update={"is_default": True}))
    prod = api.create_connection(crm.id, connection_create("production"))
    other = api.create_http_connector(http_create("acme crm!"))  # slugs to the same name as "Acme CRM"
    warehouse = api.create_bigquery_connector(BigQueryConnectorCreate(name="Warehouse", dataset_id="proj.sales"))
    slack = api.import_library_version(LIBRARY_SLACK_ID, "latest")
    slack_conn = api.create_connection(slack.id, connection_create("team"))
    return {
        "crm": crm.id,
        "v1": v1.id,
        "v2": v2.id,
        "prod": prod.id,
        "other": other.id,
        "warehouse": warehouse.id,
        "slack": slack.id,
        "slack_conn": slack_conn.id,
    }


def _rows(entries: list[ImportEntry]) -> list[tuple[str, str, str]]:
    return [(e.kind, e.name, e.id) for e in entries]


def test_whole_organisation(emulator: EmulatorServer) -> None:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        ids = _organisation(api)
        before = emulator.stats()
        entries = entries_from_organisation(api)
        assert entries_from_organisation(api) == entries  # stable: the same names every time
        after = emulator.stats()
    assert {route for route in after if after[route] != before.get(route)} <= {
        r for r in after if r.startswith("GET ")
    }  # reading only
    v1, v2 = ids["v1"], ids["v2"]
    crm = ids["crm"]
    assert _rows(entries) == [
        ("Connector", "acme-crm", crm),
        ("ConnectorDefaultVersion", "acme-crm-default", crm),
        ("ConnectorVersion", "acme-crm-1-0-0", f"{crm}/{v1}"),
        ("ConnectorVersion", "acme-crm-2-0-0", f"{crm}/{v2}"),
        ("Connection", "acme-crm-production", f"{crm}/{ids['prod']}"),
        ("ImportedConnector", "slack", ids["slack"]),
        ("Connection", "slack-team", f"{ids['slack']}/{ids['slack_conn']}"),
        ("BigQueryConnector", "warehouse", ids["warehouse"]),
        ("Connector", "acme-crm-2", ids["other"]),  # by name: "Acme CRM" < "Slack" < "Warehouse" < "acme crm!"
    ]


def test_one_connector_by_name_or_id(emulator: EmulatorServer) -> None:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        ids = _organisation(api)
        by_name = entries_from_organisation(api, "Acme CRM")
        assert entries_from_organisation(api, ids["crm"]) == by_name
        assert {e.kind for e in by_name} == {"Connector", "ConnectorDefaultVersion", "ConnectorVersion", "Connection"}
        assert all(e.id.startswith(ids["crm"]) for e in by_name) and len(by_name) == 5
        with pytest.raises(LookupError, match="no connector with id or name 'Nope'"):
            entries_from_organisation(api, "Nope")


def _export(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": 3, "deployment": {"manifest": {}, "resources": resources}}


PROVIDER = "urn:pulumi:dev::proj::pulumi:providers:pulumi-python::default"


def _dynamic(kind: str, name: str, id_: str, inputs: dict[str, Any], **extra: Any) -> dict[str, Any]:
    urn = f"urn:pulumi:dev::proj::pulumi-python:dynamic/versori:{kind}::{name}"
    return {
        "provider": f"{PROVIDER}::0a1b",
        "urn": urn,
        "custom": True,
        "id": id_,
        "type": f"pulumi-python:dynamic/versori:{kind}",
        "inputs": inputs,
        "outputs": {**inputs, "__provider": "pickled"},
        **extra,
    }


def test_from_state_keeps_names_ids_and_encrypted_secrets() -> None:
    secret = {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"}
    export = _export(
        [
            {"urn": "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", "type": "pulumi:pulumi:Stack"},
            _dynamic("Connector", "acme", "c1", {"name": "Acme"}),
            _dynamic("ConnectorVersion", "acme-1-0-0", "v1", {"connector_id": "c1", "name": "1.0.0"}),
            _dynamic("ConnectorDefaultVersion", "acme-default", "c1", {"connector_id": "c1", "version": "1.0.0"}),
            _dynamic("Connection", "production", "k1", {"connector_id": "c1", "credential_secrets": secret, "__x": 1}),
            _dynamic("Connector", "old", "c0", {"name": "Old"}, delete=True),  # a replaced one pending delete
        ]
    )
    entries = entries_from_state(export)
    assert _rows(entries) == [  # the objects' own ids, which the engine stores as they are (the state is given)
        ("Connector", "acme", "c1"),
        ("ConnectorVersion", "acme-1-0-0", "v1"),
        ("ConnectorDefaultVersion", "acme-default", "c1"),
        ("Connection", "production", "k1"),
    ]
    # carried over as the state holds them (secrets still encrypted), by the native face's property names
    assert entries[3].inputs == {"connectorId": "c1", "credentialSecrets": secret}
    assert entries[1].inputs == {"connectorId": "c1", "name": "1.0.0"}
    assert entries[1].outputs == {"connectorId": "c1", "name": "1.0.0"}  # the full state: the engine reads nothing
    # the provider stays while the replaced connector pending delete still needs it
    assert removal_order(export, entries) == [e.description for e in reversed(entries)]
    export["deployment"]["resources"].pop()
    assert removal_order(export, entries) == [e.description for e in reversed(entries)] + [PROVIDER]
    only = entries_from_state(export, [entries[0].description])
    assert removal_order(export, only) == [entries[0].description]  # the provider is still used by the rest
    assert _rows(only) == [("Connector", "acme", "c1")]
    with pytest.raises(ValueError, match="not versori resources of this stack: urn:x"):
        entries_from_state(export, ["urn:x"])


def test_command_writes_the_document(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VERSORI_BASE_URL", emulator.base_url)
    monkeypatch.setenv("VERSORI_ORGANISATION_ID", emulator.org_id)
    monkeypatch.setenv("VERSORI_API_KEY", emulator.api_key)
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        ids = _organisation(api)
    out = tmp_path / "import.json"
    assert command.main(["--connector", "Warehouse", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["resources"] == [
        {"type": "versori:index:BigQueryConnector", "name": "warehouse", "id": ids["warehouse"]}
    ]
    assert "1 objects written to" in capsys.readouterr().err
    assert command.main(["--connector", "Nope"]) == 1
    err = capsys.readouterr().err
    assert "no connector with id or name 'Nope'" in err and emulator.api_key not in err
    monkeypatch.delenv("VERSORI_API_KEY")
    assert command.main([]) == 1
    assert "VERSORI_API_KEY" in capsys.readouterr().err
