"""Recover a stack after an interrupted ``pulumi up``: import what its pending creates made, clear the rest.

When ``pulumi up`` is killed while a create is in flight, the state keeps a *pending create*: the engine cannot
know whether the object was made. A plain ``refresh --clear-pending-creates`` forgets it, and the next ``up``
creates it again, which the API refuses (names are unique) or, worse, duplicates. Our objects have natural keys
(a connector's name; a version's or connection's name within its connector), so this module looks each pending
create up in the API and records it in the state under its id, then refreshes, so the engine reads it through the
provider and the next ``up`` converges with no duplicate. Pending creates that never reached the API are cleared.

    versori-recover-pending --stack dev [--cwd PROJECT_DIR]

or, from the Automation API, ``recover_pending_creates(stack)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi import automation as auto

from versori_pulumi._core.kinds import TYPE_PREFIX, kind_named
from versori_pulumi.client import ConnectClient
from versori_pulumi.config import settings_from

__all__ = ["PendingCreate", "RecoveryReport", "locate", "main", "pending_creates", "recover_pending_creates"]


@dataclass(frozen=True)
class PendingCreate:
    """A create the engine started but never saw finish."""

    urn: str
    kind: str
    inputs: Mapping[str, Any]


@dataclass
class RecoveryReport:
    imported: dict[str, str] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)


def pending_creates(deployment: Mapping[str, Any]) -> list[PendingCreate]:
    """The pending creates of our resource types in an exported deployment."""
    found = []
    for op in deployment.get("pending_operations") or []:
        resource = op.get("resource") or {}
        kind = str(resource.get("type", ""))
        if op.get("type") == "creating" and kind.startswith(TYPE_PREFIX):
            found.append(PendingCreate(resource["urn"], kind.removeprefix(TYPE_PREFIX), resource.get("inputs") or {}))
    return found


def locate(client: ConnectClient, pending: PendingCreate) -> str | None:
    """The id of the object a pending create made, found by its natural key (:mod:`versori_pulumi._core.kinds`);
    None if it was never made, or if its kind is not this package's."""
    kind = kind_named(pending.kind)
    return kind.locate(client, pending.inputs) if kind is not None else None


def _client_for(stack: auto.Stack) -> ConnectClient:
    config = {key: value.value for key, value in stack.get_all_config().items()}
    settings = settings_from(config.get)
    return ConnectClient(settings.base_url, settings.organisation_id, settings.api_key)


def recover_pending_creates(stack: auto.Stack, client: ConnectClient | None = None) -> RecoveryReport:
    """Adopt into state the objects the stack's pending creates made; clear those that made nothing.

    The CLI's own ``refresh --import-pending-creates`` turns a pending create into a pending *import* that the
    engine of the pinned CLI (v3.259.0) then drops (measured), so the found objects are written into the
    deployment as resources with their ids instead, and a ``refresh`` reads each one through its provider.
    """
    report = RecoveryReport()
    deployment = stack.export_stack()
    state: dict[str, Any] = dict(deployment.deployment or {})
    pending = pending_creates(state)
    if not pending:
        return report
    own_client = client is None
    api = client or _client_for(stack)
    try:
        for item in pending:
            remote_id = locate(api, item)
            if remote_id:
                report.imported[item.urn] = remote_id
            else:
                report.cleared.append(item.urn)
    finally:
        if own_client:
            api.close()
    kept = []
    for op in state.get("pending_operations") or []:
        resource = op.get("resource") or {}
        remote_id = report.imported.get(resource.get("urn", "")) if op.get("type") == "creating" else None
        if remote_id:
            # Outputs start as the inputs; the refresh below replaces them with what the provider reads.
            state.setdefault("resources", []).append(
                {**resource, "id": remote_id, "outputs": resource.get("inputs", {})}
            )
        elif not (op.get("type") == "creating" and resource.get("urn") in report.cleared):
            kept.append(op)
    state["pending_operations"] = kept
    deployment.deployment = state
    stack.import_stack(deployment)
    stack.refresh()
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import what an interrupted `pulumi up` created; clear the rest.")
    parser.add_argument("--stack", required=True, help="stack name")
    parser.add_argument("--cwd", default=".", help="the Pulumi project folder (default: here)")
    args = parser.parse_args(argv)
    stack = auto.select_stack(stack_name=args.stack, work_dir=args.cwd)
    report = recover_pending_creates(stack)
    lines = [f"imported {urn} as {remote_id}" for urn, remote_id in report.imported.items()]
    lines += [f"cleared  {urn} (never created)" for urn in report.cleared]
    sys.stdout.write("\n".join(lines or ["no pending creates"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
