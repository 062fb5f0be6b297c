"""Property values between the engine's form (:class:`PropertyValue`, camelCase keys) and the core's (plain Python,
the Args' snake_case keys, unknowns as the RPC sentinel the dynamic providers already understand).

Only the top-level keys are renamed: nested values pass as the program wrote them, which the core accepts in both
the program's and the API's names (as on the dynamic face). Secrets are unwrapped for the core and marked again on
what the plugin answers (:func:`to_properties`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from versori_pulumi._core.input_schema import UNKNOWN

__all__ = ["camel", "contains_secret", "plain", "snake", "to_inputs", "to_properties"]


def camel(name: str) -> str:
    """``auth_scheme_configs`` -> ``authSchemeConfigs`` (the schema's property names)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``authSchemeConfigs`` -> ``auth_scheme_configs`` (the Args' field names)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def plain(value: PropertyValue) -> Any:
    """A property value as the core takes it: secrets unwrapped, unknowns as the RPC sentinel, numbers as int
    when whole (the engine carries every number as a float)."""
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {key: plain(item) for key, item in inner.items()}
    if isinstance(inner, tuple | list):
        return [plain(item) for item in inner]
    if isinstance(inner, float) and inner.is_integer():
        return int(inner)
    return inner


def contains_secret(value: PropertyValue) -> bool:
    """Whether the value or anything inside it is secret."""
    return value.contains_secret()


def to_inputs(properties: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """An engine property map as a core property bag (top-level keys in snake_case)."""
    return {snake(key): plain(value) for key, value in properties.items()}


def _value(value: Any) -> PropertyValue:
    if isinstance(value, str) and value == UNKNOWN:
        return PropertyValue(UNKNOWN)  # the wire's unknown (the SDK's marshal has no form for Computed)
    if isinstance(value, Mapping):
        return PropertyValue({str(key): _value(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return PropertyValue([_value(item) for item in value])
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value)
    if isinstance(value, int | float):
        return PropertyValue(float(value))
    return PropertyValue(str(value))


def to_properties(bag: Mapping[str, Any], secret: Collection[str] = ()) -> dict[str, PropertyValue]:
    """A core property bag as an engine property map; the keys in ``secret`` (snake_case) are marked secret."""
    out: dict[str, PropertyValue] = {}
    for key, item in bag.items():
        if key.startswith("__"):
            continue
        value = _value(item)
        if key in secret:
            value = value.with_secret(True)
        out[camel(key)] = value
    return out
