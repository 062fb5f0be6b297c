"""Secret values held apart from the values they belong to, so that only they preview as ``[secret]``.

The engine marks a whole top-level property secret when any part of it inside a list is (a dynamic provider does
not take secrets: the engine strips them and marks again, per key, what held one). An OAuth 2.0 grant's client
secret inside ``auth_scheme_configs`` would so hide every scope and URL of every config. Instead the program sends
the configs without their secrets and the secrets in a property of their own (``auth_scheme_secrets``: a JSON path
in the configs -> the value), which alone is secret; the providers join the two for their calls and split what they
answer the same way. A state written before (the secrets inside the configs, the whole value secret) is joined as
it is: nothing to join, and it compares as the same value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from versori_pulumi._inputs import has_unknown

__all__ = ["CONFIG_SECRETS", "IsSecret", "Path", "is_config_secret", "join", "path_key", "split"]

CONFIG_SECRETS = "auth_scheme_secrets"
"""The connector's property holding its auth scheme configs' secret values."""

Path = tuple[int | str, ...]
IsSecret = Callable[[Path], bool]


def is_config_secret(path: Path) -> bool:
    """An OAuth 2.0 grant's client secret in a list of auth scheme configs (either form of its name)."""
    return len(path) == 3 and isinstance(path[0], int) and path[1] == "grant" and path[2] in _CLIENT_SECRET


_CLIENT_SECRET = frozenset({"client_secret", "clientSecret"})


def path_key(path: Path) -> str:
    """A path as a key of the secrets property: ``[0, "grant", "client_secret"]``."""
    return json.dumps(list(path))


def split(value: Any, is_secret: IsSecret, path: Path = ()) -> tuple[Any, dict[str, Any]]:
    """A plain value without its secret parts, and those parts by :func:`path_key`."""
    secrets: dict[str, Any] = {}

    def walk(item: Any, at: Path) -> Any:
        if isinstance(item, Mapping):
            kept = {}
            for key, inner in item.items():
                step = (*at, key)
                if is_secret(step) and inner is not None:
                    secrets[path_key(step)] = inner
                else:
                    kept[key] = walk(inner, step)
            return kept
        if isinstance(item, list | tuple):
            return [walk(inner, (*at, index)) for index, inner in enumerate(item)]
        return item

    return walk(value, path), secrets


def join(value: Any, secrets: Any) -> Any:
    """The value with its secret parts put back (a path the value no longer has is left out)."""
    if not isinstance(secrets, Mapping) or not secrets or has_unknown(value):
        return value
    joined = json.loads(json.dumps(value))  # a copy: the engine's own values stay as they are
    for key, secret in secrets.items():
        path = json.loads(key)
        target = joined
        for step in path[:-1]:
            fits = isinstance(target, list) and isinstance(step, int) and step < len(target)
            if not (fits or (isinstance(target, dict) and step in target)):
                target = None
                break
            target = target[step]
        if isinstance(target, dict):
            target[path[-1]] = secret
    return joined
