"""The lookups of :mod:`versori_pulumi.lookups` as the plugin's functions (``versori:index:getConnector`` ...).

Each invoke calls the lookup itself with a client built from the provider's configuration (the same keys and
environment variables as the dynamic face); a list result is returned under ``items``, a record as its fields.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from versori_pulumi.config import client_for, settings_from
from versori_pulumi.errors import VersoriError
from versori_pulumi.native import PACKAGE

__all__ = ["FUNCTIONS", "Function", "invoke"]


@dataclass(frozen=True)
class Function:
    """One invoke: its lookup, its arguments (snake_case name, schema type, required) and its result's shape."""

    name: str
    lookup: str
    """The function's name in :mod:`versori_pulumi.lookups`, or ``module:function`` elsewhere (loaded on the first
    invoke: the plugin starts without the models it needs)."""
    args: tuple[tuple[str, str, bool], ...]
    result: str
    """``ConnectorInfo``, ``ProtocolInfo``, ``AuthSchemeInfo`` or ``list[...]`` of one (or of ``str``)."""

    @property
    def token(self) -> str:
        return f"{PACKAGE}:index:{self.name}"

    @property
    def call(self) -> Callable[..., Any]:
        module, _, name = self.lookup.rpartition(":")
        found: Callable[..., Any] = getattr(importlib.import_module(module or "versori_pulumi.lookups"), name)
        return found


FUNCTIONS: tuple[Function, ...] = (
    Function("getConnector", "get_connector", (("name", "string", True),), "ConnectorInfo"),
    Function(
        "getLibraryConnector",
        "get_library_connector",
        (("name", "string", True), ("protocol", "string", False)),
        "ConnectorInfo",
    ),
    Function("getCategories", "get_categories", (), "list[str]"),
    Function("getProtocols", "get_protocols", (), "list[ProtocolInfo]"),
    Function("getProtocol", "get_protocol", (("slug", "string", True),), "ProtocolInfo"),
    Function("getAuthSchemes", "get_auth_schemes", (("protocol", "string", False),), "list[AuthSchemeInfo]"),
    Function(
        "getAuthScheme",
        "get_auth_scheme",
        (("protocol", "string", True), ("type", "string", True)),
        "AuthSchemeInfo",
    ),
    Function(
        "readOpenapi",
        "versori_pulumi.native.openapi_function:read_openapi_document",
        (("document", "string", True), ("source", "string", False)),
        "OpenapiContents",
    ),
)

_BY_TOKEN = {function.token: function for function in FUNCTIONS}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def invoke(token: str, args: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """Run the lookup a token names; its result as a flat record (``items`` for a list)."""
    function = _BY_TOKEN.get(token)
    if function is None:
        raise VersoriError(f"unknown function {token!r} (this plugin serves {', '.join(_BY_TOKEN)})")
    client = client_for(settings_from(config.get))
    kwargs = {("type_" if name == "type" else name): args[name] for name, _t, _r in function.args if name in args}
    result = _plain(function.call(**kwargs, client=client))
    return {"items": result} if isinstance(result, list) else dict(result)
