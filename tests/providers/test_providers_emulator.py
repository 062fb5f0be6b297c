"""Provider methods called directly against the emulator: every branch, with the API calls each one makes."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.emulator import LIBRARY_SLACK_ID
from versori_pulumi.errors import VersoriError
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider
from versori_pulumi.models import REDACTED, ConnectorVersionCreate, HTTPConnectorCreate

API_KEY_CONFIG = {"description": "API key header", "schemeType": "api-key", "name": "X-Api-Key", "in": "header"}


class Calls:
    """Counts the emulator's requests between two points, per route."""

    def __init__(self, emulator: Any) -> None:
        self.emulator = emulator
        self.before = dict(emulator.stats())

    def since(self) -> dict[str, int]:
        after = self.emulator.stats()
        return {route: n - self.before.get(route, 0) for route, n in after.items() if n - self.before.get(route, 0)}

    def total(self) -> int:
        return sum(self.since().values())


def checked(provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert not result.failures, [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def test_connector_lifecycle_and_call_counts(make: Any, emulator: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(
        provider, {"name": "Acme", "base_url": "https://api.acme.test", "auth_scheme_configs": [API_KEY_CONFIG]}
    )

    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.since() == {"POST /o/{organisation_id}/protocols/http/connectors": 1}
    outs = created.outs
    assert outs["connector_id"] == created.id and outs["organisation_id"] == emulator.org_id

    calls = Calls(emulator)
    assert provider.diff(created.id, outs, checked(provider, dict(inputs), inputs)).changes is False
    assert calls.total() == 0  # a no-change diff makes no request

    calls = Calls(emulator)
    read = provider.read(created.id, outs)
    assert calls.total() == 1
    assert read.id == created.id and provider.diff(created.id, read.outs, inputs).changes is False

    news = checked(provider, {**inputs, "name": "Acme Corp", "tags": {"env": ["prod"]}}, inputs)
    calls = Calls(emulator)
    updated = provider.update(created.id, outs, news)
    assert calls.since() == {"PUT /o/{organisation_id}/connectors/{connector_id}": 1}
    live = api.get_connector(created.id)
    assert live.name == "Acme Corp" and live.tags == {"env": ["prod"]}

    calls = Calls(emulator)
    provider.update(created.id, updated.outs, {**news, "force_delete": True})
    assert calls.total() == 0  # a provider-only setting needs no request

    basic = {"description": "basic", "schemeType": "basic-auth"}
    more = checked(provider, {**news, "auth_scheme_configs": [API_KEY_CONFIG, basic], "categories": ["CRM"]}, news)
    calls = Calls(emulator)
    updated = provider.update(created.id, updated.outs, more)
    assert calls.since() == {
        "PUT /o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}": 1,
        "PUT /o/{organisation_id}/connectors/{connector_id}": 1,
        "PUT /o/{organisation_id}/connectors/{connector_id}/categories": 1,
    }
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == ["api-key", "basic-auth"]

    fewer = checked(provider, {**more, "auth_scheme_configs": [basic]}, more)
    provider.update(created.id, updated.outs, fewer)
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == ["basic-auth"]

    calls = Calls(emulator)
    provider.delete(created.id, fewer)
    assert calls.total() == 1
    provider.delete(created.id, fewer)  # already gone: still fine
    assert provider.read(created.id, fewer).id == ""


def test_connector_drift_shows_on_read(make: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Drifty", "base_url": "https://a.test"})
    created = provider.create(inputs)
    body = api.get_connector(created.id)
    from versori_pulumi.models import HTTPConnectorUpdate

    api.update_connector(
        created.id,
        HTTPConnectorUpdate(id=body.id, organisation_id=body.organisation_id, name="Drifty", base_url="https://b.test"),
    )
    read = provider.read(created.id, created.outs)
    assert read.inputs["base_url"] == "https://b.test"
    assert provider.diff(created.id, read.outs, inputs).changes is None


def test_connector_create_with_extras_and_rollback(
    make: Any, emulator: Any, api: ConnectClient, monkeypatch: Any
) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(
        provider,
        {
            "name": "Docs",
            "base_url": "https://d.test",
            "documentation_url": "https://d.test/docs",
            "categories": ["CRM"],
        },
    )
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.total() == 3  # create, then the fields the create body lacks: URLs (PUT) and categories
    assert api.get_connector(created.id).documentation_url == "https://d.test/docs"

    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise VersoriError("injected failure")

    monkeypatch.setattr(ConnectClient, "update_connector_categories", boom)
    half = checked(provider, {"name": "Half", "base_url": "https://h.test", "categories": ["ERP"]})
    with pytest.raises(VersoriError, match="injected"):
        provider.create(half)
    assert api.find_connector_by_name("Half") is None  # rolled back: no orphan


def test_connector_name_taken_and_adoption(make: Any, emulator: Any, api: ConnectClient) -> None:
    existing = api.create_http_connector(HTTPConnectorCreate(name="Legacy", base_url="https://legacy.test"))
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Legacy", "base_url": "https://new.test", "tags": {"team": ["a"]}})
    with pytest.raises(VersoriError, match="adopt_existing='Legacy'"):
        provider.create(inputs)
    adopted = provider.create({**inputs, "adopt_existing": "Legacy"})
    assert adopted.id == existing.id
    live = api.get_connector(existing.id)
    assert live.base_url == "https://new.test" and live.tags == {"team": ["a"]}
    assert len([c for c in api.list_connectors() if c.name == "Legacy"]) == 1
    without = checked(provider, {k: v for k, v in inputs.items() if k != "adopt_existing"}, inputs)
    assert provider.diff(adopted.id, adopted.outs, without).changes is False


def test_connector_delete_refused_without_force(make: Any, emulator: Any) -> None:
    provider = make(ConnectorProvider)
    created = provider.create(checked(provider, {"name": "Busy", "base_url": "https://busy.test"}))
    emulator.mark_in_use("connector", created.id, True)
    with pytest.raises(VersoriError, match="force_delete=True"):
        provider.delete(created.id, created.outs)
    provider.delete(created.id, {**created.outs, "force_delete": True})
    assert provider.read(created.id, created.outs).id == ""


@pytest.fixture
def connector_id(api: ConnectClient) -> str:
    return api.create_http_connector(HTTPConnectorCreate(name="Versioned", base_url="https://v.test")).id


def test_version_promotion_and_call_counts(make: Any, emulator: Any, api: ConnectClient, connector_id: str) -> None:
    provider = make(ConnectorVersionProvider)
    draft_inputs = checked(provider, {"connector_id": connector_id, "name": "1.0.0"})
    calls = Calls(emulator)
    draft = provider.create(draft_inputs)
    assert calls.total() == 1 and draft.outs.get("published_at") is None

    inputs = checked(
        provider,
        {
            "connector_id": connector_id,
            "name": "2.0.0",
            "from_version": "1.0.0",
            "description": "v2",
            "published": True,
        },
    )
    calls = Calls(emulator)
    v2 = provider.create(inputs)
    assert calls.total() == 3  # create, description, publish
    assert api.get_version(connector_id, "latest").name == "2.0.0"

    owner = make(ConnectorDefaultVersionProvider)
    pointer_inputs = checked(owner, {"connector_id": connector_id, "version": "2.0.0", "version_published": True})
    calls = Calls(emulator)
    pointer = owner.create(pointer_inputs)
    assert calls.total() == 2 and pointer.id == connector_id  # get, mark default
    assert api.get_version(connector_id, "default").name == "2.0.0"
    assert owner.diff(pointer.id, owner.read(pointer.id, pointer.outs).outs, pointer_inputs).changes is False

    read = provider.read(v2.id, v2.outs)
    assert provider.diff(v2.id, read.outs, inputs).changes is False

    edited = checked(provider, {**inputs, "description": "v2, edited"}, inputs)
    assert provider.diff(v2.id, v2.outs, edited).replaces == []
    updated = provider.update(v2.id, v2.outs, edited)
    live = api.get_version(connector_id, "2.0.0")
    assert live.description == "v2, edited" and live.published and live.is_default  # the edit kept the default
    assert updated.outs["published_at"]

    to_draft = {**pointer_inputs, "version": "1.0.0", "version_published": False}
    assert [f.property for f in owner.check(pointer_inputs, to_draft).failures] == ["version"]  # refused at preview
    v1 = provider.create(checked(provider, {"connector_id": connector_id, "name": "1.1.0", "published": True}))
    promoted = checked(owner, {**pointer_inputs, "version": "1.1.0"}, pointer_inputs)
    assert owner.diff(pointer.id, pointer.outs, promoted).replaces == []
    calls = Calls(emulator)
    moved = owner.update(pointer.id, pointer.outs, promoted)
    assert calls.total() == 2 and moved.outs["version_id"] == v1.id
    assert [v.name for v in api.list_versions(connector_id) if v.is_default] == ["1.1.0"]
    owner.delete(pointer.id, moved.outs)  # releases the default it owned
    assert [v.name for v in api.list_versions(connector_id) if v.is_default] == []
    provider.delete(v1.id, {**v1.outs, "force_delete": True})

    with pytest.raises(VersoriError, match="force_delete=True"):
        provider.delete(v2.id, updated.outs)
    provider.delete(v2.id, {**updated.outs, "force_delete": True})
    assert provider.read(v2.id, updated.outs).id == ""
    provider.delete(draft.id, draft.outs)


def test_version_adoption_and_name_conflict(make: Any, api: ConnectClient, connector_id: str) -> None:
    api.create_version(connector_id, ConnectorVersionCreate(name="0.9.0"))
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector_id, "name": "0.9.0", "published": True})
    with pytest.raises(VersoriError, match="adopt_existing"):
        provider.create(inputs)
    provider.create({**inputs, "adopt_existing": "0.9.0"})
    assert api.get_version(connector_id, "0.9.0").published


def connection_inputs(connector: str, secret: str = "s3cr3t-value") -> dict[str, Any]:
    config = {"id": "01J0000000000000000000000A", **API_KEY_CONFIG}
    return {
        "connector_id": connector,
        "name": "production",
        "variables": [{"name": "region", "value": "eu"}],
        "credentials": {
            "action": [
                {"authSchemeConfig": config, "credential": {"name": "k", "type": "string", "data": {"value": secret}}}
            ]
        },
    }


def test_connection_lifecycle_secrets_and_drift(
    make: Any, emulator: Any, api: ConnectClient, connector_id: str
) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, connection_inputs(connector_id))
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.total() == 1
    assert len(created.outs["credential_ids"]["action"]) == 1

    live = api.get_connection(connector_id, created.id)
    assert live.credentials.action[0].credential.data == {"value": REDACTED}

    read = provider.read(created.id, created.outs)
    assert read.inputs["credentials"]["action"][0]["credential"]["data"] == {"value": "s3cr3t-value"}
    assert provider.diff(created.id, read.outs, inputs).changes is False

    news = checked(provider, {**inputs, "variables": []}, inputs)
    calls = Calls(emulator)
    updated = provider.update(created.id, created.outs, news)
    assert calls.total() == 1
    assert api.get_connection(connector_id, created.id).variables == []

    api.update_connection(
        connector_id,
        created.id,
        __import__("versori_pulumi.models", fromlist=["ConnectionUpdate"]).ConnectionUpdate(
            id=created.id, name="renamed"
        ),
    )
    drift = provider.read(created.id, updated.outs)
    assert drift.inputs["name"] == "renamed"
    assert provider.diff(created.id, drift.outs, news).changes is None

    emulator.mark_in_use("connection", created.id, True)
    with pytest.raises(VersoriError, match="force_delete=True") as info:
        provider.delete(created.id, updated.outs)
    assert "s3cr3t" not in str(info.value) and emulator.api_key not in str(info.value)
    provider.delete(created.id, {**updated.outs, "force_delete": True})
    assert provider.read(created.id, updated.outs).id == ""


def test_connection_adoption(make: Any, api: ConnectClient, connector_id: str) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, connection_inputs(connector_id))
    first = provider.create(inputs)
    adopted = provider.create({**inputs, "adopt_existing": "production"})
    assert adopted.id == first.id
    assert len(list(api.list_connections(connector_id))) == 1


def test_imported_connector(make: Any, emulator: Any, api: ConnectClient) -> None:
    provider = make(ImportedConnectorProvider)
    inputs = checked(provider, {"library_connector_id": LIBRARY_SLACK_ID})
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.total() == 1
    assert created.outs["name"] and created.outs["version_names"]
    version = api.get_version(created.id, created.outs["version_names"][0])
    assert not version.published  # imports arrive as drafts
    read = provider.read(created.id, created.outs)
    assert read.outs == created.outs
    with pytest.raises(VersoriError, match="adopt_existing"):
        provider.create(inputs)
    provider.delete(created.id, created.outs)
    assert provider.read(created.id, created.outs).id == ""


def test_missing_configuration_is_one_clear_error(monkeypatch: Any) -> None:
    for var in ("VERSORI_API_KEY", "VERSORI_ORGANISATION_ID", "VERSORI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    provider = ConnectorProvider()
    with pytest.raises(VersoriError, match="versori:apiKey") as info:
        provider.create({"name": "x", "base_url": "https://x.test"})
    assert "VERSORI_API_KEY" in str(info.value) and "versori:organisationId" in str(info.value)


def test_oauth2_client_secret_survives_a_read(make: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    oauth = {
        "schemeType": "oauth2",
        "description": "oauth",
        "authorizeUrl": "https://o.test/authorize",
        "tokenUrl": "https://o.test/token",
        "grant": {"grantType": "authorization_code", "clientId": "cid", "clientSecret": "oauth-client-secret"},
    }
    inputs = checked(provider, {"name": "OAuthy", "base_url": "https://o.test", "auth_scheme_configs": [oauth]})
    created = provider.create(inputs)
    live = api.get_connector(created.id).auth_scheme_configs[0]
    assert "oauth-client-secret" not in live.model_dump_json()  # the API masks it
    read = provider.read(created.id, created.outs)
    assert read.inputs["auth_scheme_configs"][0]["grant"]["clientSecret"] == "oauth-client-secret"
    assert provider.diff(created.id, read.outs, inputs).changes is False
