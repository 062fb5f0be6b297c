"""An input the resource class also exposes as an output, with the default its spec gives it.

An input the program leaves out is not in the property bag (each key costs the SDK an Output), so the output must
say what ``check`` filled in: the spec's default. Reading it from the spec, rather than writing it again in the
resource class, is what keeps the two from drifting (a class once answered ``{}`` for a default that ``check``
stored as ``{"action": [], "trigger": []}``). The class names its spec in ``_SPEC``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import pulumi

from versori_pulumi._program.wire import to_snake

if TYPE_CHECKING:
    from versori_pulumi._core.spec import ResourceSpec

__all__ = ["Echoed", "given_or_default", "spec_default"]

T = TypeVar("T")


def spec_default(resource: object, name: str) -> Any:
    """The default ``check`` gives the input ``name`` of ``resource``'s kind (its class's ``_SPEC``)."""
    spec: ResourceSpec = type(resource)._SPEC  # type: ignore[attr-defined]
    return spec.default(name)


def given_or_default(resource: object, name: str, *, snake: bool = False) -> pulumi.Output[Any]:
    """The input's Output when the program gave it (as the program names nested fields when ``snake``), else the
    spec's default."""
    given: pulumi.Output[Any] | None = vars(resource).get(name)  # the SDK sets one for every key of the bag
    if given is None:
        return pulumi.Output.from_input(spec_default(resource, name))
    return given.apply(to_snake) if snake else given


class Echoed(property, Generic[T]):
    """A typed output echoing the same-named input; ``snake``: the state keeps it in the API's camelCase and the
    program reads snake_case. A ``property``, so it reads, documents and lists like one."""

    def __init__(self, doc: str | None = None, *, snake: bool = False) -> None:
        super().__init__(doc=doc)
        self.snake = snake
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Echoed[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> pulumi.Output[T]: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return given_or_default(instance, self.name, snake=self.snake)
