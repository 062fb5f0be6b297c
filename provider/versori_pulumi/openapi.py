"""Build a connector and its version from an OpenAPI document kept in the repository, in the program.

The document is read and mapped where the program runs (``versori_pulumi.openapi_import``, the same mapping the
platform's ImportHTTPConnector applies, as the emulator does), so its actions, definitions and triggers are plain
inputs of the ``ConnectorVersion``: the preview names each one that changes, and ``up`` writes exactly what the
preview showed. A document that is not valid OpenAPI 3.0/3.1 stops the program (so the preview) with the file and
JSON Pointers to what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from versori_pulumi._wire import to_snake
from versori_pulumi.inputs import (
    ActionArgs,
    AuthSchemeConfigOutputDict,
    DefinitionArgs,
    ParameterArgs,
    RequestBodyArgs,
    ResponseArgs,
    TriggerArgs,
)
from versori_pulumi.models_contents import ActionHTTPCreate, ActionHTTPResponseCreate, TriggerHTTPCreate
from versori_pulumi.openapi_import import ImportPlan, OpenAPIImportError, plan_import

__all__ = ["OpenAPIContents", "OpenAPIDocumentError", "read_openapi"]


class OpenAPIDocumentError(ValueError):
    """An OpenAPI document that cannot be used: its path, and each problem with a JSON Pointer into it."""


@dataclass(frozen=True)
class OpenAPIContents:
    """What a document declares: the connector's fields, the version's name, and its contents by name."""

    name: str
    """``info.title``: the connector's name."""
    version: str
    """``info.version``: the version's name."""
    base_url: str
    documentation_url: str | None
    auth_scheme_configs: list[AuthSchemeConfigOutputDict]
    definitions: dict[str, DefinitionArgs]
    actions: dict[str, ActionArgs]
    triggers: dict[str, TriggerArgs]
    messages: list[str] = field(default_factory=list)
    """What the mapping skipped or changed, each with a JSON Pointer into the document."""


def _responses(responses: list[ActionHTTPResponseCreate]) -> list[ResponseArgs]:
    return [
        ResponseArgs(status=r.status, definitions=[str(d.definition.name) for d in r.definitions]) for r in responses
    ]


def _child_fields(child: ActionHTTPCreate | TriggerHTTPCreate) -> dict[str, object]:
    body = child.request_body
    return {
        "summary": child.summary,
        "description": child.description,
        "parameters": [
            ParameterArgs(name=p.name, in_=p.in_, required=p.required or None, type=p.type, default=p.default)
            for p in child.parameters
        ],
        "request_body": None
        if body is None
        else RequestBodyArgs(
            definitions=[str(d.definition.name) for d in body.definitions], required=body.required or None
        ),
        "responses": _responses(child.responses),
    }


def contents_of(plan: ImportPlan) -> OpenAPIContents:
    """The inputs an import plan amounts to."""
    configs = [config.model_dump(mode="json", by_alias=True, exclude_none=True) for config in plan.auth_scheme_configs]
    return OpenAPIContents(
        name=plan.title,
        version=plan.version,
        base_url=plan.base_url,
        documentation_url=plan.documentation_url,
        auth_scheme_configs=[to_snake(config) for config in configs],
        definitions={
            d.name: DefinitionArgs(
                schema=json.loads(d.schema_.content), accept=list(d.accept) or None, description=d.description
            )
            for d in plan.definitions
        },
        actions={
            a.name: ActionArgs(method=a.method, path=a.path, **_child_fields(a))  # type: ignore[arg-type]
            for a in plan.actions
        },
        triggers={t.name: TriggerArgs(method=t.method, **_child_fields(t)) for t in plan.triggers},  # type: ignore[arg-type]
        messages=[f"{m.severity.value}: {m.text}" for m in plan.messages],
    )


def read_openapi(path: str | Path) -> OpenAPIContents:
    """Read and map an OpenAPI 3.0/3.1 document (YAML or JSON) relative to the program's working directory."""
    source = Path(path)
    try:
        plan = plan_import(source.read_bytes(), source_url=None)
    except OpenAPIImportError as exc:
        raise OpenAPIDocumentError(f"{source}: {exc}") from exc
    except OSError as exc:
        raise OpenAPIDocumentError(f"{source}: cannot be read ({exc.strerror})") from exc
    return contents_of(plan)
