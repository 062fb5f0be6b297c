"""Build a connector and its version from an OpenAPI document kept in the repository, in the program.

The document is read and mapped where the program runs (``versori_pulumi.openapi_import``, the same mapping the
platform's ImportHTTPConnector applies, as the emulator does), so its actions, definitions and triggers are plain
inputs of the ``ConnectorVersion``: the preview names each one that changes, and ``up`` writes exactly what the
preview showed. A document is imported whenever it can be mapped faithfully; what the mapping skipped, changed or
found amiss is in ``messages`` (typed, each with JSON Pointers into the document), which ``report()`` logs into
the preview. A document that cannot be mapped stops the program (so the preview) with a
:class:`OpenAPIDocumentError`: the file and each problem with its pointer, and no Python traceback (it is a
``pulumi.RunError``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pulumi

from versori_pulumi._program.wire import to_snake
from versori_pulumi.inputs import (
    ActionArgs,
    AuthSchemeConfigOutputDict,
    DefinitionArgs,
    ParameterArgs,
    RequestBodyArgs,
    ResponseArgs,
    TriggerArgs,
)
from versori_pulumi.models import Message
from versori_pulumi.models_contents import ActionHTTPCreate, ActionHTTPResponseCreate, TriggerHTTPCreate
from versori_pulumi.openapi_check import MAX_LISTED
from versori_pulumi.openapi_import import ImportPlan, OpenAPIImportError, plan_import

__all__ = ["ImportMessage", "OpenAPIContents", "OpenAPIDocumentError", "read_openapi"]

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class ImportMessage:
    """One thing the import has to say: its severity, its text, and the JSON Pointers of every place it is about
    (identical messages are one message with all their places)."""

    severity: Severity
    text: str
    pointers: tuple[str, ...] = ()

    @classmethod
    def of(cls, message: Message) -> ImportMessage:
        return cls(severity=message.severity.value, text=message.text, pointers=tuple(message.detail or ()))

    def __str__(self) -> str:
        return f"{self.severity}: {self.located()}"

    def located(self) -> str:
        """The text and its pointers, without the severity (a log line carries that itself)."""
        return f"{self.text} ({', '.join(self.pointers)})" if self.pointers else self.text


class OpenAPIDocumentError(pulumi.RunError, ValueError):
    """An OpenAPI document that cannot be used: its path, and each problem with a JSON Pointer into it (the first
    20, then how many more). A ``pulumi.RunError``: the program stops with this message alone, no traceback."""

    def __init__(self, path: Path, reason: str, problems: list[ImportMessage]) -> None:
        self.path = path
        self.reason = reason
        self.problems = problems
        lines = [f"{path}: {reason}"]
        places = [(p.text, where) for p in problems for where in (p.pointers or ("#",))]
        lines += [f"  - {where}: {text}" for text, where in places[:MAX_LISTED]]
        if len(places) > MAX_LISTED:
            lines.append(f"  and {len(places) - MAX_LISTED} more")
        super().__init__("\n".join(lines))


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
    messages: list[ImportMessage] = field(default_factory=list)
    """What the mapping skipped, changed or found amiss: the summary first, then warnings and notes, each with the
    JSON Pointers of the places it is about."""

    @property
    def warnings(self) -> list[ImportMessage]:
        return [m for m in self.messages if m.severity == "warning"]

    def report(self, source: str | None = None) -> None:
        """Log the messages into the preview and ``up`` (``pulumi.log``): warnings as warnings, the rest as info."""
        prefix = f"{source}: " if source else ""
        for message in self.messages:
            log = pulumi.log.warn if message.severity == "warning" else pulumi.log.info
            log(prefix + message.located())


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
        messages=[ImportMessage.of(m) for m in plan.messages],
    )


def read_openapi(path: str | Path) -> OpenAPIContents:
    """Read and map an OpenAPI 3.0/3.1 document (YAML or JSON) relative to the program's working directory."""
    source = Path(path)
    try:
        plan = plan_import(source.read_bytes(), source_url=None)
    except OpenAPIImportError as exc:
        raise OpenAPIDocumentError(source, exc.reason, [ImportMessage.of(m) for m in exc.messages]) from None
    except OSError as exc:
        raise OpenAPIDocumentError(source, f"cannot be read ({exc.strerror})", []) from None
    return contents_of(plan)
