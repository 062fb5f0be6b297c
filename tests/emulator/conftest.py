"""Fixtures for the emulator tests: one loopback server for the directory, wiped before each test.

A fresh server costs about half a second (app build plus uvicorn's shutdown ticks); wiping the data, counters and
faults of a shared one through the admin routes costs milliseconds and gives each test the same clean state.
Tests that need their own server (persistence, the CLI) start one.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer

# One SSL context for every client: building one loads the CA bundle, about 0.1 s each.
SSL_CONTEXT = ssl.create_default_context()


def client_for(server: EmulatorServer, *, key: str | None = None, root: bool = False) -> httpx.Client:
    """An httpx client on the API base URL (or the root), sending ``key`` (default: the server's key)."""
    headers = {"Authorization": f"Bearer {key if key is not None else server.api_key}"}
    return httpx.Client(
        base_url=server.root_url if root else server.base_url, headers=headers, verify=SSL_CONTEXT, timeout=10
    )


@pytest.fixture(scope="session")
def shared_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(strict=True) as server:
        yield server


@pytest.fixture
def emu(shared_server: EmulatorServer) -> Iterator[EmulatorServer]:
    """The shared server with no data, no counts and no faults."""
    shared_server.set_faults(0.0, [], 0)
    shared_server.reset(data=True)
    yield shared_server
    shared_server.set_faults(0.0, [], 0)


@pytest.fixture
def http(emu: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(emu) as client:
        yield client


@pytest.fixture
def org(emu: EmulatorServer) -> str:
    return emu.org_id
