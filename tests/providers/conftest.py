"""Fixtures of the provider tests that talk to a real (loopback) emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi.client import ConnectClient
from versori_pulumi.models import HTTPConnectorCreate

from ._support import configured


@pytest.fixture
def make(emulator: Any) -> Callable[[type[VersoriProvider]], Any]:
    def build(cls: type[VersoriProvider]) -> Any:
        return configured(emulator, cls)

    return build


@pytest.fixture
def api(emulator: Any) -> Iterator[ConnectClient]:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as client:
        yield client


@pytest.fixture
def connector_id(api: ConnectClient) -> str:
    """An HTTP connector made directly through the API, to hold versions and connections."""
    return api.create_http_connector(HTTPConnectorCreate(name="Versioned", base_url="https://v.test")).id
