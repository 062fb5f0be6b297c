"""The emulator's FastAPI application: the Connect API v1 under ``/api/connect/v1`` plus admin routes.

:func:`create_app` wires settings, stores, fault injection and routers; it starts no server (see
:mod:`versori_pulumi.emulator.server`). The interactive docs and the generated OpenAPI document are off: the
contract is the Versori spec, not what FastAPI infers.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute

from versori_pulumi.emulator.deps import EmulatorState, require_key
from versori_pulumi.emulator.faults import FaultConfig, FaultInjector, FaultMiddleware, RouteTable
from versori_pulumi.emulator.problems import install_handlers
from versori_pulumi.emulator.routers import (
    admin,
    catalog,
    connections,
    connectors,
    contents,
    imports,
    library,
    oauth2,
    versions,
)
from versori_pulumi.emulator.seed import library_store
from versori_pulumi.emulator.settings import BASE_PATH, EmulatorSettings
from versori_pulumi.emulator.store import Store, open_store

__all__ = ["API_ROUTERS", "api_operations", "create_app"]

API_ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router for module in (library, catalog, connectors, imports, versions, contents, connections, oauth2)
)
"""The routers served under the base path, in matching order."""


def api_operations() -> list[tuple[str, str]]:
    """Every served API operation as ``(METHOD, path template relative to the base path)``."""
    return [
        (method, route.path)
        for router in API_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods or ())
    ]


def create_app(settings: EmulatorSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """A ready app; ``store`` overrides the one ``settings.db`` selects (tests)."""
    settings = settings or EmulatorSettings()
    faults = FaultInjector(
        FaultConfig(
            rate=settings.fault_rate,
            statuses=settings.fault_statuses,
            latency_ms=settings.latency_ms,
            seed=settings.fault_seed,
        )
    )
    state = EmulatorState(
        settings=settings, store=store or open_store(settings.db), library=library_store(), faults=faults
    )
    app = FastAPI(title="Versori Connect API v1 emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.emulator = state

    api = APIRouter(prefix=BASE_PATH, dependencies=[Depends(require_key)])
    for router in API_ROUTERS:
        api.include_router(router)
    app.include_router(api)
    app.include_router(admin.router, dependencies=[Depends(require_key)])
    app.include_router(imports.uploads_router)  # signed URLs: the token is the credential

    install_handlers(app)
    app.add_middleware(FaultMiddleware, injector=faults, table=RouteTable(api_operations()))
    return app
