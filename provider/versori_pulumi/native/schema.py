"""The plugin's Pulumi package schema, derived from the providers' specs and the reference pages.

The resources' properties are their specs' program inputs and exposed outputs (camelCase of the Args' snake_case
names); each property's type and description come from its row in ``docs/resources/<kind>.md`` (the Inputs and
Outputs tables), so the schema says what the reference says. ``scripts/native_schema.py`` writes the result to
``schema.json`` beside this module; a test fails when the committed file is stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from versori_pulumi.native import PACKAGE
from versori_pulumi.native.invokes import FUNCTIONS
from versori_pulumi.native.kinds import KINDS, Kind
from versori_pulumi.native.openapi_function import RESULT_FIELDS
from versori_pulumi.native.values import camel

__all__ = ["derive", "page_rows"]

_ANY = {"$ref": "pulumi.json#/Any"}
_STRING = {"type": "string"}
_PAGE = {
    "Connector": "connector",
    "ConnectorVersion": "connector_version",
    "Connection": "connection",
    "ConnectorDefaultVersion": "connector_default_version",
    "ImportedConnector": "imported_connector",
    "BigQueryConnector": "bigquery_connector",
}
_ROW = re.compile(r"^\| `(?P<name>[a-z_]+)` \| (?P<type>.*?) \| (?P<rest>.*) \|$")


def page_rows(text: str, section: str) -> dict[str, tuple[str, str]]:
    """A reference page's table rows under ``## <section>``: name -> (type, description)."""
    rows: dict[str, tuple[str, str]] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == section
            continue
        match = _ROW.match(line) if inside else None
        if match and match["name"] not in rows:
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", match["rest"])]
            rows[match["name"]] = (match["type"].replace("\\|", "|"), cells[-1].replace("\\|", "|"))
    return rows


def _type(written: str) -> dict[str, Any]:
    """A schema type for a type as the reference writes it (``str``, ``Output[list[str]]``, ...)."""
    text = written.strip("` ").split("`")[0]
    text = re.sub(r"^(Output|Input)\[(.*)\]$", r"\2", text)
    text = re.sub(r"\s*\|\s*None$", "", text)
    if text == "bool":
        return {"type": "boolean"}
    if text in ("str", "int") or text.startswith("Literal["):
        return {"type": "integer"} if text == "int" else dict(_STRING)
    if text in ("Sequence[str]", "list[str]"):
        return {"type": "array", "items": dict(_STRING)}
    if text in ("Mapping[str, Sequence[str]]", "dict[str, list[str]]"):
        return {"type": "object", "additionalProperties": {"type": "array", "items": dict(_STRING)}}
    if text.startswith(("Sequence[", "list[")):
        return {"type": "array", "items": dict(_ANY)}
    if text.startswith(("Mapping[", "dict[")):
        return {"type": "object", "additionalProperties": dict(_ANY)}
    return dict(_ANY)


def _property(written: str, description: str, *, secret: bool = False) -> dict[str, Any]:
    spec = {**_type(written), "description": description}
    if secret:
        spec["secret"] = True
    return spec


_SECRET_DOC = "The secret values of the resource held apart (a JSON path to its value); only they are secret."


def _resource(kind: Kind, docs: Path) -> dict[str, Any]:
    text = (docs / f"{_PAGE[kind.name]}.md").read_text(encoding="utf-8")
    inputs_doc, outputs_doc = page_rows(text, "Inputs"), page_rows(text, "Outputs")
    inputs: dict[str, Any] = {}
    required: list[str] = []
    for name, field in kind.spec.inputs.items():
        if not field.program:
            continue
        written, description = inputs_doc.get(name, ("", ""))
        inputs[camel(name)] = _property(written, description)
        if field.required:
            required.append(camel(name))
    outputs: dict[str, Any] = {}
    for name in sorted(kind.spec.exposed | {n for n, f in kind.spec.inputs.items() if f.program}):
        written, description = outputs_doc.get(name) or inputs_doc.get(name, ("", ""))
        outputs[camel(name)] = _property(written, description)
    if kind.secrets:
        inputs[camel(kind.secrets)] = _property("Mapping[str, object]", _SECRET_DOC, secret=True)
        outputs[camel(kind.secrets)] = _property("Mapping[str, object]", _SECRET_DOC, secret=True)
    summary = next((p for p in text.split("\n\n")[1:] if p and not p.startswith(("#", "-", "|"))), "")
    return {
        "description": " ".join(summary.split()) + f"\n\nImport id: `{kind.import_form}`.",
        "inputProperties": inputs,
        "requiredInputs": required,
        "properties": outputs,
        "required": sorted(camel(n) for n in kind.spec.state if not kind.spec.state[n].hidden),
    }


_INFO = {
    "ConnectorInfo": (
        "id organisationId name protocol public baseUrl datasetId documentationUrl imageUrl tags authSchemeConfigs "
        "versionNames defaultVersion"
    ),
    "ProtocolInfo": "id slug name description iconUrl",
    "AuthSchemeInfo": "id type name description protocol",
    "OpenapiContents": " ".join(camel(name) for name in RESULT_FIELDS),
}
_INFO_TYPES = {
    "public": {"type": "boolean"},
    "versionNames": {"type": "array", "items": dict(_STRING)},
    "messages": {"type": "array", "items": dict(_STRING)},
}
_ANY_FIELDS = ("tags", "authSchemeConfigs", "definitions", "actions", "triggers")


def _outputs_of(result: str) -> dict[str, Any]:
    if result.startswith("list["):
        inner = result[5:-1]
        items = dict(_STRING) if inner == "str" else {"$ref": f"#/types/{PACKAGE}:index:{inner}"}
        return {"properties": {"items": {"type": "array", "items": items}}, "required": ["items"]}
    # Inline, not a `$ref` to the type: Pulumi YAML (v1.25.0) panics typing `${call.field}` on a referenced result.
    return {"properties": _types()[f"{PACKAGE}:index:{result}"]["properties"]}


def _types() -> dict[str, Any]:
    types: dict[str, Any] = {}
    for name, fields in _INFO.items():
        props = {
            field: _INFO_TYPES.get(field) or ({**_ANY} if field in _ANY_FIELDS else dict(_STRING))
            for field in fields.split()
        }
        types[f"{PACKAGE}:index:{name}"] = {"type": "object", "properties": props}
    return types


def _functions() -> dict[str, Any]:
    functions: dict[str, Any] = {}
    for function in FUNCTIONS:
        doc = (function.call.__doc__ or "").strip().split("\n\n")[0]
        args: Iterable[tuple[str, str, bool]] = function.args
        functions[function.token] = {
            "description": " ".join(doc.split()),
            "inputs": {
                "properties": {name: {"type": kind} for name, kind, _r in args},
                "required": [name for name, _k, req in args if req],
            },
            "outputs": _outputs_of(function.result),
        }
    return functions


_CONFIG: Mapping[str, dict[str, Any]] = {
    "apiKey": {"type": "string", "secret": True, "description": "The API key (else VERSORI_API_KEY)."},
    "organisationId": {"type": "string", "description": "The organisation (else VERSORI_ORGANISATION_ID)."},
    "baseUrl": {"type": "string", "description": "The API's base URL (else VERSORI_BASE_URL)."},
    "concurrency": {"type": "integer", "description": "At most this many API requests at a time."},
    "adoptOwned": {"type": "boolean", "description": "The crash-safe large-stack mode (docs/large-stacks.md)."},
    "forceDeletePublished": {"type": "boolean", "description": "Let a delete remove a published version."},
}


def derive(docs: Path) -> dict[str, Any]:
    """The whole package schema (``docs`` is the repository's ``docs/resources``)."""
    return {
        "name": PACKAGE,
        "displayName": "Versori",
        "description": "Connectors, connector versions and connections of the Versori Connect API.",
        "version": "0.2.0",
        "config": {"variables": dict(_CONFIG)},
        "provider": {"inputProperties": dict(_CONFIG)},
        "resources": {kind.token: _resource(kind, docs) for kind in KINDS},
        "functions": _functions(),
        "types": _types(),
        "language": {"python": {"packageName": "pulumi_versori"}},
    }
