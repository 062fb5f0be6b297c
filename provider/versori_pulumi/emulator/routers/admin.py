"""Admin routes under ``/_emulator`` (same bearer key; never delayed, faulted or counted): faults, stats, reset,
in-use marks. Bodies are camelCase like the API's."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Response
from pydantic import Field

from versori_pulumi.emulator.deps import StateDep
from versori_pulumi.emulator.faults import ADMIN_PREFIX, FaultConfig
from versori_pulumi.emulator.services import connections, connectors
from versori_pulumi.emulator.settings import FAULT_KINDS
from versori_pulumi.models import APIModel, WriteModel

router = APIRouter(prefix=ADMIN_PREFIX, tags=["admin"])


class Faults(APIModel):
    """``{rate, statuses, latencyMs, seed}``."""

    rate: float = Field(default=0.0, ge=0.0, le=1.0)
    statuses: list[Literal["429", "503", "drop"]] = Field(default_factory=lambda: list(FAULT_KINDS))  # type: ignore[arg-type]
    latency_ms: int = Field(default=0, ge=0)
    seed: int | None = None


class Stats(APIModel):
    routes: dict[str, int]
    total: int


class Reset(WriteModel):
    data: bool = False


class InUse(WriteModel):
    kind: Literal["connector", "connection"]
    id: str
    in_use: bool = True


def _faults(state: StateDep) -> Faults:
    config = state.faults.config
    return Faults(rate=config.rate, statuses=list(config.statuses), latency_ms=config.latency_ms, seed=config.seed)


@router.get("/faults")
def get_faults(state: StateDep) -> Faults:
    return _faults(state)


@router.put("/faults")
def put_faults(state: StateDep, body: Faults) -> Faults:
    state.faults.configure(
        FaultConfig(rate=body.rate, statuses=tuple(body.statuses), latency_ms=body.latency_ms, seed=body.seed)
    )
    return _faults(state)


@router.get("/stats")
def get_stats(state: StateDep) -> Stats:
    """Requests per ``METHOD /route/template`` (relative to the base path), faulted ones included."""
    routes = state.faults.counts()
    return Stats(routes=routes, total=sum(routes.values()))


@router.post("/reset", status_code=204, response_class=Response)
def reset(state: StateDep, body: Annotated[Reset | None, Body()] = None) -> Response:
    """Clear the counters; with ``{"data": true}`` also every organisation's data and uploads (not the library or
    faults)."""
    state.faults.reset_counts()
    if body is not None and body.data:
        state.store.clear()
        state.uploads.clear()
    return Response(status_code=204)


@router.post("/in-use", status_code=204, response_class=Response)
def mark_in_use(state: StateDep, body: InUse) -> Response:
    """Mark a connector (409 on delete) or connection (412 on delete) as used by another product."""
    org = state.settings.org_id
    if body.kind == "connector":
        connectors.mark_in_use(state.store, org, body.id, body.in_use)
    else:
        connections.mark_in_use(state.store, org, body.id, body.in_use)
    return Response(status_code=204)
