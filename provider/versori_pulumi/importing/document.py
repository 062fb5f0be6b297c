"""The ``pulumi import --file`` document: one entry per object, by the native face's type token and import id.

Import ids (``docs/native-import.md``): a connector of any kind by ``<connector_id>``, a version by
``<connector_id>/<version_id>``, a connection by ``<connector_id>/<connection_id>``, a connector's default version by
``<connector_id>``. ``pulumi import`` reads each object through the plugin and writes a program whose values equal
to another imported object's id become references to it (a version's ``connectorId`` names its connector).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "NATIVE_PACKAGE", "ImportEntry", "import_document", "native_token"]

NATIVE_PACKAGE = "versori"
KINDS = (
    "Connector",
    "BigQueryConnector",
    "ImportedConnector",
    "ConnectorVersion",
    "ConnectorDefaultVersion",
    "Connection",
)


def native_token(kind: str) -> str:
    """``Connector`` -> ``versori:index:Connector``."""
    if kind not in KINDS:
        raise ValueError(f"not a versori resource kind: {kind!r} (one of {', '.join(KINDS)})")
    return f"{NATIVE_PACKAGE}:index:{kind}"


@dataclass(frozen=True)
class ImportEntry:
    """One object to import: its kind, the logical name it gets, its import id and what the document carries over.

    ``inputs`` are values the plugin's read cannot return (a connection's credential values), taken instead of the
    read's missing ones; ``outputs``, when set, are the object's full state, so the engine skips the read.
    """

    kind: str
    name: str
    id: str
    description: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)


def import_document(entries: Iterable[ImportEntry]) -> dict[str, Any]:
    """The JSON document ``pulumi import --file`` reads; names must already be unique (see :mod:`.names`)."""
    resources: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            raise ValueError(f"two objects would both be named {entry.name!r} in the import document")
        seen.add(entry.name)
        resource: dict[str, Any] = {"type": native_token(entry.kind), "name": entry.name, "id": entry.id}
        if entry.inputs:
            resource["inputs"] = dict(entry.inputs)
        if entry.outputs:
            resource["outputs"] = dict(entry.outputs)
        resources.append(resource)
    return {"nameTable": {}, "resources": resources}
