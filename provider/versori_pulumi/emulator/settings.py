"""Settings of one emulator instance: the CLI flags, the EmulatorServer keyword arguments, one object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["BASE_PATH", "FAULT_KINDS", "EmulatorSettings"]

BASE_PATH = "/api/connect/v1"
"""Where the API is served, as on the real platform (``https://platform.versori.com/api/connect/v1``)."""

FAULT_KINDS = ("429", "503", "drop")
"""The faults the middleware can inject (see :mod:`versori_pulumi.emulator.faults`)."""


@dataclass(frozen=True)
class EmulatorSettings:
    """How to run the emulator; the defaults are the CLI defaults.

    ``db=None`` keeps the data in memory; a path keeps it in that SQLite file so it survives a restart. The fault
    fields are only the starting values: ``PUT /_emulator/faults`` changes them at run time. ``strict`` answers 400
    to request bodies with fields the API does not define; by default they are ignored, as the platform does.
    """

    host: str = "127.0.0.1"
    port: int = 8787
    api_key: str = "local-dev-key"
    org_id: str = "local-org"
    db: Path | None = None
    latency_ms: int = 0
    fault_rate: float = 0.0
    fault_statuses: tuple[str, ...] = FAULT_KINDS
    fault_seed: int | None = None
    access_log: bool = False
    strict: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.fault_rate <= 1.0:
            raise ValueError("fault_rate must be between 0 and 1")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        unknown = set(self.fault_statuses) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault statuses {sorted(unknown)}; known: {', '.join(FAULT_KINDS)}")
        if not self.api_key:
            raise ValueError("api_key must not be empty")
