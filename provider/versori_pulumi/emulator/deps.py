"""FastAPI dependencies: the emulator's state, the bearer-key check, the organisation check, the stores.

Routes never reach for globals: they get the store as ``StoreDep`` and the checked organisation id as ``OrgDep``,
so a test can swap any of them through ``app.dependency_overrides``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from versori_pulumi.emulator.faults import FaultInjector
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.services.connectors import ConnectorFilter
from versori_pulumi.emulator.settings import BASE_PATH, EmulatorSettings
from versori_pulumi.emulator.store import Store
from versori_pulumi.emulator.uploads import UploadStore
from versori_pulumi.models import Category

__all__ = ["ApiBaseDep", "EmulatorState", "LibraryDep", "OrgDep", "StateDep", "StoreDep", "require_key"]


@dataclass
class EmulatorState:
    """Everything one emulator app holds: settings, the organisation's store, the public library, faults."""

    settings: EmulatorSettings
    store: Store
    library: Store
    faults: FaultInjector
    uploads: UploadStore = field(default_factory=UploadStore)


def _state(request: Request) -> EmulatorState:
    return cast(EmulatorState, request.app.state.emulator)


StateDep = Annotated[EmulatorState, Depends(_state)]

_bearer = HTTPBearer(auto_error=False)


def require_key(state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """401 unless ``Authorization: Bearer <api key>`` carries the configured key (compared in constant time)."""
    given = credentials.credentials.encode() if credentials else b""
    if not given or not secrets.compare_digest(given, state.settings.api_key.encode()):
        raise APIProblem(401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"})


def _org(state: StateDep, organisation_id: Annotated[str, Path()]) -> str:
    """The path's organisation if it is the key's own; any other answers 404, hiding whether it exists."""
    if organisation_id != state.settings.org_id:
        raise APIProblem(404, f"organisation {organisation_id} not found")
    return organisation_id


OrgDep = Annotated[str, Depends(_org)]


def _store(state: StateDep) -> Store:
    return state.store


def _library(state: StateDep) -> Store:
    return state.library


StoreDep = Annotated[Store, Depends(_store)]
LibraryDep = Annotated[Store, Depends(_library)]


def _connector_filter(
    name: str | None = None,
    protocol: str | None = None,
    tags: str | None = None,
    categories: Annotated[list[Category] | None, Query()] = None,
) -> ConnectorFilter:
    """The ListConnectors / ListPublicConnectors query filters (the two share them in the spec)."""
    return ConnectorFilter(name=name, protocol=protocol, tags=tags, categories=tuple(categories or ()))


ConnectorFilterDep = Annotated[ConnectorFilter, Depends(_connector_filter)]


def _api_base(request: Request) -> str:
    """The API base URL as this request reached it: what ``url`` fields (definitions, uploads) are built on."""
    return str(request.base_url).rstrip("/") + BASE_PATH


ApiBaseDep = Annotated[str, Depends(_api_base)]
