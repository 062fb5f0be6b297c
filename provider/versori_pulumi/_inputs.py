"""Declarative input schemas for the dynamic providers: one place for normalizing, checking and diffing inputs.

Each provider declares its inputs as :class:`InputField`s. ``check`` validates each field with a pydantic
``TypeAdapter`` and stores the canonical (JSON-mode) value, so the same normalization applies to new inputs and to
the previous outputs ``diff`` receives: an unchanged program always diffs as no change. Values still unknown at
preview (Pulumi's unknown sentinel, at any depth) are passed through unvalidated and count as changed in ``diff``.
Validation messages never echo the offending value, so a secret typed into the wrong field is not printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult
from pydantic import TypeAdapter, ValidationError

__all__ = ["UNKNOWN", "InputField", "InputSchema", "has_unknown", "format_loc"]

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The value Pulumi's RPC layer uses for a property that is not known yet (``pulumi.runtime.rpc.UNKNOWN``)."""

Validator = Callable[[Any, Mapping[str, Any]], Iterable[tuple[str, str]]]
"""Extra rule on a canonical value (with all canonical inputs): yields (sub-path, reason) pairs."""


def has_unknown(value: Any) -> bool:
    """Whether a value is, or contains at any depth, Pulumi's unknown sentinel."""
    if isinstance(value, str):
        return value == UNKNOWN
    if isinstance(value, Mapping):
        return any(has_unknown(k) or has_unknown(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_unknown(v) for v in value)
    return False


_UNION_TAGS = frozenset(
    {"none", "api-key", "basic-auth", "oauth2", "hmac", "certificate"}  # AuthSchemeConfig.schemeType
    | {"authorization_code", "client_credentials", "password"}  # OAuth2 grant.grantType
    | {"http", "bigquery"}  # Connector.protocol
)


def format_loc(loc: Iterable[int | str]) -> str:
    """Render a pydantic error location as ``a.b[0].c``, without the union tags pydantic inserts."""
    parts = list(loc)
    text = ""
    for index, part in enumerate(parts):
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in part or part.startswith("function-") or (part in _UNION_TAGS and index + 1 < len(parts)):
            continue
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class InputField:
    """One resource input: how to validate it, its default, and whether changing it forces a replacement."""

    adapter: TypeAdapter[Any]
    default: Callable[[], Any] | None = None
    required: bool = False
    replace: bool = False
    diffed: bool = True
    rules: tuple[Validator, ...] = field(default_factory=tuple)

    def canonical(self, value: Any) -> Any:
        return self.adapter.dump_python(
            self.adapter.validate_python(value), mode="json", by_alias=True, exclude_none=True
        )


class InputSchema:
    """The inputs of one resource type."""

    def __init__(self, fields: Mapping[str, InputField]) -> None:
        self.fields = dict(fields)

    def check(self, news: Mapping[str, Any]) -> CheckResult:
        """Normalize inputs (defaults, coercion, canonical form) and report one failure per bad property."""
        inputs: dict[str, Any] = {k: v for k, v in news.items() if k.startswith("__")}
        failures: list[CheckFailure] = []
        for name, spec in self.fields.items():
            value = news.get(name)
            if value is None:
                if spec.required:
                    failures.append(CheckFailure(name, f"{name} is required"))
                elif spec.default is not None:
                    inputs[name] = spec.default()
                continue
            if has_unknown(value):
                inputs[name] = value
                continue
            try:
                inputs[name] = spec.canonical(value)
            except ValidationError as exc:
                for err in exc.errors(include_input=False, include_url=False):
                    path = format_loc((name, *err["loc"]))
                    failures.append(CheckFailure(path, f"{path}: {err['msg']}"))
        for name, spec in self.fields.items():
            value = inputs.get(name)
            if value is None or has_unknown(value):
                continue
            for rule in spec.rules:
                for sub, reason in rule(value, inputs):
                    path = f"{name}{sub}"
                    failures.append(CheckFailure(path, f"{path}: {reason}"))
        unknown_keys = sorted(k for k in news if k not in self.fields and not k.startswith("__"))
        for key in unknown_keys:
            failures.append(CheckFailure(key, f"{key}: unknown property (expected one of {', '.join(self.fields)})"))
        return CheckResult(inputs, failures)

    def canonical_or_raw(self, name: str, value: Any) -> Any:
        """The canonical form of a value for comparison; the raw value when it does not validate (or is unknown)."""
        spec = self.fields[name]
        if value is None:
            return spec.default() if spec.default is not None else None
        if has_unknown(value):
            return value
        try:
            return spec.canonical(value)
        except ValidationError:
            return value

    def changed_fields(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """Managed inputs whose canonical values differ (unknown new values always differ)."""
        changed = []
        for name, spec in self.fields.items():
            if not spec.diffed:
                continue
            new = news.get(name)
            if has_unknown(new):
                changed.append(name)
            elif self.canonical_or_raw(name, olds.get(name)) != self.canonical_or_raw(name, new):
                changed.append(name)
        return changed

    def diff(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], *, delete_before_replace: bool = False
    ) -> DiffResult:
        """Compare only the managed inputs; ``replaces`` lists the changed fields the API cannot update in place."""
        changed = self.changed_fields(olds, news)
        replaces = [name for name in changed if self.fields[name].replace]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            stables=[name for name in self.fields if name not in changed],
            delete_before_replace=bool(replaces) and delete_before_replace,
        )

    def inputs_of(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The managed inputs found in a property bag (e.g. previous outputs), in canonical form."""
        return {
            name: self.canonical_or_raw(name, props.get(name)) for name in self.fields if props.get(name) is not None
        }
