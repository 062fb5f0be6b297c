"""A connector's auth scheme configs across runs: their ids, and their client secrets held apart.

Auth scheme config ids are chosen by the client (spec): ``check`` keeps an existing config's id when the program
does not give one, and otherwise derives a stable id from the connector name, position and scheme type, so a
preview and the following ``up`` agree. The configs' client secrets live in a secret property of their own
(:mod:`versori_pulumi._core.secret_split`), joined back for the API and split again for the state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from versori_pulumi._core.input_schema import has_unknown
from versori_pulumi._core.masking import config_as_applied
from versori_pulumi._core.secret_split import CONFIG_SECRETS, is_config_secret, joined_props, split_props

__all__ = [
    "configs_joined",
    "configs_reordered",
    "configs_split",
    "unique_config_ids",
    "with_config_ids",
    "with_known_secrets",
]


def unique_config_ids(configs: list[dict[str, Any]], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """Check rule: config ids are unique within the connector."""
    seen: set[str] = set()
    for index, config in enumerate(configs):
        if config["id"] in seen:
            yield f"[{index}].id", "auth scheme config ids must be unique within the connector"
        seen.add(config["id"])


def _derived_config_id(connector_name: Any, index: int, scheme_type: Any) -> str:
    from ulid import ULID  # only for a config the program gave no id (its import reads package metadata)

    seed = f"{connector_name}/{index}/{scheme_type}".encode()
    return str(ULID.from_bytes(hashlib.sha256(seed).digest()[:16]))


def _config_key(config: Mapping[str, Any]) -> tuple[str, str] | None:
    """What identifies a config across runs when the program gives no id: its scheme type and description."""
    scheme = config.get("schemeType", config.get("scheme_type"))
    description = config.get("description")
    return (scheme, description) if isinstance(scheme, str) and isinstance(description, str) else None


def with_config_ids(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """Fill missing auth scheme config ids: reuse the previous id of the same scheme type and description.

    Previous ids are handed out in order and never twice, so two alike configs keep their own ids; anything of
    an unexpected shape is left for validation to report.
    """
    configs = news.get("auth_scheme_configs")
    if not isinstance(configs, list) or has_unknown(configs):
        return dict(news)
    previous = olds.get("auth_scheme_configs") if isinstance(olds.get("auth_scheme_configs"), list) else []
    used = {c.get("id") for c in configs if isinstance(c, Mapping) and isinstance(c.get("id"), str)}
    known: dict[tuple[str, str], list[str]] = {}
    for old in previous or []:
        key = _config_key(old) if isinstance(old, Mapping) else None
        if key is not None and isinstance(old.get("id"), str) and old["id"] and old["id"] not in used:
            known.setdefault(key, []).append(old["id"])
    filled = []
    for index, config in enumerate(configs):
        if isinstance(config, Mapping) and not config.get("id"):
            key = _config_key(config)
            reusable = known.get(key, []) if key is not None else []
            scheme = config.get("schemeType", config.get("scheme_type"))
            config_id = reusable.pop(0) if reusable else _derived_config_id(news.get("name"), index, scheme)
            config = {**config, "id": config_id}
        filled.append(config)
    return {**news, "auth_scheme_configs": filled}


def with_known_secrets(live: list[dict[str, Any]], previous: list[Any]) -> list[dict[str, Any]]:
    """Put back an OAuth 2.0 grant's client secret where the API answered a mask of it (absent, empty, starred,
    partly shown: :func:`~versori_pulumi._core.masking.masks`): a read cannot see the secret, so the value last applied
    stands. An answer that cannot be a mask of it is kept, and shows as drift that the next ``up`` corrects. Empty
    fields the API leaves out are kept as applied too (:func:`~versori_pulumi._core.masking.config_as_applied`)."""
    known = {c.get("id"): c for c in previous if isinstance(c, Mapping)}
    return [config_as_applied(config, known.get(config.get("id"))) for config in live]


def configs_joined(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the configs' secrets back inside them (:mod:`versori_pulumi._core.secret_split`)."""
    return joined_props(props, "auth_scheme_configs", CONFIG_SECRETS)


def configs_split(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the configs' secret values in their own property (always present, maybe empty)."""
    return split_props(props, "auth_scheme_configs", CONFIG_SECRETS, is_config_secret)


def configs_reordered(old_ids: list[str], new_ids: list[str]) -> bool:
    """Whether the configs end up out of order after the upserts (which append new ids) and deletes."""
    kept = [i for i in old_ids if i in new_ids] + [i for i in new_ids if i not in old_ids]
    return kept != new_ids
