"""``versori:index:readOpenapi``: an OpenAPI document mapped to a connector's fields and a version's contents.

The native face's form of :func:`versori_pulumi.openapi.read_openapi`, for programs that cannot import Python (a
YAML program reads the file with ``fn::readFile`` and passes its text). The same mapping as the platform's import
(:mod:`versori_pulumi.openapi_import`); the contents come back in the form ``ConnectorVersion`` takes and stores,
so a program passes them on as they are. A document that cannot be mapped fails the invoke, so the preview, with
each problem and its JSON Pointer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from versori_pulumi._program.wire import auth_scheme_configs_to_wire, contents_to_wire
from versori_pulumi.errors import VersoriError
from versori_pulumi.openapi import OpenAPIContents, contents_of
from versori_pulumi.openapi_check import MAX_LISTED
from versori_pulumi.openapi_import import OpenAPIImportError, plan_import

__all__ = ["RESULT_FIELDS", "read_openapi_document"]

RESULT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(OpenAPIContents))
"""The invoke's result fields: :class:`~versori_pulumi.openapi.OpenAPIContents`' own, so the two cannot drift (the
plugin's schema lists them from here)."""

_ON_THE_WIRE: dict[str, Callable[[Any], Any]] = {
    "auth_scheme_configs": lambda configs: list(auth_scheme_configs_to_wire(configs) or []),
    "definitions": lambda values: dict(contents_to_wire("definitions", values) or {}),
    "actions": lambda values: dict(contents_to_wire("actions", values) or {}),
    "triggers": lambda values: dict(contents_to_wire("triggers", values) or {}),
    "messages": lambda messages: [str(message) for message in messages],
}
"""The fields the wire carries in another form: the contents as ``ConnectorVersion`` takes them, and each message
as ``severity: text (pointers)``; the rest go as they are."""


def read_openapi_document(document: str, source: str | None = None, client: object = None) -> dict[str, Any]:
    """Map an OpenAPI 3.0/3.1 document (its text, YAML or JSON) to a connector's fields and a version's contents.

    ``source`` names the document in messages; ``client`` is unused (the mapping needs no API call). The result is
    :func:`versori_pulumi.openapi.read_openapi`'s, field by field, in wire form.
    """
    del client
    where = source or "the OpenAPI document"
    try:
        plan = plan_import(document.encode(), source_url=None)
    except OpenAPIImportError as exc:
        places = [f"  - {pointer}: {m.text}" for m in exc.messages for pointer in (m.detail or ["#"])]
        more = [f"  and {len(places) - MAX_LISTED} more"] if len(places) > MAX_LISTED else []
        raise VersoriError("\n".join([f"{where}: {exc.reason}", *places[:MAX_LISTED], *more])) from None
    contents = contents_of(plan)
    return {name: _ON_THE_WIRE.get(name, _as_is)(getattr(contents, name)) for name in RESULT_FIELDS}


def _as_is(value: Any) -> Any:
    return value
