"""A resource kind's spec and provider, imported from its provider module when the program first uses the kind.

Every ``pulumi preview`` starts the program afresh, so what ``import versori_pulumi.resources`` loads is paid at
every preview. A program declares a few of the kinds; the provider modules of the others (a BigQuery connector, an
imported connector, a default version: about 40 ms together) are loaded only by a program that declares one.
The provider object is still an instance of the provider module's class, pickled by reference as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from versori_pulumi._dynamic.provider import as_resource_provider

if TYPE_CHECKING:
    from pulumi.dynamic import ResourceProvider

    from versori_pulumi._core.spec import ResourceSpec

__all__ = ["KindModule"]


class KindModule:
    """A provider module named by its path, imported on first use; as a class attribute, its ``SPEC``."""

    def __init__(self, module: str, provider: str) -> None:
        self.module = module
        self.provider = provider

    @property
    def spec(self) -> ResourceSpec:
        spec: ResourceSpec = importlib.import_module(self.module).SPEC
        return spec

    def new_provider(self) -> ResourceProvider:
        """A new provider object (the module's provider class, as the provider host unpickles it)."""
        return as_resource_provider(getattr(importlib.import_module(self.module), self.provider)())

    def __get__(self, instance: object, owner: type | None = None) -> ResourceSpec:
        return self.spec
