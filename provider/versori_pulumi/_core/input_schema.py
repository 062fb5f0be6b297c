"""Declarative input schemas for the resource providers: one place for normalizing, checking and diffing inputs.

Each provider declares its inputs as :class:`InputField`s. ``check`` validates each field with a pydantic
``TypeAdapter`` and stores the canonical (JSON-mode) value, so the same normalization applies to new inputs and to
the previous outputs ``diff`` receives: an unchanged program always diffs as no change. Values still unknown at
preview (Pulumi's unknown sentinel, at any depth) are passed through unvalidated and count as changed in ``diff``.
Validation messages never echo the offending value, so a secret typed into the wrong field is not printed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pulumi.output import Unknown

from versori_pulumi._core.lazy_types import LazyAdapter, TypeSource, pydantic_validation_errors
from versori_pulumi._core.names import program_name, program_path
from versori_pulumi._core.results import CheckFailure, CheckResult, DiffResult

__all__ = ["UNKNOWN", "InputField", "InputSchema", "format_loc", "has_unknown", "identical", "union_tags"]

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The value Pulumi's RPC layer uses for a property that is not known yet (``pulumi.runtime.rpc.UNKNOWN``)."""

Validator = Callable[[Any, Mapping[str, Any]], Iterable[tuple[str, str]]]
"""Extra rule on a canonical value (with all canonical inputs): yields (sub-path, reason) pairs."""


def has_unknown(value: Any) -> bool:
    """Whether a value is, or contains at any depth, an unknown: the RPC sentinel string or the SDK's ``Unknown``."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return value == UNKNOWN
    if isinstance(value, Mapping):
        return any(has_unknown(k) or has_unknown(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_unknown(v) for v in value)
    return False


def identical(left: Any, right: Any) -> bool:
    """Equal and of the same JSON types at every depth (``True`` is not ``1``, ``1`` is not ``1.0``): what lets an
    unchanged value skip validation, where Python's ``==`` would let a number stand for a bool."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(identical(left[key], right[key]) for key in left)
    if isinstance(left, list | tuple):
        return len(left) == len(right) and all(identical(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


@cache
def union_tags() -> frozenset[str]:
    """The tags of every tagged union of the API models (``schemeType``, an OAuth2 grant's ``grantType``, a
    connector's ``protocol``): the steps pydantic inserts into an error's location. Derived, so a new union member
    counts; computed when an error is first rendered (it imports every model)."""
    from versori_pulumi import models

    return frozenset().union(*(models.discriminator_tags(getattr(models, n)) for n in models.__all__))


_PLAIN_KEY = re.compile(r"[^.\[\]\"\\\s]+")
_NO_VALUE: Any = object()


def _key_step(key: str, first: bool) -> str:
    """One mapping key as a path step: ``.key``, or ``["key"]`` when it is empty or holds path punctuation."""
    if _PLAIN_KEY.fullmatch(key):
        return key if first else f".{key}"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def _internal(part: str, last: bool) -> bool:
    """A loc part pydantic adds for itself (a union member, a validator), by its look alone."""
    return "[" in part or part.startswith("function-") or (part in union_tags() and not last)


def format_loc(loc: Iterable[int | str], root: Any = _NO_VALUE) -> str:
    """Render a pydantic error location as ``a.b[0].c`` in the program's names (``in_``, not the wire's ``in``),
    without the union tags pydantic inserts.

    Given ``root``, the mapping the location starts in, the location is walked through the input, so a part is kept
    exactly when it is a key there (a dict key that looks like a union tag stays, a union tag that is no key goes),
    or when it is the last part and names a missing or extra field. Keys that are empty or hold ``.``, ``[``,
    ``]``, quotes or spaces are quoted (``tags["a.b"]``), as Pulumi writes property paths.
    """
    parts = list(loc)
    text = ""
    current = root
    for index, part in enumerate(parts):
        last = index + 1 == len(parts)
        if isinstance(part, int):
            text += f"[{part}]"
            in_range = isinstance(current, list | tuple) and -len(current) <= part < len(current)
            current = current[part] if in_range else _NO_VALUE
            continue
        named = program_name(part) if index else part  # the field as the program names it (not the root's input)
        if current is _NO_VALUE:
            if _internal(part, last):
                continue  # no input to walk: judge by the part's look
        elif isinstance(current, Mapping) and (part in current or named in current):
            current = current[part if part in current else named]
        elif not (last and isinstance(current, Mapping) and not _internal(part, False)):
            continue  # pydantic's own step (a union member, a validator), not the input's
        else:
            current = _NO_VALUE  # a missing or extra field
        text += _key_step(named, not text)
    return text


def _message(err: Mapping[str, Any]) -> str:
    """A pydantic error message that never repeats the input: a secret in the wrong field must not be printed."""
    if err["type"] == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        return f"Input tag does not match any of the expected tags: {ctx.get('expected_tags', '')}"
    message = str(err["msg"])
    given = err.get("input")
    if isinstance(given, str) and len(given) >= 4 and given in message:
        message = message.replace(given, "<redacted>")
    return message


def _to_camel(key: str) -> str:
    from pydantic.alias_generators import to_camel

    return to_camel(key)


def _unknown_keys(raw: Any, canonical: Any, path: str) -> Iterable[str]:
    """Paths of the keys of a nested input that its canonical form dropped: fields no model knows (a typo).

    The API's read models ignore unknown fields, as the platform does; an input must not, or a misspelt key
    would vanish silently instead of failing at preview.
    """
    if isinstance(raw, Mapping) and isinstance(canonical, Mapping):
        for key, value in raw.items():
            if value is None or not isinstance(key, str):
                continue
            known = next((k for k in (key, _to_camel(key), program_name(key)) if k in canonical), None)
            step = f"{path}{_key_step(key, False)}"
            if known is None:
                yield step
            else:
                yield from _unknown_keys(value, canonical[known], step)
    elif isinstance(raw, list | tuple) and isinstance(canonical, list) and len(raw) == len(canonical):
        for index, (item, canon) in enumerate(zip(raw, canonical, strict=True)):
            yield from _unknown_keys(item, canon, f"{path}[{index}]")


def _same_provider(accepted: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether ``accepted`` was stored by the provider ``news`` are for (the pickled ``__provider`` both carry)."""
    provider = accepted.get("__provider")
    return isinstance(provider, str) and provider == news.get("__provider")


def _validated(name: str, spec: InputField, value: Any, failures: list[CheckFailure]) -> Any:
    """A value's canonical form, or ``_NO_VALUE`` with its failures added (messages never echo the value)."""
    from pydantic import ValidationError

    try:
        canonical = spec.canonical(value)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            path = format_loc((name, *err["loc"]), {name: value})
            failures.append(CheckFailure(path, f"{path}: {_message(err)}"))
        return _NO_VALUE
    for path in _unknown_keys(value, canonical, name):
        failures.append(CheckFailure(path, f"{path}: unknown field (misspelt? it would be dropped)"))
    return canonical


@dataclass(frozen=True)
class InputField:
    """One resource input: how to validate it, its default, whether changing it forces a replacement, and where it
    goes (the resource's spec, :mod:`versori_pulumi._core.spec`, derives the field lists from these flags)."""

    adapter: LazyAdapter | TypeSource
    """The value's type by name (``"list[ConnectionVariable]"``, :mod:`versori_pulumi._core.lazy_types`), built into a
    pydantic adapter the first time a value must be validated."""
    default: Callable[[], Any] | None = None
    required: bool = False
    replace: bool = False
    diffed: bool = True
    rules: tuple[Validator, ...] = field(default_factory=tuple)
    program: bool = True
    """A field of the resource's ``XArgs`` dataclass; False: set by the resource class or by ``check``."""
    output: bool = False
    """Also a typed output of the resource class (an annotation or a property)."""
    put: bool = False
    """Carried by the API's update (full replace) body: a change to it sends that body."""
    mirror: bool = False
    """The same-named attribute of the API's read model and of its update body (read on refresh, sent by the PUT);
    implies ``put``."""
    in_create: bool = False
    """The same-named field of the API's create body too (else a create sends it through the update body)."""

    def __post_init__(self) -> None:
        if not isinstance(self.adapter, LazyAdapter):
            object.__setattr__(self, "adapter", LazyAdapter(self.adapter))

    program_form: bool = False
    """The canonical form (what ``check`` stores, the state holds and previews show) names nested fields as the
    program writes them (``scheme_type``, ``in_``, ``auth_scheme_config``); the API's camelCase is only the wire
    form (:meth:`wire`). Both forms validate, so a state written in either reads alike."""

    def canonical(self, value: Any) -> Any:
        return self._dump(value, wire=not self.program_form)

    def wire(self, value: Any) -> Any:
        """The value as the API names its fields (camelCase)."""
        return self._dump(value, wire=True)

    program_names: Callable[[Any], Any] | None = None
    """Applied to the program form: names the models spell otherwise (a definition's ``schema_`` is ``schema``)."""

    def _dump(self, value: Any, *, wire: bool) -> Any:
        adapter = self.adapter
        assert isinstance(adapter, LazyAdapter)
        dumped = adapter.dump_python(adapter.validate_python(value), mode="json", by_alias=wire, exclude_none=True)
        return dumped if wire or self.program_names is None else self.program_names(dumped)


class InputSchema:
    """The inputs of one resource type."""

    def __init__(self, fields: Mapping[str, InputField]) -> None:
        self.fields = dict(fields)

    def check(self, news: Mapping[str, Any], accepted: Mapping[str, Any] | None = None) -> CheckResult:
        """Normalize inputs (coercion, canonical form) and report one failure per bad property.

        An input the program leaves out is not filled in with its default: absent means the default everywhere
        (``changed_fields``, the providers' calls, the resource classes' outputs), and every stored key costs the
        engine on each later preview (``bench/RESULTS.md``). A state that holds the default (an earlier release wrote
        it) keeps it, so its inputs stay as they were and the engine's own input diff finds nothing new.

        ``accepted`` are the inputs an earlier ``check`` returned (the engine's ``olds``): a value identical to its
        accepted one is already canonical (the canonical form is a fixed point) and is kept without validating it
        again, so a no-change preview builds no adapter. The rules, which see all the inputs, run unless every
        input is as accepted (they passed on exactly those). Only inputs this provider stored are trusted so (the
        same ``__provider``); should a rule trip over a kept value all the same (a state edited by hand), every
        value is validated.
        """
        previous = accepted or {}
        if accepted and _same_provider(accepted, news):
            try:
                return self._check(news, accepted, previous)
            except (AttributeError, KeyError, TypeError, ValueError):
                pass  # a kept value is not of the shape this check gives: validate it after all
        return self._check(news, {}, previous)

    def _check(self, news: Mapping[str, Any], accepted: Mapping[str, Any], previous: Mapping[str, Any]) -> CheckResult:
        inputs: dict[str, Any] = {k: v for k, v in news.items() if k.startswith("__")}
        failures: list[CheckFailure] = []
        for name, spec in self.fields.items():
            value = news.get(name)
            if value is None:
                if spec.required:
                    failures.append(CheckFailure(name, f"{name} is required"))
                elif spec.default is not None and name in previous:
                    inputs[name] = spec.default()  # a state written with defaults keeps its form (no diff reason)
                continue
            if identical(value, accepted.get(name)) or has_unknown(value):  # as accepted first: no walk for unknowns
                inputs[name] = value
                continue
            canonical = _validated(name, spec, value, failures)
            if canonical is not _NO_VALUE:
                inputs[name] = canonical
        unchanged = bool(accepted) and all(identical(inputs.get(n), accepted.get(n)) for n in self.fields)
        for name, spec in self.fields.items():
            value = inputs.get(name)
            if unchanged or value is None or has_unknown(value):
                continue  # all inputs as accepted: the rules passed on them then
            for rule in spec.rules:
                for sub, reason in rule(value, inputs):
                    path = f"{name}{program_path(sub)}"
                    failures.append(CheckFailure(path, f"{path}: {reason}"))
        unknown_keys = sorted(k for k in news if k not in self.fields and not k.startswith("__"))
        for key in unknown_keys:
            path = _key_step(key, True)
            failures.append(CheckFailure(path, f"{path}: unknown property (expected one of {', '.join(self.fields)})"))
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
        except pydantic_validation_errors():
            return value

    def wire_or_raw(self, name: str, value: Any) -> Any:
        """The value in the API's names (camelCase), for the providers' calls; the raw value when it does not
        validate (or is unknown)."""
        if value is None or has_unknown(value):
            return value
        try:
            return self.fields[name].wire(value)
        except pydantic_validation_errors():
            return value

    def in_wire_form(self, name: str, value: Any) -> bool:
        """Whether a stored value is in the API's names while this field's canonical form is the program's: a state
        an earlier release wrote, which a refresh keeps in its form (so it reads as no change)."""
        if not self.fields[name].program_form or value is None or has_unknown(value):
            return False
        try:
            return bool(identical(value, self.fields[name].wire(value))) and not identical(
                value, self.fields[name].canonical(value)
            )
        except pydantic_validation_errors():
            return False

    def changed_fields(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """Managed inputs whose canonical values differ (unknown new values always differ)."""
        changed = []
        for name, spec in self.fields.items():
            if not spec.diffed:
                continue
            new, old = news.get(name), olds.get(name)
            if identical(new, old):
                continue  # equal to the stored value, which is never unknown: no walk, nothing to validate
            if has_unknown(new):
                changed.append(name)
            elif self.canonical_or_raw(name, olds.get(name)) != self.canonical_or_raw(name, new):
                changed.append(name)
        return changed

    def diff(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], *, delete_before_replace: bool = False
    ) -> DiffResult:
        """Compare only the managed inputs; ``replaces`` lists the changed fields the API cannot update in place.

        A change is answered as *unknown* (``changes=None``), never as a plain "yes": the engine then diffs the old
        and new inputs itself and reports the changed names (``diffReasons`` in ``preview --json``, the per-property
        lines of ``preview --diff``), which the dynamic provider protocol cannot carry. That input diff always
        sees what this one sees, because the state's inputs are ``check``'s canonical form and the outputs repeat
        them (``tests/framework/test_diff_reasons.py``); ``replaces`` still decides update versus replace.
        """
        changed = self.changed_fields(olds, news)
        replaces = [name for name in changed if self.fields[name].replace]
        return DiffResult(
            changes=None if changed else False,
            replaces=replaces,
            stables=[name for name in self.fields if name not in changed],
            delete_before_replace=bool(replaces) and delete_before_replace,
        )

    def inputs_of(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The managed inputs found in a property bag (e.g. previous outputs), in canonical form."""
        return {
            name: self.canonical_or_raw(name, props.get(name)) for name in self.fields if props.get(name) is not None
        }
