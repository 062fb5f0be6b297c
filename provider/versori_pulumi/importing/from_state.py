"""A dynamic stack's objects, from its ``pulumi stack export``, as import entries for the native face.

The move of a stack from the dynamic face to the native one keeps every object: each resource of a
``pulumi-python:dynamic/versori:*`` type becomes an entry of the native type with the same logical name and the
object's id, so the native program's URNs are the ones the dynamic program had. Each entry carries the object's
state as the dynamic face recorded it (``inputs`` and ``outputs``, by the native face's property names): with them
the engine imports without reading the object at all, so the move makes no API request, and what the API cannot give
back (a connection's credential values, a connector's client secrets, provider-only settings such as
``forceDelete``) is kept. The state's secrets stay as the state holds them, encrypted, which is why the import runs
in the same stack (the same secrets provider). A ``pulumi refresh`` afterwards reads every object once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from versori_pulumi._core.kinds import TYPE_PREFIX

from .document import KINDS, ImportEntry

__all__ = ["SECRET_SIG", "entries_from_state", "native_property", "removal_order"]

SECRET_SIG = "4dabf18193072939515e22adb298388d"
"""The key marking a secret value in a serialized state (its value: ``1b47061264138c4ac30d75fd1eb44270``)."""


def native_property(name: str) -> str:
    """The native face's name of a dynamic property: ``credential_secrets`` -> ``credentialSecrets``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _resources(export: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    deployment = export.get("deployment", export)
    resources: list[Mapping[str, Any]] = deployment.get("resources") or []
    return resources


def entries_from_state(export: Mapping[str, Any], urns: Collection[str] = ()) -> list[ImportEntry]:
    """One entry per versori resource of the export (only those in ``urns`` when given), in the state's order.

    Raises ValueError for a URN in ``urns`` that is not a versori resource of the export, so a typo is not
    silently left behind in the old stack.
    """
    entries: list[ImportEntry] = []
    seen: set[str] = set()
    for resource in _resources(export):
        kind = str(resource.get("type", "")).removeprefix(TYPE_PREFIX)
        urn = str(resource.get("urn", ""))
        if not str(resource.get("type", "")).startswith(TYPE_PREFIX) or kind not in KINDS:
            continue
        if urns and urn not in urns:
            continue
        if resource.get("delete") or not resource.get("id"):
            continue  # a replaced resource pending deletion, or a create that never finished
        seen.add(urn)
        inputs: Mapping[str, Any] = resource.get("inputs") or {}
        outputs: Mapping[str, Any] = resource.get("outputs") or {}
        carried = {native_property(k): v for k, v in inputs.items() if not k.startswith("__")}
        state = {native_property(k): v for k, v in outputs.items() if not k.startswith("__")}
        entries.append(
            ImportEntry(
                kind=kind,
                name=urn.rsplit("::", 1)[-1],
                # The object's own id, as the state holds it: with the outputs given, the engine stores this id
                # as it is (no read answers another), and it is the id the native face gives every resource.
                id=str(resource["id"]),
                description=urn,
                inputs=carried,
                outputs=state,
            )
        )
    missing = [urn for urn in urns if urn not in seen]
    if missing:
        raise ValueError("not versori resources of this stack: " + ", ".join(sorted(missing)))
    return entries


def removal_order(export: Mapping[str, Any], entries: Collection[ImportEntry]) -> list[str]:
    """The URNs ``pulumi state delete`` takes, one at a time, to forget the moved objects in the old stack: dependents
    first (the state lists dependencies first), then each dynamic provider no remaining resource uses."""
    moved = {entry.description for entry in entries}
    resources = _resources(export)
    order = [str(r["urn"]) for r in reversed(resources) if r.get("urn") in moved]
    still_used = {str(r.get("provider", "")).rsplit("::", 1)[0] for r in resources if r.get("urn") not in moved}
    providers = {str(r.get("provider", "")).rsplit("::", 1)[0] for r in resources if r.get("urn") in moved}
    order += sorted(p for p in providers if p and p not in still_used)
    return order
