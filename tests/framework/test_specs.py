"""Each resource's spec is the one source of truth: what resources.py writes out for mypy users agrees with it.

The ``XArgs`` dataclasses and the resource classes' typed outputs stay written out (``mypy --strict`` needs real
classes); these tests fail when one of them and its spec (``SPEC`` in the provider module) part ways.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import pytest
from pydantic import BaseModel

from versori_pulumi import resources
from versori_pulumi._core.kinds import KINDS, ResourceKind
from versori_pulumi._core.spec import ResourceSpec
from versori_pulumi.models import (
    BigQueryConnector,
    BigQueryConnectorCreate,
    BigQueryConnectorUpdate,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
)


def spec_of(kind: ResourceKind[Any]) -> ResourceSpec:
    spec: ResourceSpec = sys.modules[kind.provider_class().__module__].SPEC
    return spec


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_args_dataclass_has_the_spec_program_inputs(kind: ResourceKind[Any]) -> None:
    spec = spec_of(kind)
    args = dataclasses.fields(getattr(resources, f"{kind.name}Args"))
    assert {f.name for f in args} == set(spec.program_inputs)
    required = {f.name for f in args if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    assert required == {name for name in spec.program_inputs if spec.inputs[name].required}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_resource_class_exposes_the_spec_outputs(kind: ResourceKind[Any]) -> None:
    cls = getattr(resources, kind.name)
    ours = [owner for owner in cls.__mro__ if owner.__module__.startswith("versori_pulumi")]  # with shared bases
    annotated = {n for owner in ours for n in vars(owner).get("__annotations__", {}) if not n.startswith("_")}
    properties = {n for o in ours for n, v in vars(o).items() if isinstance(v, property) and not n.startswith("_")}
    assert annotated | properties == spec_of(kind).exposed
    assert not annotated & properties
    from_id = spec_of(kind).from_id
    assert from_id is None or from_id in properties  # served from the resource id, never from the property bag


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_provider_module_derives_schema_and_outputs(kind: ResourceKind[Any]) -> None:
    module = sys.modules[kind.provider_class().__module__]
    assert module.SCHEMA is module.SPEC.schema
    assert module.OUTPUTS == module.SPEC.outputs
    assert set(module.SPEC.schema.fields) == set(module.SPEC.inputs)


@pytest.mark.parametrize(
    ("kind_name", "read", "create", "update"),
    [
        ("Connector", HTTPConnector, HTTPConnectorCreate, HTTPConnectorUpdate),
        ("BigQueryConnector", BigQueryConnector, BigQueryConnectorCreate, BigQueryConnectorUpdate),
    ],
)
def test_mirrored_inputs_are_fields_of_the_api_models(
    kind_name: str, read: type[BaseModel], create: type[BaseModel], update: type[BaseModel]
) -> None:
    """A mirrored input is read back and sent under its own name: the models must have it (and the create body the
    ones marked ``in_create``)."""
    spec = spec_of(next(kind for kind in KINDS if kind.name == kind_name))
    assert spec.mirrored
    for name in spec.mirrored:
        assert name in read.model_fields and name in update.model_fields, name
        assert (name in create.model_fields) == spec.inputs[name].in_create, name
    assert spec.put_fields >= set(spec.mirrored)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_input_type_builds(kind: ResourceKind[Any]) -> None:
    """The types are written by name and built on first use (``_core.lazy_types``): a misspelt one fails here, not in a
    user's preview."""
    for name, field in spec_of(kind).inputs.items():
        assert field.adapter.core_schema, name  # builds the adapter (NameError on an unknown type name)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_default_is_already_canonical(kind: ResourceKind[Any]) -> None:
    """``check`` stores a default as it is, without validating it (a no-change preview builds no adapter), so each
    default must be its own canonical form, or check would not be a fixed point."""
    for name, field in spec_of(kind).inputs.items():
        if field.default is not None:
            assert field.canonical(field.default()) == field.default(), name


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_computed_output_says_how_it_is_read(kind: ResourceKind[Any]) -> None:
    """The providers build their state from the spec (``ResourceSpec.read_computed``): a computed output declared
    without its ``read`` would silently never be set."""
    spec = spec_of(kind)
    assert [name for name, out in spec.state.items() if out.read is None] == []
