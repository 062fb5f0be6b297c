"""Provider configuration: where the API is, which organisation, which key, and the provider's switches; and the
per-process client cache.

Every setting is one row of :data:`SETTINGS` (stack config key, environment variable, default, secret or not), and
one resolver, :func:`resolve`, reads any of them the same way: stack config first (read in each dynamic provider's
``configure()``, or by a program through ``pulumi.Config``, :func:`program_value`), then the environment, then the
default. ``versori:apiKey`` is a secret; ``versori:concurrency`` bounds how many requests a version's contents use
at a time. Configuration is never a resource input, so the key never reaches state. Clients are cached per
process, keyed by the settings, so every provider in one provider-host process shares one connection pool; nothing
here is ever pickled.
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
    "ADOPT_OWNED",
    "API_KEY",
    "BASE_URL",
    "CONCURRENCY",
    "CONFIG_API_KEY",
    "CONFIG_BASE_URL",
    "CONFIG_CONCURRENCY",
    "CONFIG_FORCE_DELETE_PUBLISHED",
    "CONFIG_ORGANISATION_ID",
    "DEFAULT_BASE_URL",
    "DEFAULT_CONCURRENCY",
    "ENV_API_KEY",
    "ENV_BASE_URL",
    "ENV_CONCURRENCY",
    "ENV_FORCE_DELETE_PUBLISHED",
    "ENV_ORGANISATION_ID",
    "FORCE_DELETE_PUBLISHED",
    "ORGANISATION_ID",
    "SETTINGS",
    "ConfigGetter",
    "ProviderSettings",
    "Setting",
    "client_for",
    "enabled",
    "force_delete_published",
    "program_value",
    "redact_url",
    "resolve",
    "settings_from",
]

ConfigGetter = Callable[[str], Any]
"""Stack config by full key (``versori:apiKey``): a provider's recorded ``configure()`` values, or a program's."""

DEFAULT_CONCURRENCY = 8
"""Requests a version's contents use at a time (reads and writes of its items): a round trip per 8 items."""
MAX_CONCURRENCY = 64
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Setting:
    """One provider setting: where it is read from, in order, and what it is when set nowhere."""

    key: str
    """The stack config key (``pulumi config set [--secret] <key> <value>``)."""
    env: str
    """The environment variable read when the stack config does not set it."""
    default: str = ""
    """The value when neither sets it."""
    secret: bool = False
    """Set with ``pulumi config set --secret``; never logged, shown or put in state."""
    noun: str = ""
    """How a message names a required setting that is missing (its last word is the placeholder)."""


API_KEY = Setting("versori:apiKey", "VERSORI_API_KEY", secret=True, noun="API key")
ORGANISATION_ID = Setting("versori:organisationId", "VERSORI_ORGANISATION_ID", noun="organisation id")
BASE_URL = Setting("versori:baseUrl", "VERSORI_BASE_URL", DEFAULT_BASE_URL)
CONCURRENCY = Setting("versori:concurrency", "VERSORI_CONCURRENCY", str(DEFAULT_CONCURRENCY))
FORCE_DELETE_PUBLISHED = Setting("versori:forceDeletePublished", "VERSORI_FORCE_DELETE_PUBLISHED", "false")
"""Read when a version is deleted (not an input): a destroy that stopped on a published version finishes once it is
set, with no ``pulumi up`` in between (which would re-create what the destroy had deleted)."""
ADOPT_OWNED = Setting("versori:adoptOwned", "VERSORI_ADOPT_OWNED", "false")
"""The crash-safe large-stack mode (:mod:`versori_pulumi._core.ownership`)."""

SETTINGS: tuple[Setting, ...] = (API_KEY, ORGANISATION_ID, BASE_URL, CONCURRENCY, FORCE_DELETE_PUBLISHED, ADOPT_OWNED)
"""Every provider setting: the stack config a provider records in ``configure()``."""

CONFIG_API_KEY, ENV_API_KEY = API_KEY.key, API_KEY.env
CONFIG_ORGANISATION_ID, ENV_ORGANISATION_ID = ORGANISATION_ID.key, ORGANISATION_ID.env
CONFIG_BASE_URL, ENV_BASE_URL = BASE_URL.key, BASE_URL.env
CONFIG_CONCURRENCY, ENV_CONCURRENCY = CONCURRENCY.key, CONCURRENCY.env
CONFIG_FORCE_DELETE_PUBLISHED, ENV_FORCE_DELETE_PUBLISHED = FORCE_DELETE_PUBLISHED.key, FORCE_DELETE_PUBLISHED.env


def resolve(setting: Setting, get: ConfigGetter | None = None, env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The setting's value and where it came from (``stack config <key>``, ``$<VAR>`` or ``not set``, for
    messages): stack config first, then the environment (``os.environ`` unless ``env`` is given), then the
    default. An empty value counts as unset."""
    value = get(setting.key) if get is not None else None
    if value not in (None, ""):
        return str(value), f"stack config {setting.key}"
    value = (os.environ if env is None else env).get(setting.env, "")
    if value:
        return value, f"${setting.env}"
    return setting.default, "not set"


def enabled(setting: Setting, get: ConfigGetter | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether a switch (``true``, ``1``, ``yes``, ``on``) is on."""
    return resolve(setting, get, env)[0].strip().lower() in _TRUE


def program_value(key: str) -> str | None:
    """A stack config value as a Pulumi program reads it (``pulumi.Config``): plain, a secret one decrypted
    (``Config.get`` does not wrap it; the value only ever reaches the client). Outside a program there is none,
    and the environment alone configures what the program does."""
    import pulumi  # deferred: the provider host reads its config from configure(), not from here

    namespace, _, name = key.partition(":")
    return pulumi.Config(namespace).get(name)


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


def settings_from(get: ConfigGetter | None = None, env: Mapping[str, str] | None = None) -> ProviderSettings:
    """Resolve the client's settings (:func:`resolve`).

    Raises one ConfigurationError that names every missing setting and, as its ``fix``, both ways to provide it.
    """
    api_key, organisation_id, base_url, concurrency = (
        resolve(setting, get, env)[0] for setting in (API_KEY, ORGANISATION_ID, BASE_URL, CONCURRENCY)
    )
    missing = [setting for setting, value in ((API_KEY, api_key), (ORGANISATION_ID, organisation_id)) if not value]
    if missing:
        raise ConfigurationError(
            "the Versori provider is not configured: no " + " and no ".join(s.noun for s in missing),
            fix=" and ".join(_set_command(s) for s in missing)
            + " in the stack, or set "
            + " and ".join(f"${s.env}" for s in missing)
            + " in the environment",
        )
    whole = _concurrency(concurrency, get)
    if not base_url.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"{CONFIG_BASE_URL} must be an http(s) URL, got {redact_url(base_url)!r}",
            fix=f"`pulumi config set {CONFIG_BASE_URL} https://...` (the default is {DEFAULT_BASE_URL})",
        )
    return ProviderSettings(
        base_url=base_url.rstrip("/"), organisation_id=organisation_id, api_key=api_key, concurrency=whole
    )


def _set_command(setting: Setting) -> str:
    placeholder = setting.noun.rsplit(" ", 1)[-1]
    return f"`pulumi config set {'--secret ' if setting.secret else ''}{setting.key} <{placeholder}>`"


def _concurrency(raw: str, get: ConfigGetter | None) -> int:
    """``versori:concurrency`` (a float when it came through Pulumi's config as a number) as a whole number."""
    try:
        number = float(raw)
    except ValueError:
        number = 0.0
    if not number.is_integer() or not 1 <= number <= MAX_CONCURRENCY:
        source = resolve(CONCURRENCY, get)[1]
        raise ConfigurationError(
            f"{source} must be a whole number from 1 to {MAX_CONCURRENCY}, got {raw!r}",
            fix=f"`pulumi config set {CONFIG_CONCURRENCY} {DEFAULT_CONCURRENCY}` (the default)",
        )
    return int(number)


def force_delete_published(get: ConfigGetter | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether deletes may remove published versions (:data:`FORCE_DELETE_PUBLISHED`)."""
    return enabled(FORCE_DELETE_PUBLISHED, get, env)


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
