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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from versori_pulumi._core.input_schema import UNKNOWN, has_unknown

__all__ = [
    "CONFIG_SECRETS",
    "CREDENTIAL_SECRETS",
    "IsSecret",
    "Path",
    "is_config_secret",
    "is_credential_secret",
    "join",
    "joined_props",
    "path_key",
    "split",
    "split_props",
]

CONFIG_SECRETS = "auth_scheme_secrets"
"""The connector's property holding its auth scheme configs' secret values."""
CREDENTIAL_SECRETS = "credential_secrets"
"""The connection's property holding its credentials' secret values (data, and the configs' client secrets)."""

Path = tuple[int | str, ...]
IsSecret = Callable[[Path, Sequence[Mapping[str, Any]]], bool]
"""Whether the key at the end of a path is secret, given the mappings the path went through (innermost last)."""

_CLIENT_SECRET = frozenset({"client_secret", "clientSecret"})
SECRET_DATA = frozenset(
    {"access_token", "client_secret", "code", "key", "password", "refresh_token", "value", "value_base64"}
)
"""The secret fields of the credential types' data, as the program names them: the models'
``SECRET_CREDENTIAL_FIELDS`` in snake_case (``tests/test_wire.py`` holds the two equal). Written out so that a program
imports neither pydantic nor a model."""
_SECRET_DATA_WIRE = frozenset({"accessToken", "clientSecret", "refreshToken", "valueBase64"})
FREE_FORM_DATA = frozenset({"custom-function", "jwt-bearer"})
"""Credential types whose data is free-form: every value secret."""


def is_config_secret(path: Path, _within: Sequence[Mapping[str, Any]] = ()) -> bool:
    """An OAuth 2.0 grant's client secret in a list of auth scheme configs (either form of its name)."""
    return len(path) == 3 and isinstance(path[0], int) and path[1] == "grant" and path[2] in _CLIENT_SECRET


def is_credential_secret(path: Path, within: Sequence[Mapping[str, Any]] = ()) -> bool:
    """In a connection's credentials (``{action: [...], trigger: [...]}``): a credential's secret data (every value
    of free-form data) and the client secret of its copy of an OAuth 2.0 config."""
    if len(path) == 5 and path[2] in ("auth_scheme_config", "authSchemeConfig") and path[3] == "grant":
        return path[4] in _CLIENT_SECRET
    if len(path) == 5 and path[2] == "credential" and path[3] == "data":
        credential = within[-2] if len(within) >= 2 else {}
        free = isinstance(credential, Mapping) and credential.get("type") in FREE_FORM_DATA
        return free or path[4] in SECRET_DATA or path[4] in _SECRET_DATA_WIRE
    return False


def path_key(path: Path) -> str:
    """A path as a key of the secrets property: ``[0, "grant", "client_secret"]``."""
    return json.dumps(list(path))


def split(
    value: Any, is_secret: IsSecret, path: Path = (), within: Sequence[Mapping[str, Any]] = ()
) -> tuple[Any, dict[str, Any]]:
    """A plain value without its secret parts, and those parts by :func:`path_key`."""
    secrets: dict[str, Any] = {}

    def walk(item: Any, at: Path, parents: tuple[Mapping[str, Any], ...]) -> Any:
        if isinstance(item, Mapping):
            kept = {}
            inside = (*parents, item)
            for key, inner in item.items():
                step = (*at, key)
                if is_secret(step, inside) and inner is not None:
                    secrets[path_key(step)] = inner
                else:
                    kept[key] = walk(inner, step, inside)
            return kept
        if isinstance(item, list | tuple):
            return [walk(inner, (*at, index), parents) for index, inner in enumerate(item)]
        return item

    return walk(value, path, tuple(within)), secrets


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


def joined_props(props: Mapping[str, Any], name: str, secrets_name: str) -> dict[str, Any]:
    """A property bag with ``secrets_name`` put back inside ``name``: the form a provider's steps work on. A bag
    without it (a state written before) is as it is; unknown secrets make the value unknown."""
    if secrets_name not in props:
        return dict(props)
    joined = {key: value for key, value in props.items() if key != secrets_name}
    secrets = props[secrets_name]
    if joined.get(name) is not None:
        joined[name] = UNKNOWN if has_unknown(secrets) else join(joined[name], secrets)
    return joined


def split_props(props: Mapping[str, Any], name: str, secrets_name: str, is_secret: IsSecret) -> dict[str, Any]:
    """A property bag with the secret parts of ``name`` in ``secrets_name`` (present, maybe empty)."""
    value = props.get(name)
    if value is None or has_unknown(value):
        return dict(props)
    plain, secrets = split(value, is_secret)
    return {**props, name: plain, secrets_name: secrets}
