"""A connector's default version: check (no API), and promotion, moving and release against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.errors import VersoriError

from ._support import Calls, checked, failures


def test_default_version_must_be_published_at_preview() -> None:
    provider = ConnectorDefaultVersionProvider()
    draft = failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0", "version_published": False}))
    assert list(draft) == ["version"] and "published" in draft["version"]
    assert failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0", "version_published": True})) == {}
    assert failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0"})) == {}  # a name: checked at up


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
