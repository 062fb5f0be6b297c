"""One declaration per resource of its inputs and its state, from which everything else is derived.

pulumi-go-provider's ``infer`` idea: a resource is an Args model (its inputs, each with its metadata) and a State
model (the outputs: the inputs echoed plus what the API computes). Each provider module declares one
:class:`ResourceSpec`; its check schema (``SCHEMA``), its outputs (``OUTPUTS``), the field lists its lifecycle
needs (what the update body carries, what is read back as a same-named attribute) and what ``resources.py`` seeds
and exposes all come from it. The typed ``XArgs`` dataclasses and the resource classes' annotations stay written
out in ``resources.py`` (``mypy --strict`` users need real classes); ``tests/framework/test_specs.py`` holds them
equal to their spec.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from versori_pulumi._core.input_schema import InputField, InputSchema

__all__ = ["Computed", "ResourceSpec"]


@dataclass(frozen=True)
class Computed:
    """One output of the state beyond the echoed inputs."""

    hidden: bool = False
    """Not seeded in the property bag (each key costs an Output): the resource class serves it by a property, from
    the bag when the class put it there, else as its default (``owned``: only the large-stack mode puts it)."""
    from_id: bool = False
    """The resource class serves it from the resource id (known at preview), not from the property bag."""
    read: Callable[[Any], Any] | None = None
    """How the provider reads it from the API's object after a create, read or update (None: the provider sets it
    otherwise, e.g. the large-stack marker's ``owned``)."""


@dataclass(frozen=True)
class ResourceSpec:
    """A resource's inputs (name to :class:`InputField`, in order) and its computed state (name to
    :class:`Computed`, in order; a name may repeat an input the provider fills in)."""

    inputs: Mapping[str, InputField]
    state: Mapping[str, Computed]
    schema: InputSchema = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "schema", InputSchema(self.inputs))

    @property
    def outputs(self) -> tuple[str, ...]:
        """The computed outputs, as the provider adds them to the echoed inputs."""
        return tuple(self.state)

    @property
    def from_id(self) -> str | None:
        """The output the resource class serves from the resource id, if any."""
        return next((name for name, out in self.state.items() if out.from_id), None)

    @property
    def program_inputs(self) -> tuple[str, ...]:
        """The fields of the resource's ``XArgs`` dataclass."""
        return tuple(name for name, spec in self.inputs.items() if spec.program)

    @property
    def put_fields(self) -> frozenset[str]:
        """The inputs the API's update body carries."""
        return frozenset(name for name, spec in self.inputs.items() if spec.put or spec.mirror)

    @property
    def mirrored(self) -> tuple[str, ...]:
        """The inputs that are same-named attributes of the API's read model and update body."""
        return tuple(name for name, spec in self.inputs.items() if spec.mirror)

    @property
    def after_create(self) -> tuple[str, ...]:
        """Mirrored inputs the create body lacks: given any, a create sends the update body right after it."""
        return tuple(name for name in self.mirrored if not self.inputs[name].in_create)

    @property
    def exposed(self) -> frozenset[str]:
        """The resource class's typed outputs (annotations and properties), the id-served one included."""
        echoed = {name for name, spec in self.inputs.items() if spec.output}
        return frozenset(echoed | set(self.state))

    def read_computed(self, remote: Any) -> dict[str, Any]:
        """The computed outputs as read from the API's object (``remote``), each by its ``read``."""
        return {name: out.read(remote) for name, out in self.state.items() if out.read is not None}

    def state_of(self, inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
        """A resource's state: its inputs as checked, then the computed outputs ``computed`` holds."""
        return {**self.schema.inputs_of(inputs), **{name: computed[name] for name in self.state if name in computed}}

    def sparse(self, inputs: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
        """Inputs read from the API as the state keeps them: one at its default is left out unless the previous
        state holds it, as ``check`` leaves out a default the program did not give (so a refresh of an unchanged
        object changes nothing, and drift away from a default still shows)."""
        return {
            name: value
            for name, value in inputs.items()
            if name in previous or name not in self.inputs or value != self.default(name)
        }

    def default(self, name: str) -> Any:
        """An input's default as ``check`` fills it in (None when it has none): what its output reads when the
        program leaves the input out."""
        factory = self.inputs[name].default
        return None if factory is None else factory()

    def value(self, name: str, inputs: Mapping[str, Any]) -> Any:
        """An input's value in a checked property bag, its default when absent."""
        value = inputs.get(name)
        default = self.inputs[name].default
        return default() if value is None and default is not None else value
