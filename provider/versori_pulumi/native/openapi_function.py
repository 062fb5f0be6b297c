"""``versori:index:readOpenapi``: an OpenAPI document mapped to a connector's fields and a version's contents.

The native face's form of :func:`versori_pulumi.openapi.read_openapi`, for programs that cannot import Python (a
YAML program reads the file with ``fn::readFile`` and passes its text). The same mapping as the platform's import
(:mod:`versori_pulumi.openapi_import`); the contents come back in the form ``ConnectorVersion`` takes and stores,
so a program passes them on as they are. A document that cannot be mapped fails the invoke, so the preview, with
each problem and its JSON Pointer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from versori_pulumi._program.wire import auth_scheme_configs_to_wire, contents_to_wire
from versori_pulumi.errors import VersoriError
from versori_pulumi.openapi import contents_of
from versori_pulumi.openapi_check import MAX_LISTED
from versori_pulumi.openapi_import import OpenAPIImportError, plan_import

__all__ = ["OpenapiContents", "read_openapi_document"]


@dataclass(frozen=True)
class OpenapiContents:
    """What a document declares: the connector's fields, the version's name and contents, and the messages."""

    name: str
    version: str
    base_url: str
    documentation_url: str | None
    auth_scheme_configs: list[Any]
    definitions: dict[str, Any]
    actions: dict[str, Any]
    triggers: dict[str, Any]
    messages: list[str] = field(default_factory=list)
    """What the mapping skipped, changed or found amiss, each as ``severity: text (pointers)``."""


def read_openapi_document(document: str, source: str | None = None, client: object = None) -> OpenapiContents:
    """Map an OpenAPI 3.0/3.1 document (its text, YAML or JSON) to a connector's fields and a version's contents.

    ``source`` names the document in messages; ``client`` is unused (the mapping needs no API call).
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
    return OpenapiContents(
        name=contents.name,
        version=contents.version,
        base_url=contents.base_url,
        documentation_url=contents.documentation_url,
        auth_scheme_configs=list(auth_scheme_configs_to_wire(contents.auth_scheme_configs) or []),
        definitions=dict(contents_to_wire("definitions", contents.definitions) or {}),
        actions=dict(contents_to_wire("actions", contents.actions) or {}),
        triggers=dict(contents_to_wire("triggers", contents.triggers) or {}),
        messages=[str(message) for message in contents.messages],
    )
