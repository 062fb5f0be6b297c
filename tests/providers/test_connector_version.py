"""Connector versions: check and diff (no API), and adoption against the emulator (their contents:
test_version_contents.py; the connector's default: test_default_version.py)."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi._core.input_schema import UNKNOWN
from versori_pulumi.client import ConnectClient
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.errors import VersoriError
from versori_pulumi.models import ConnectorVersionCreate

from ._support import checked, failures, outputs_of


def version_inputs(**overrides: Any) -> dict[str, Any]:
    return {"connector_id": "01JCONNECTOR", "name": "2.0.0", "from_version": "1.0.0", **overrides}


@pytest.mark.parametrize("name", ["latest", "default", "", "a/b"])
def test_version_check_rejects_reserved_and_empty_names(name: str) -> None:
    assert "name" in failures(ConnectorVersionProvider().check({}, version_inputs(name=name)))


def test_version_default_moved_to_its_own_resource() -> None:
    result = ConnectorVersionProvider().check({}, version_inputs(default=True, published=True))
    assert "ConnectorDefaultVersion" in failures(result)["default"]
    assert failures(ConnectorVersionProvider().check({}, version_inputs(published=True))) == {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "2.0.1"}, "name"),
        ({"from_version": "0.9.0"}, "from_version"),
        ({"connector_id": "01JOTHER"}, "connector_id"),
    ],
)
def test_replacing_a_published_version_is_refused_at_preview(change: dict[str, Any], field: str) -> None:
    provider = ConnectorVersionProvider()
    olds = provider.check({}, version_inputs(published=True)).inputs
    refused = failures(provider.check(olds, version_inputs(published=True, **change)))
    assert list(refused) == [field]
    for way_out in ("force_delete=True", "new ConnectorVersion", "retain_on_delete"):
        assert way_out in refused[field]
    # The ways out: force_delete already applied, the resource option retain_on_delete, or a draft.
    forced = provider.check({}, version_inputs(published=True, force_delete=True)).inputs
    assert failures(provider.check(forced, version_inputs(published=True, force_delete=True, **change))) == {}
    retained = provider.check({}, version_inputs(published=True, retain_on_delete=True)).inputs
    assert failures(provider.check(retained, version_inputs(published=True, retain_on_delete=True, **change))) == {}
    draft = provider.check({}, version_inputs()).inputs
    assert failures(provider.check(draft, version_inputs(published=True, **change))) == {}
    # Setting either in the same change does not help: the delete runs with the old state's settings.
    assert list(failures(provider.check(olds, version_inputs(published=True, force_delete=True, **change)))) == [field]
    assert list(failures(provider.check(olds, version_inputs(published=True, retain_on_delete=True, **change)))) == [
        field
    ]


def test_version_diff_update_vs_replace() -> None:
    provider = ConnectorVersionProvider()
    olds = outputs_of(provider, version_inputs(published=True), version_id="01JV")
    described = provider.diff(
        "01JV", olds, provider.check(olds, version_inputs(published=True, description="x")).inputs
    )
    assert described.changes is None and described.replaces == []
    renamed = provider.diff("01JV", olds, provider.check(olds, version_inputs(name="3.0.0", published=True)).inputs)
    assert renamed.replaces == ["name"] and renamed.delete_before_replace is False
    rebased = provider.diff(
        "01JV", olds, provider.check(olds, version_inputs(from_version="1.1.0", published=True)).inputs
    )
    assert rebased.replaces == ["from_version"] and rebased.delete_before_replace is True


def test_version_unknown_replace_key_counts_as_replacement() -> None:
    provider = ConnectorVersionProvider()
    olds = outputs_of(provider, version_inputs(), version_id="01JV")
    news = provider.check(olds, version_inputs(connector_id=UNKNOWN)).inputs
    result = provider.diff("01JV", olds, news)
    assert result.replaces == ["connector_id"]


def test_a_0_1_version_state_with_default_diffs_as_no_change() -> None:
    """Moving a stack to ConnectorDefaultVersion: the version's old state still holds ``default``; no diff."""
    provider = ConnectorVersionProvider()
    legacy = {**outputs_of(provider, version_inputs(published=True), version_id="01JV"), "default": True}
    legacy_inputs = {**provider.check({}, version_inputs(published=True)).inputs, "default": True}
    news = provider.check(legacy_inputs, version_inputs(published=True))
    assert news.failures == [] and "default" not in news.inputs
    assert provider.diff("01JV", legacy, news.inputs).changes is False


def test_version_adoption_and_name_conflict(make: Any, api: ConnectClient, connector_id: str) -> None:
    api.create_version(connector_id, ConnectorVersionCreate(name="0.9.0"))
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector_id, "name": "0.9.0", "published": True})
    with pytest.raises(VersoriError, match="adopt_existing"):
        provider.create(inputs)
    provider.create({**inputs, "adopt_existing": "0.9.0"})
    assert api.get_version(connector_id, "0.9.0").published


@pytest.mark.parametrize("source", ["config", "env"])
def test_a_published_version_deletes_once_the_provider_setting_is_on(
    make: Any, api: ConnectClient, connector_id: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal gives the exact command; the setting, read at delete time (stack config or environment), lets the
    same delete go through with no change to the resource's inputs."""
    from pulumi.dynamic import ConfigureRequest
    from pulumi.dynamic.config import Config

    monkeypatch.delenv("VERSORI_FORCE_DELETE_PUBLISHED", raising=False)
    provider = make(ConnectorVersionProvider)
    created = provider.create(checked(provider, {"connector_id": connector_id, "name": "1.0.0", "published": True}))
    with pytest.raises(VersoriError) as refused:
        provider.delete(created.id, created.outs)
    message = str(refused.value)
    assert "version '1.0.0' cannot be deleted" in message
    assert "`pulumi config set versori:forceDeletePublished true`" in message
    assert "`pulumi destroy --run-program`" in message and "VERSORI_FORCE_DELETE_PUBLISHED=true" in message
    assert "do not run `pulumi up` in between" in message
    assert api.get_version(connector_id, "1.0.0").published

    if source == "config":
        raw = {**{k: v for k, v in provider._config_values.items() if v is not None}}
        raw["versori:forceDeletePublished"] = "true"
        provider.configure(ConfigureRequest(Config(raw, "test")))
    else:
        monkeypatch.setenv("VERSORI_FORCE_DELETE_PUBLISHED", "true")
    provider.delete(created.id, created.outs)
    assert not [v for v in api.list_versions(connector_id) if v.name == "1.0.0"]
