"""Pydantic adapters built on first use, from a type written by name, so the provider host starts light.

The engine's first ``check`` of each kind makes the dynamic-provider host unpickle the provider, which imports its
module. Had that module built its adapters (and so imported pydantic and the API models, about 0.17 s of CPU), every
preview would pay that before its first answer, even one where nothing changed. A no-change preview now imports
neither: ``check`` keeps an unchanged value as previously accepted and ``diff`` compares equal values as equal
(:mod:`versori_pulumi._core.input_schema`), so an adapter is only built, and pydantic only imported, when a value
must be validated (``tests/framework/test_light_host.py``).

A type is written as an expression over the names of :mod:`versori_pulumi._core.input_types`,
:mod:`versori_pulumi.models` and ``list``/``dict``/``str``/``bool``/``int`` (``"list[ConnectionVariable]"``), or
given as a function returning the type, for one defined elsewhere. ``tests/framework/test_specs.py`` builds every
declared one, so a misspelt name fails there rather than in a user's preview.
"""

from __future__ import annotations

import builtins
import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = ["LazyAdapter", "TypeSource", "pydantic_validation_errors", "resolve_type"]

TypeSource = str | Callable[[], Any]
"""A type by name (an expression, see the module doc) or a function returning it (or its ready adapter)."""

_BUILTINS = ("list", "dict", "str", "bool", "int", "float")
_NAMESPACES = ("versori_pulumi._core.input_types", "versori_pulumi.models")


class _Names(dict[str, Any]):
    """The names a type expression may use, each looked up (and its module imported) when first used."""

    def __missing__(self, name: str) -> Any:
        if name in _BUILTINS:
            return getattr(builtins, name)
        for module_name in _NAMESPACES:
            module = importlib.import_module(module_name)
            if name in getattr(module, "__all__", ()):
                return getattr(module, name)
        raise NameError(f"{name!r} is not a type of versori_pulumi._core.input_types or versori_pulumi.models")


def resolve_type(source: TypeSource) -> Any:
    """The type a :data:`TypeSource` names."""
    if callable(source):
        return source()
    return eval(source, {"__builtins__": {}}, _Names())  # noqa: S307 - the package's own literal type names


class LazyAdapter:
    """A ``pydantic.TypeAdapter`` of a type named by a :data:`TypeSource`, built (once, thread-safe) on first use;
    every attribute is the adapter's."""

    __slots__ = ("_adapter", "_lock", "source")

    def __init__(self, source: TypeSource) -> None:
        self.source = source
        self._adapter: TypeAdapter[Any] | None = None
        self._lock = threading.Lock()

    @property
    def adapter(self) -> TypeAdapter[Any]:
        if self._adapter is None:
            with self._lock:
                if self._adapter is None:
                    from pydantic import TypeAdapter

                    built = resolve_type(self.source)
                    self._adapter = built if isinstance(built, TypeAdapter) else TypeAdapter(built)
        return self._adapter

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in self.__slots__:  # copy/pickle probing an unset slot: not the adapter's
            raise AttributeError(name)
        return getattr(self.adapter, name)

    def __repr__(self) -> str:
        return f"LazyAdapter({self.source!r})"


def pydantic_validation_errors() -> tuple[type[BaseException], ...]:
    """pydantic's ValidationError when pydantic is loaded, else nothing: none can have been raised before it is, so
    an ``except`` needs it only then (and catching it need not import pydantic)."""
    import sys

    core = sys.modules.get("pydantic_core")
    return (core.ValidationError,) if core is not None else ()
