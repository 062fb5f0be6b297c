"""Connectors imported from the public library: diff (no API) and the lifecycle against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID
from versori_pulumi.errors import VersoriError
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider

from ._support import Calls, checked, outputs_of


def test_imported_connector_inputs_replace() -> None:
    provider = ImportedConnectorProvider()
    olds = outputs_of(provider, {"library_connector_id": "01JLIB"}, connector_id="01JNEW")
    assert "version" not in olds  # absent: the default, "latest"
    result = provider.diff(
        "01JNEW", olds, provider.check(olds, {"library_connector_id": "01JLIB", "version": "1.0.0"}).inputs
    )
    assert result.replaces == ["version"]
    assert (
        provider.diff("01JNEW", olds, provider.check(olds, {"library_connector_id": "01JLIB"}).inputs).changes is False
    )


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
