"""The union tags check errors are rendered without: derived from the models, so none can be missing."""

from __future__ import annotations

import typing
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from versori_pulumi import models
from versori_pulumi._core.input_schema import format_loc, union_tags


def _tagged_union_choices(schema: Any) -> set[str]:
    """Every tag of every tagged union in a pydantic core schema, found by walking it (pydantic's own view)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        if schema.get("type") == "tagged-union":
            found.update(str(tag) for tag in schema["choices"])
        for value in schema.values():
            found |= _tagged_union_choices(value)
    elif isinstance(schema, list | tuple):
        for value in schema:
            found |= _tagged_union_choices(value)
    return found


def _schema_of(value: Any) -> Any:
    if isinstance(value, type) and issubclass(value, BaseModel):
        return value.__pydantic_core_schema__
    if typing.get_origin(value) is Annotated:
        return TypeAdapter(value).core_schema
    return None


def test_every_tag_pydantic_inserts_is_known() -> None:
    tags: set[str] = set()
    for name in models.__all__:
        tags |= _tagged_union_choices(_schema_of(getattr(models, name)))
    assert tags, "the models have tagged unions"
    assert tags - union_tags() == set(), "a discriminator value is missing from union_tags()"
    assert union_tags() == tags


def test_the_derivation_picks_up_a_new_member() -> None:
    class Old(BaseModel):
        kind: Literal["old"] = "old"

    class New(BaseModel):
        kind: Literal["new", "newer"] = "new"

    union = Annotated[Old | New, Field(discriminator="kind")]
    assert models.discriminator_tags(union) == {"old", "new", "newer"}
    assert models.discriminator_tags(Old | New) == frozenset()
    assert models.discriminator_tags(Old) == frozenset()


@pytest.mark.parametrize("scheme", sorted(models.discriminator_tags(models.AuthSchemeConfig)))
def test_an_error_inside_any_scheme_is_located_without_its_tag(scheme: str) -> None:
    config = {"schemeType": scheme, "id": "c1", "description": 7}
    with pytest.raises(ValidationError) as info:
        TypeAdapter(models.AuthSchemeConfig).validate_python(config)
    locs = {format_loc(err["loc"]) for err in info.value.errors()}
    assert "description" in locs
    assert all(not loc.startswith(scheme) for loc in locs)
