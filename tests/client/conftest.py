"""Fixtures of the client tests: a ConnectClient on a fresh emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[ConnectClient]:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as client:
        yield client
