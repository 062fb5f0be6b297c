"""The registry of resource kinds is complete: every resource class and every provider is in it, and agrees with it.

A kind missing from the registry would have its pending create silently cleared by recovery (and the next ``up``
would duplicate it), its lost POSTs unsettled, its adoption by natural key unknown.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pulumi
import pulumi.dynamic
import pytest

import versori_pulumi
from versori_pulumi import resources
from versori_pulumi._core import kinds
from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.kinds import KINDS, TYPE_PREFIX, kind_named

RESOURCE_CLASSES = sorted(
    (
        obj
        for name in versori_pulumi.__all__
        if inspect.isclass(obj := getattr(versori_pulumi, name, None)) and issubclass(obj, pulumi.dynamic.Resource)
    ),
    key=lambda cls: cls.__name__,
)


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


PROVIDER_CLASSES = sorted(
    {cls for cls in all_subclasses(VersoriProvider) if cls.__module__.startswith("versori_pulumi.")},
    key=lambda cls: cls.__name__,
)


def path_of(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_the_package_exports_every_kind_once() -> None:
    assert len(RESOURCE_CLASSES) >= 6
    assert sorted(kind.name for kind in KINDS) == sorted(cls.__name__ for cls in RESOURCE_CLASSES)
    assert len({kind.name for kind in KINDS}) == len(KINDS)


@pytest.mark.parametrize("cls", RESOURCE_CLASSES, ids=lambda cls: cls.__name__)
def test_every_resource_class_is_registered_with_its_token_and_provider(
    cls: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = kind_named(cls.__name__)
    assert kind is not None, f"{cls.__name__} is not in versori_pulumi._core.kinds.KINDS"
    assert kind.token == f"pulumi-python:{cls._resource_type_name}"
    assert kind.token.startswith(TYPE_PREFIX)
    assert callable(kind.find) and kind.natural_key
    # The provider the resource class hands the engine is the registered one.
    handed: list[Any] = []

    def record(self: Any, provider: Any, name: str, props: Any, opts: Any = None) -> None:
        handed.append(provider)

    monkeypatch.setattr(pulumi.dynamic.Resource, "__init__", record)
    monkeypatch.setattr(resources, "_put_owner", lambda props: props.update(owner="org/project/stack"))
    monkeypatch.setattr(resources, "_claim_default", lambda _name, connector_id: connector_id)
    args_cls = getattr(resources, f"{cls.__name__}Args")
    required = {
        f.name: "x"
        for f in dataclasses.fields(args_cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    cls("r", args_cls(**required))
    assert [path_of(type(p)) for p in handed] == [kind.provider_path]


@pytest.mark.parametrize("cls", PROVIDER_CLASSES, ids=lambda cls: cls.__name__)
def test_every_provider_is_registered_or_a_shared_base(cls: type[VersoriProvider]) -> None:
    registered = {kind.provider_path: kind for kind in KINDS}
    if path_of(cls) in registered:
        return
    bases = [kind.provider_class() for kind in KINDS]
    assert any(issubclass(base, cls) for base in bases), f"{path_of(cls)} is neither registered nor a shared base"
    assert not any(op in vars(cls) for op in ("create", "read", "update", "delete")), "a base with operations"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_provider_path_resolves_to_its_class(kind: kinds.ResourceKind[Any]) -> None:
    """The path dill records in every stack's state names the class where it is defined."""
    cls = kind.provider_class()
    assert issubclass(cls, VersoriProvider)
    assert path_of(cls) == kind.provider_path
    assert cls.__name__ == f"{kind.name}Provider"


def test_a_key_is_complete_or_none() -> None:
    kind = kinds.CONNECTION
    assert kind.key_of({"connector_id": "01JC", "name": "prod"}) == {"connector_id": "01JC", "name": "prod"}
    assert kind.key_of({"connector_id": "01JC", "name": "prod", "adopt_existing": "old"}) == {
        "connector_id": "01JC",
        "name": "old",
    }
    assert kind.key_of({"name": "prod"}) is None
    assert kind.key_of({"connector_id": "01JC", "name": ""}) is None
    assert kind_named("Nonesuch") is None
