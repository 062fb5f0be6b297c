"""Provider configuration: where the API is, which organisation, which key; and the per-process client cache.

Configuration comes from stack config (``versori:apiKey`` as a secret, ``versori:organisationId``,
``versori:baseUrl``), read in each dynamic provider's ``configure()``, with the environment variables
``VERSORI_API_KEY``, ``VERSORI_ORGANISATION_ID`` and ``VERSORI_BASE_URL`` as fallbacks; ``versori:concurrency``
(``VERSORI_CONCURRENCY``, default 8) bounds how many requests a version's contents use at a time. It is never a
resource input, so the key never reaches state. Clients are cached per process, keyed by the settings, so every
provider in one provider-host process shares one connection pool; nothing here is ever pickled.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from versori_pulumi._platform import DEFAULT_BASE_URL
from versori_pulumi.errors import ConfigurationError

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = [
    "CONFIG_API_KEY",
    "CONFIG_BASE_URL",
    "CONFIG_CONCURRENCY",
    "CONFIG_FORCE_DELETE_PUBLISHED",
    "CONFIG_ORGANISATION_ID",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_BASE_URL",
    "ENV_API_KEY",
    "ENV_BASE_URL",
    "ENV_CONCURRENCY",
    "ENV_FORCE_DELETE_PUBLISHED",
    "ENV_ORGANISATION_ID",
    "ProviderSettings",
    "client_for",
    "config_source",
    "force_delete_published",
    "redact_url",
    "settings_from",
]

ENV_API_KEY = "VERSORI_API_KEY"
ENV_ORGANISATION_ID = "VERSORI_ORGANISATION_ID"
ENV_BASE_URL = "VERSORI_BASE_URL"
ENV_CONCURRENCY = "VERSORI_CONCURRENCY"

CONFIG_API_KEY = "versori:apiKey"
CONFIG_ORGANISATION_ID = "versori:organisationId"
CONFIG_BASE_URL = "versori:baseUrl"
CONFIG_CONCURRENCY = "versori:concurrency"

DEFAULT_CONCURRENCY = 8
"""Requests a version's contents use at a time (reads and writes of its items): a round trip per 8 items."""
MAX_CONCURRENCY = 64

CONFIG_FORCE_DELETE_PUBLISHED = "versori:forceDeletePublished"
ENV_FORCE_DELETE_PUBLISHED = "VERSORI_FORCE_DELETE_PUBLISHED"
"""A provider setting, read when a version is deleted (not an input): a destroy that stopped on a published version
finishes once it is set, with no ``pulumi up`` in between (which would re-create what the destroy had deleted)."""
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class ProviderSettings:
    """Resolved configuration; ``repr`` never shows the key."""

    base_url: str
    organisation_id: str
    api_key: str = field(repr=False)
    concurrency: int = DEFAULT_CONCURRENCY

    @property
    def cache_key(self) -> tuple[str, str, str, int]:
        digest = hashlib.sha256(self.api_key.encode()).hexdigest()
        return (self.base_url, self.organisation_id, digest, self.concurrency)


def settings_from(get: Callable[[str], Any] | None = None, env: dict[str, str] | None = None) -> ProviderSettings:
    """Resolve settings from a config getter (stack config) first, then the environment.

    Raises one ConfigurationError that names every missing setting and, as its ``fix``, both ways to provide it.
    """
    environ = os.environ if env is None else env

    def pick(config_key: str, env_key: str) -> str:
        value = get(config_key) if get is not None else None
        if value in (None, ""):
            value = environ.get(env_key, "")
        return str(value)

    api_key = pick(CONFIG_API_KEY, ENV_API_KEY)
    organisation_id = pick(CONFIG_ORGANISATION_ID, ENV_ORGANISATION_ID)
    base_url = pick(CONFIG_BASE_URL, ENV_BASE_URL) or DEFAULT_BASE_URL
    missing = [
        (what, f"`pulumi config set {flag}{key} <{placeholder}>`", env_key)
        for value, what, flag, key, placeholder, env_key in (
            (api_key, "API key", "--secret ", CONFIG_API_KEY, "key", ENV_API_KEY),
            (organisation_id, "organisation id", "", CONFIG_ORGANISATION_ID, "id", ENV_ORGANISATION_ID),
        )
        if not value
    ]
    if missing:
        raise ConfigurationError(
            "the Versori provider is not configured: no " + " and no ".join(what for what, _, _ in missing),
            fix=" and ".join(command for _, command, _ in missing)
            + " in the stack, or set "
            + " and ".join(f"${env_key}" for _, _, env_key in missing)
            + " in the environment",
        )
    concurrency = _concurrency(pick(CONFIG_CONCURRENCY, ENV_CONCURRENCY), get)
    if not base_url.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"{CONFIG_BASE_URL} must be an http(s) URL, got {redact_url(base_url)!r}",
            fix=f"`pulumi config set {CONFIG_BASE_URL} https://...` (the default is {DEFAULT_BASE_URL})",
        )
    return ProviderSettings(
        base_url=base_url.rstrip("/"), organisation_id=organisation_id, api_key=api_key, concurrency=concurrency
    )


def _concurrency(raw: str, get: Callable[[str], Any] | None) -> int:
    """``versori:concurrency`` (a float when it came through Pulumi's config as a number) as a whole number."""
    if not raw:
        return DEFAULT_CONCURRENCY
    try:
        number = float(raw)
    except ValueError:
        number = 0.0
    if not number.is_integer() or not 1 <= number <= MAX_CONCURRENCY:
        source = config_source(get, CONFIG_CONCURRENCY, ENV_CONCURRENCY)
        raise ConfigurationError(
            f"{source} must be a whole number from 1 to {MAX_CONCURRENCY}, got {raw!r}",
            fix=f"`pulumi config set {CONFIG_CONCURRENCY} {DEFAULT_CONCURRENCY}` (the default)",
        )
    return int(number)


def force_delete_published(get: Callable[[str], Any] | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether deletes may remove published versions: stack config first, then the environment."""
    value = get(CONFIG_FORCE_DELETE_PUBLISHED) if get is not None else None
    if value in (None, ""):
        value = (os.environ if env is None else env).get(ENV_FORCE_DELETE_PUBLISHED, "")
    return str(value).strip().lower() in _TRUE


def config_source(get: Callable[[str], Any] | None, config_key: str, env_key: str) -> str:
    """Where a setting came from, for error messages: the stack config key, the environment variable or neither."""
    if get is not None and get(config_key) not in (None, ""):
        return f"stack config {config_key}"
    if os.environ.get(env_key):
        return f"${env_key}"
    return "not set"


def redact_url(url: str) -> str:
    """A URL fit for a message: any ``user:password@`` part is masked."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}{sep}{authority}{slash}{path}"


_clients: dict[tuple[str, str, str, int], ConnectClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: ProviderSettings) -> ConnectClient:
    """The process-wide client for these settings, built on first use (thread-safe)."""
    key = settings.cache_key
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                from versori_pulumi.client import ConnectClient  # deferred: httpx and tenacity load on first use

                client = ConnectClient(
                    settings.base_url, settings.organisation_id, settings.api_key, concurrency=settings.concurrency
                )
                _clients[key] = client
    return client
