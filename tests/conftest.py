"""Shared fixtures. The emulator ones run a real loopback server (versori_pulumi.emulator.EmulatorServer)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from versori_pulumi.emulator import EmulatorServer


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """A fresh in-memory emulator on a free port, for one test."""
    with EmulatorServer(strict=True) as server:
        yield server


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[EmulatorServer]:
    """One in-memory emulator shared by the whole session: faster, but tests must not assume it is empty.

    Every test emulator runs in strict mode: a request field the API does not define is a 400, so client drift
    shows up as a failure instead of being silently ignored as the platform would.
    """
    with EmulatorServer(strict=True) as server:
        yield server
