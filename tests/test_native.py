"""The native face's provider object, called directly (no engine): what it answers for check, diff, create, read,
update, delete and invoke, against the emulator. The engine's own view is tests/e2e/test_native.py."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue

from versori_pulumi._core.input_schema import UNKNOWN
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.native.kinds import KINDS
from versori_pulumi.native.provider import NativeFailure, VersoriNativeProvider
from versori_pulumi.native.values import camel, plain, snake, to_properties

REPO = Path(__file__).resolve().parents[1]

API_KEY = {"scheme_type": "api-key", "description": "key", "name": "X-Api-Key", "in_": "header"}
OAUTH = {
    "scheme_type": "oauth2",
    "description": "app",
    "authorize_url": "https://acme.test/oauth/authorize",
    "token_url": "https://acme.test/oauth/token",
    "grant": {"grant_type": "authorization_code", "client_id": "app-id", "client_secret": "app-s3cret"},
}


def urn(kind: str, name: str = "r") -> str:
    return f"urn:pulumi:test::proj::versori:index:{kind}::{name}"


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture
def native(emulator: EmulatorServer) -> Iterator[VersoriNativeProvider]:
    provider = VersoriNativeProvider()
    variables = {
        "versori:baseUrl": emulator.base_url,
        "versori:organisationId": emulator.org_id,
        "versori:apiKey": emulator.api_key,
    }
    run(provider.configure(p.ConfigureRequest(variables, {}, True, True)))
    yield provider


def shown(props: Mapping[str, PropertyValue]) -> dict[str, Any]:
    return {key: plain(value) for key, value in props.items()}


def check(native: VersoriNativeProvider, kind: str, news: dict[str, Any], olds: Any = None) -> p.CheckResponse:
    return run(native.check(p.CheckRequest(urn(kind), olds or {}, to_properties(news), b"")))


def created(native: VersoriNativeProvider, kind: str, news: dict[str, Any]) -> p.CreateResponse:
    checked = check(native, kind, news)
    assert not checked.failures, [(f.property, f.reason) for f in checked.failures or []]
    return run(native.create(p.CreateRequest(urn(kind), checked.inputs or {}, 60, False)))


# --- values and schema ---


def test_names_map_both_ways() -> None:
    for name in ("auth_scheme_configs", "base_url", "name", "connector_id", "auth_scheme_secrets"):
        assert snake(camel(name)) == name
    assert camel("documentation_url") == "documentationUrl"


def test_the_committed_schema_is_the_derived_one() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/native_schema.py", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_names_every_kind_with_the_reference_descriptions() -> None:
    schema = json.loads((REPO / "provider/versori_pulumi/native/schema.json").read_text())
    assert set(schema["resources"]) == {kind.token for kind in KINDS}
    connector = schema["resources"]["versori:index:Connector"]
    assert connector["requiredInputs"] == ["name", "baseUrl"]
    assert "every action's path is appended to" in connector["inputProperties"]["baseUrl"]["description"]
    assert connector["properties"]["authSchemeSecrets"]["secret"] is True
    assert schema["resources"]["versori:index:Connection"]["properties"]["credentialSecrets"]["secret"] is True
    assert "versori:index:getConnector" in schema["functions"]
    assert schema["config"]["variables"]["apiKey"]["secret"] is True


def test_get_schema_serves_the_committed_file(native: VersoriNativeProvider) -> None:
    served = run(native.get_schema(p.GetSchemaRequest(0)))
    assert json.loads(served.schema or "")["name"] == "versori"


# --- check ---


def test_check_names_the_field_and_keeps_the_core_message(native: VersoriNativeProvider) -> None:
    failures = check(native, "Connector", {"name": "A", "base_url": "not a url"}).failures or []
    assert [(f.property, f.reason.split(":")[0]) for f in failures] == [("baseUrl", "base_url")]
    assert "absolute http(s) URL" in failures[0].reason
    nested = check(native, "Connector", {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [{}]})
    assert [f.property for f in nested.failures or []][0].startswith("authSchemeConfigs[0]")
    missing = check(native, "Connector", {"base_url": "https://a.test"}).failures or []
    assert [f.property for f in missing] == ["name"]


def test_check_holds_the_client_secret_apart_and_secret(native: VersoriNativeProvider) -> None:
    checked = check(native, "Connector", {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [OAUTH]})
    assert not checked.failures
    inputs = checked.inputs or {}
    assert inputs["authSchemeSecrets"].is_secret
    assert not inputs["authSchemeConfigs"].contains_secret()
    assert "app-s3cret" not in json.dumps(plain(inputs["authSchemeConfigs"]))
    assert "app-s3cret" in json.dumps(plain(inputs["authSchemeSecrets"]))


# --- create, preview, read, update, delete ---


def test_preview_of_a_create_knows_the_inputs_and_leaves_the_computed_unknown(native: VersoriNativeProvider) -> None:
    checked = check(native, "Connector", {"name": "A", "base_url": "https://a.test"})
    preview = run(native.create(p.CreateRequest(urn("Connector"), checked.inputs or {}, 60, True)))
    outputs = shown(preview.properties)
    assert outputs["name"] == "A" and outputs["baseUrl"] == "https://a.test" and outputs["public"] is False
    assert outputs["connectorId"] == UNKNOWN and outputs["createdAt"] == UNKNOWN


def test_a_connector_round_trip(native: VersoriNativeProvider, emulator: EmulatorServer) -> None:
    made = created(native, "Connector", {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [OAUTH]})
    assert made.resource_id
    outputs = made.properties
    assert shown(outputs)["connectorId"] == made.resource_id
    assert outputs["authSchemeSecrets"].is_secret and not outputs["authSchemeConfigs"].contains_secret()

    renamed = check(
        native, "Connector", {"name": "B", "base_url": "https://a.test", "auth_scheme_configs": [OAUTH]}, outputs
    )
    diff = run(native.diff(p.DiffRequest(urn("Connector"), made.resource_id, outputs, renamed.inputs or {}, [])))
    assert diff.changes is True and diff.replaces == []
    assert {k: v.kind for k, v in diff.detailed_diff.items()} == {"name": p.PropertyDiffKind.UPDATE}

    same = check(
        native, "Connector", {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [OAUTH]}, outputs
    )
    assert (
        run(native.diff(p.DiffRequest(urn("Connector"), made.resource_id, outputs, same.inputs or {}, []))).changes
        is False
    )

    preview = run(
        native.update(p.UpdateRequest(urn("Connector"), made.resource_id, outputs, renamed.inputs or {}, 60, [], True))
    )
    assert shown(preview.properties)["connectorId"] == made.resource_id  # an update keeps the ids known
    updated = run(
        native.update(p.UpdateRequest(urn("Connector"), made.resource_id, outputs, renamed.inputs or {}, 60, [], False))
    )
    assert shown(updated.properties)["name"] == "B"

    read = run(native.read(p.ReadRequest(urn("Connector"), made.resource_id, {}, {})))  # an import
    assert read.resource_id == made.resource_id
    assert shown(read.inputs)["name"] == "B" and read.inputs["authSchemeSecrets"].is_secret

    run(native.delete(p.DeleteRequest(urn("Connector"), made.resource_id, updated.properties, 60)))
    gone = run(native.read(p.ReadRequest(urn("Connector"), made.resource_id, updated.properties, {})))
    assert gone.resource_id is None


def test_a_changed_connector_replaces_a_connection_and_a_version(native: VersoriNativeProvider) -> None:
    base = {"connector_id": "01AAAAAAAAAAAAAAAAAAAAAAAA", "name": "prod"}
    olds = {**base, "connection_id": "c1", "credential_secrets": {}}
    news = check(native, "Connection", {**base, "connector_id": "01BBBBBBBBBBBBBBBBBBBBBBBB"}).inputs or {}
    diff = run(native.diff(p.DiffRequest(urn("Connection"), "c1", to_properties(olds), news, [])))
    assert diff.replaces == ["connectorId"]
    assert diff.detailed_diff["connectorId"].kind == p.PropertyDiffKind.UPDATE_REPLACE


def test_every_kind_reads_from_its_import_id(native: VersoriNativeProvider) -> None:
    connector = created(
        native, "Connector", {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [API_KEY]}
    )
    cid = connector.resource_id or ""
    version = created(native, "ConnectorVersion", {"connector_id": cid, "name": "1.0.0", "published": True})
    connection = created(native, "Connection", {"connector_id": cid, "name": "prod"})
    default = created(native, "ConnectorDefaultVersion", {"connector_id": cid, "version": "1.0.0"})
    imported = created(native, "ImportedConnector", {"library_connector_id": LIBRARY_SLACK_ID})
    bigquery = created(native, "BigQueryConnector", {"name": "BQ", "dataset_id": "proj.sales"})
    cases = {
        "Connector": (cid, cid),
        "ConnectorVersion": (f"{cid}/{version.resource_id}", version.resource_id),
        "Connection": (f"{cid}/{connection.resource_id}", connection.resource_id),
        "ConnectorDefaultVersion": (cid, default.resource_id),
        "ImportedConnector": (imported.resource_id, imported.resource_id),
        "BigQueryConnector": (bigquery.resource_id, bigquery.resource_id),
    }
    for kind, (import_id, own_id) in cases.items():
        read = run(native.read(p.ReadRequest(urn(kind), import_id or "", {}, {})))
        assert read.resource_id == own_id, kind
        rechecked = check(native, kind, shown(read.inputs))
        assert not rechecked.failures, (kind, [(f.property, f.reason) for f in rechecked.failures or []])
    assert (
        shown(run(native.read(p.ReadRequest(urn("ImportedConnector"), imported.resource_id or "", {}, {}))).inputs)[
            "libraryConnectorId"
        ]
        == LIBRARY_SLACK_ID
    )


def test_a_malformed_import_id_says_what_it_should_be(native: VersoriNativeProvider) -> None:
    with pytest.raises(ValueError, match="<connector_id>/<connection_id>"):
        run(native.read(p.ReadRequest(urn("Connection"), "just-one-part/", {}, {})))


def test_a_failure_is_the_core_message(emulator: EmulatorServer) -> None:
    provider = VersoriNativeProvider()
    variables = {
        "versori:baseUrl": emulator.base_url,
        "versori:organisationId": emulator.org_id,
        "versori:apiKey": "nope",
    }
    run(provider.configure(p.ConfigureRequest(variables, {}, True, True)))
    checked = run(
        provider.check(
            p.CheckRequest(urn("Connector"), {}, to_properties({"name": "A", "base_url": "https://a.test"}), b"")
        )
    )
    with pytest.raises(NativeFailure) as failure:
        run(provider.create(p.CreateRequest(urn("Connector"), checked.inputs or {}, 60, False)))
    assert "401" in str(failure.value) and "versori:apiKey" in str(failure.value)
    assert "nope" not in str(failure.value)


# --- invokes and concurrency ---


def test_invokes_are_the_lookups(native: VersoriNativeProvider) -> None:
    categories = run(native.invoke(p.InvokeRequest("versori:index:getCategories", {})))
    assert "CRM" in plain(categories.return_value["items"])
    slack = run(native.invoke(p.InvokeRequest("versori:index:getLibraryConnector", {"name": PropertyValue("Slack")})))
    assert plain(slack.return_value["id"]) == LIBRARY_SLACK_ID


def test_calls_run_concurrently(native: VersoriNativeProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine sends calls at once; the plugin must not serialise them (the core is synchronous)."""
    core = native._providers["versori:index:Connector"]

    def slow_read(id_: str, props: Any) -> Any:
        time.sleep(0.3)
        return type(core).read(core, id_, props)

    monkeypatch.setattr(core, "read", slow_read)

    async def many() -> float:
        started = time.monotonic()
        await asyncio.gather(*(native.read(p.ReadRequest(urn("Connector"), "01GONE", {}, {})) for _ in range(16)))
        return time.monotonic() - started

    assert run(many()) < 0.3 * 4  # 16 serialised calls would take 4.8 s
