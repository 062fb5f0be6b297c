"""Frozen: the module path of every provider class, as dill records it in every existing stack's state.

A dynamic resource's state holds its provider pickled by reference (``__provider``: module and class name). Moving a
provider class to another module, or renaming it, makes every stack written before the move fail to load its
resources. The blobs below were written by the 0.2 code (commit eb95889); they must load into the same class, and a
provider pickled today must still name the same path, so that stacks written from now on agree with the old ones.
"""

from __future__ import annotations

import base64
import importlib

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from versori_pulumi._core.base import VersoriProvider

RECORDED = {
    "versori_pulumi.connector_provider.ConnectorProvider": (
        "gASVQQAAAAAAAACMIXZlcnNvcmlfcHVsdW1pLmNvbm5lY3Rvcl9wcm92aWRlcpSMEUNvbm5lY3RvclByb3ZpZGVylJOUKYGUfZRiLg=="
    ),
    "versori_pulumi.connector_version_provider.ConnectorVersionProvider": (
        "gASVUAAAAAAAAACMKXZlcnNvcmlfcHVsdW1pLmNvbm5lY3Rvcl92ZXJzaW9uX3Byb3ZpZGVylIwYQ29ubmVjdG9yVmVyc2lvblByb3ZpZGVy"
        "lJOUKYGUfZRiLg=="
    ),
    "versori_pulumi.connector_default_version_provider.ConnectorDefaultVersionProvider": (
        "gASVXwAAAAAAAACMMXZlcnNvcmlfcHVsdW1pLmNvbm5lY3Rvcl9kZWZhdWx0X3ZlcnNpb25fcHJvdmlkZXKUjB9Db25uZWN0b3JEZWZhdWx0"
        "VmVyc2lvblByb3ZpZGVylJOUKYGUfZRiLg=="
    ),
    "versori_pulumi.connection_provider.ConnectionProvider": (
        "gASVQwAAAAAAAACMInZlcnNvcmlfcHVsdW1pLmNvbm5lY3Rpb25fcHJvdmlkZXKUjBJDb25uZWN0aW9uUHJvdmlkZXKUk5QpgZR9lGIu"
    ),
    "versori_pulumi.imported_connector_provider.ImportedConnectorProvider": (
        "gASVUgAAAAAAAACMKnZlcnNvcmlfcHVsdW1pLmltcG9ydGVkX2Nvbm5lY3Rvcl9wcm92aWRlcpSMGUltcG9ydGVkQ29ubmVjdG9yUHJvdmlk"
        "ZXKUk5QpgZR9lGIu"
    ),
    "versori_pulumi.bigquery_connector_provider.BigQueryConnectorProvider": (
        "gASVUgAAAAAAAACMKnZlcnNvcmlfcHVsdW1pLmJpZ3F1ZXJ5X2Nvbm5lY3Rvcl9wcm92aWRlcpSMGUJpZ1F1ZXJ5Q29ubmVjdG9yUHJvdmlk"
        "ZXKUk5QpgZR9lGIu"
    ),
}
"""Path -> the ``__provider`` value a 0.2 stack holds for it."""


def _class_at(path: str) -> type:
    module, _, name = path.rpartition(".")
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, type)
    return found


@pytest.mark.parametrize("path", sorted(RECORDED))
def test_a_recorded_provider_loads_into_its_class(path: str) -> None:
    loaded = dill.loads(base64.b64decode(RECORDED[path]))
    assert type(loaded) is _class_at(path)
    assert isinstance(loaded, VersoriProvider)


@pytest.mark.parametrize("path", sorted(RECORDED))
def test_a_provider_pickled_today_names_the_recorded_path(path: str) -> None:
    cls = _class_at(path)
    assert f"{cls.__module__}.{cls.__qualname__}" == path, "the class moved: stacks written from now on would differ"
    assert serialize_provider(cls()) == RECORDED[path]


def test_every_provider_class_is_frozen() -> None:
    """A new provider must be added here, so that its path is frozen from its first release."""
    import versori_pulumi.resources  # noqa: F401  (imports every provider module)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found | {sub for child in found for sub in subclasses(child)}

    # One module per resource provider (``*_provider``); shared bases (the connector lifecycle) are not pickled.
    ours = {
        f"{c.__module__}.{c.__qualname__}"
        for c in subclasses(VersoriProvider)
        if c.__module__.startswith("versori_pulumi.") and c.__module__.endswith("_provider")
    }
    assert ours == set(RECORDED)
