"""What a person reads when a provider call fails: a short message, first line first, and the fix.

Pulumi's Python dynamic provider host (``python -m pulumi.dynamic``) answers any exception that escapes a provider
method with ``traceback.format_exc()``, and the engine shows that text as the resource's error; its first line is
also the one on the progress display. Left alone, a refused API key reads as forty lines of tenacity and httpx
frames with the one useful line last. So each provider call's :class:`~versori_pulumi.errors.VersoriError` becomes
a :class:`ProviderFailure` whose text is::

    Connector "Acme": create failed: the API answered HTTP 401 Unauthorized: missing or invalid API key (POST ...)
    fix: the API did not accept the key (from stack config versori:apiKey): set the organisation's key with ...

and :func:`install_host_formatter` makes the host print exactly that text for it (any other exception keeps the
host's full traceback). The full traceback, chain included, is added when asked for: ``VERSORI_DEBUG=1`` in the
environment of ``pulumi``, or Pulumi's own verbose logging flowed to providers (``pulumi up --logflow -v=3``).

Messages are built from the error's status, the API's code, message and field names, the request's method and
path, the resource's name and ids, and where each setting came from; never from the API key or credential data,
and as a last guard every secret the call knows of is masked in the final text.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from versori_pulumi.config import (
    CONFIG_API_KEY,
    CONFIG_BASE_URL,
    CONFIG_ORGANISATION_ID,
    DEFAULT_BASE_URL,
    ENV_API_KEY,
    redact_url,
)
from versori_pulumi.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    VersoriError,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "DEBUG_ENV",
    "CallContext",
    "ProviderFailure",
    "debug_requested",
    "describe",
    "describe_invalid",
    "in_dynamic_host",
    "organisation_fix",
    "secrets_in",
]

DEBUG_ENV = "VERSORI_DEBUG"
"""Set to 1 (true, yes, on) where ``pulumi`` runs to get full tracebacks after the short messages."""

EMULATOR_URL = "http://127.0.0.1:8787/api/connect/v1"

_OPERATIONS = {"create": "create", "read": "refresh", "update": "update", "delete": "delete"}
_PARENTS = {"ConnectorVersion": "connector", "Connection": "connector"}
_SECRET_WORDS = ("secret", "password", "token", "key", "value", "private", "certificate")
_MIN_MASKED = 6  # shorter values are not masked: they would mangle ordinary words of the message


@dataclass(frozen=True)
class CallContext:
    """The provider call that failed, and where its settings came from (for the fix)."""

    kind: str
    operation: str
    props: Mapping[str, Any]
    resource_id: str | None = None
    base_url: str | None = None
    organisation_id: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)
    secrets: Sequence[str] = ()

    def source(self, config_key: str) -> str:
        return self.sources.get(config_key, "not set")


class ProviderFailure(VersoriError):
    """A provider call's failure, described for people: ``str()`` is the whole message; ``original`` the error."""

    def __init__(self, text: str, original: BaseException, *, masked: Sequence[str] = ()) -> None:
        super().__init__(text)
        self.original = original
        self._masked = tuple(masked)

    def report(self, debug: bool) -> str:
        """The text the provider host hands the engine: the message, then the full traceback when asked for (with
        the same secrets masked: pydantic's messages, for one, quote the offending input)."""
        if not debug:
            return str(self)
        frames = _mask("".join(traceback.format_exception(self.original)), self._masked)
        return f"{self}\n\n{DEBUG_ENV} traceback:\n{frames}"


def in_dynamic_host() -> bool:
    """Whether this process is Pulumi's dynamic provider host."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


def debug_requested() -> bool:
    """Whether full tracebacks were asked for: VERSORI_DEBUG, or the host started with Pulumi's ``-v=N`` flowed."""
    if os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    return in_dynamic_host() and any(re.fullmatch(r"-v=?[1-9][0-9]*", arg) for arg in sys.argv[1:])


def describe(exc: VersoriError, call: CallContext) -> str:
    """The message for a failed provider call: the resource, what was attempted, what the API said, the fix."""
    api = exc if isinstance(exc, APIError) else _api_cause(exc)
    lines = [f"{_label(call)}: {_OPERATIONS.get(call.operation, call.operation)} failed: {_summary(exc, api, call)}"]
    if isinstance(api, BadRequestError):
        lines += [f"  {_input_path(f.get('field', ''))}: {f.get('message', '')}" for f in api.fields]
    fix = _fix(exc, api, call)
    if fix:
        lines.append(f"fix: {fix}")
    return _mask("\n".join(lines), call.secrets)


def describe_invalid(exc: ValidationError, call: CallContext) -> str:
    """The message for inputs the API's models refused in the provider (``check`` normally catches these first):
    where and why, never the values (pydantic's own text quotes them, and they may be secrets)."""
    problems = exc.errors(include_url=False, include_input=False, include_context=False)
    lines = [
        f"{_label(call)}: {_OPERATIONS.get(call.operation, call.operation)} failed: the inputs do not fit the API's "
        f"{exc.title} ({len(problems)} error{'s' if len(problems) != 1 else ''})"
    ]
    lines += [f"  {'.'.join(str(part) for part in p['loc']) or '(inputs)'}: {p['msg']}" for p in problems[:10]]
    lines.append("fix: change the input(s) named above")
    return _mask("\n".join(lines), call.secrets)


def organisation_fix(organisation_id: str | None, source: str) -> str:
    """What to do when the organisation does not answer: the id, where it came from, and why it matters."""
    return (
        f"check {CONFIG_ORGANISATION_ID} (now {organisation_id!r}, from {source}): an API key sees only its own "
        "organisation"
    )


# --- the parts of a message ---


def _label(call: CallContext) -> str:
    props = call.props
    if call.kind == "ImportedConnector":
        label = f"ImportedConnector (library connector {props.get('library_connector_id')!r}"
        label += f", version {props.get('version') or 'latest'!r})"
    else:
        name = props.get("name")
        label = f'{call.kind} "{name}"' if isinstance(name, str) and name else call.kind
        parent = _PARENTS.get(call.kind)
        if parent and props.get("connector_id"):
            label += f" of {parent} {props['connector_id']}"
    if call.resource_id and call.operation != "create":
        label += f" (id {call.resource_id})"
    return label


def _summary(exc: VersoriError, api: APIError | None, call: CallContext) -> str:
    if isinstance(exc, APIError):
        return _api_summary(exc)
    if isinstance(exc, APIConnectionError):
        return _connection_summary(exc, call)
    text = exc.summary
    if api is not None:  # a provider's own message about an API answer: add the answer unless already there
        said = f"HTTP {api.status} {_phrase(api.status)}"
        if api.message and api.message not in text:
            said += f": {api.message}"
        text += f" (the API answered {said}; {api.method} {api.path})" if api.method else f" (the API answered {said})"
    return text


def _api_summary(exc: APIError) -> str:
    details = []
    if exc.code and exc.code != f"{exc.status}000":
        details.append(f"code {exc.code}")
    if exc.method:
        details.append(f"{exc.method} {exc.path}")
    details += _retried(exc)
    text = f"the API answered HTTP {exc.status} {_phrase(exc.status)}: {exc.message}"
    return f"{text} ({'; '.join(details)})" if details else text


def _connection_summary(exc: APIConnectionError, call: CallContext) -> str:
    where = redact_url(call.base_url) if call.base_url else "the API"
    reason = _os_reason(exc) or type(exc.__cause__ or exc).__name__
    if isinstance(exc, APITimeoutError):
        text = f"no answer from {where} in time ({reason})"
    elif _retry().is_refused(exc):
        text = f"could not connect to {where}: {reason}"
    else:
        text = f"the connection to {where} failed before an answer ({reason})"
    retried = _retried(exc)
    return f"{text} ({'; '.join(retried)})" if retried else text


def _fix(exc: VersoriError, api: APIError | None, call: CallContext) -> str | None:
    if exc.fix:
        return exc.fix
    if isinstance(exc, ConfigurationError):
        return None
    if isinstance(exc, APIConnectionError):
        return _base_url_fix(call)
    if api is None:
        if "did not match the expected schema" in exc.summary:
            return f"check that {CONFIG_BASE_URL} ({redact_url(call.base_url or '')}) is the Connect API v1 root"
        return None
    if api is not exc:  # the provider's own message already says what to change, except for a wrong organisation
        return _organisation_fix(call) if isinstance(api, NotFoundError | ForbiddenError) and _names_org(api) else None
    return _status_fix(api, call)


def _status_fix(api: APIError, call: CallContext) -> str | None:
    name = call.props.get("name")
    if isinstance(api, UnauthorizedError):
        return (
            f"the API did not accept the key (from {call.source(CONFIG_API_KEY)}): set the organisation's key with "
            f"`pulumi config set --secret {CONFIG_API_KEY} <key>` (or ${ENV_API_KEY})"
        )
    if isinstance(api, ForbiddenError):
        return (
            f"the key (from {call.source(CONFIG_API_KEY)}) may not {call.operation} {call.kind} objects in "
            f"organisation {call.organisation_id!r}: use a key of that organisation with the permission, or "
            + _organisation_fix(call)
        )
    if isinstance(api, NotFoundError):
        return _not_found_fix(api, call)
    if isinstance(api, ConflictError | PreconditionFailedError) and call.operation == "delete":
        return (
            "it is in use or published: set force_delete=True on the resource and run `pulumi up`, then delete "
            "again (`pulumi destroy`); or first remove what uses it"
        )
    if isinstance(api, ConflictError) and call.operation == "create" and isinstance(name, str):
        return f"an object named {name!r} exists already: set adopt_existing={name!r} to manage it, or rename it"
    if isinstance(api, ConflictError | PreconditionFailedError):
        return "the object's current state forbids this change (see the API's message); `pulumi refresh` shows it"
    if isinstance(api, BadRequestError):
        return "change the input(s) named above" if api.fields else "check this resource's inputs against the message"
    if isinstance(api, RateLimitError):
        return "the API is rate-limiting this key: run again in a minute, or with less parallelism (`--parallel 4`)"
    if isinstance(api, ServerError):
        return "the API is failing: run again later; if it persists, report the time and the request to Versori"
    return None


def _not_found_fix(api: APIError, call: CallContext) -> str:
    if _names_org(api):
        return _organisation_fix(call)
    if "route" in api.message.lower() or api.message == "request failed":  # not the API's own 404: a wrong root
        return _base_url_fix(call)
    parent = _PARENTS.get(call.kind)
    connector_id = call.props.get("connector_id")
    if call.operation == "create" and parent:
        from_version = call.props.get("from_version")
        if from_version and "version" in api.message.lower():
            return f"check the input from_version ({from_version!r}): connector {connector_id} has no such version"
        return (
            f"check the input connector_id ({connector_id!r}): organisation {call.organisation_id!r} has no such "
            f"{parent} (deleted outside Pulumi? `pulumi refresh` shows it)"
        )
    if call.operation in ("update", "read"):
        return "the object is gone: `pulumi refresh` drops it from the state, and the next `pulumi up` re-creates it"
    return f"check the inputs that name other objects; or {_organisation_fix(call)}"


def _base_url_fix(call: CallContext) -> str:
    return (
        f"check {CONFIG_BASE_URL} (now {redact_url(call.base_url or DEFAULT_BASE_URL)}, from "
        f"{call.source(CONFIG_BASE_URL)}): the Versori platform is {DEFAULT_BASE_URL}; a local "
        f"`versori-emulator` serves {EMULATOR_URL}"
    )


def _organisation_fix(call: CallContext) -> str:
    return organisation_fix(call.organisation_id, call.source(CONFIG_ORGANISATION_ID))


# --- helpers ---


def _names_org(api: APIError) -> bool:
    return "organisation" in api.message.lower() or "organization" in api.message.lower()


def _api_cause(exc: BaseException) -> APIError | None:
    for link in _chain(exc):
        if isinstance(link, APIError):
            return link
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen and len(seen) < 10:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


def _os_reason(exc: BaseException) -> str | None:
    """The operating system's words for a transport failure ("Connection refused"), never the library's text."""
    for link in _chain(exc):
        if isinstance(link, OSError) and link.strerror:
            return str(link.strerror)
    return None


def _retried(exc: BaseException) -> list[str]:
    spent = _retry().attempts_of(exc)
    return [f"{spent[0]} attempts in {spent[1]:.1f} s"] if spent and spent[0] > 1 else []


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _input_path(wire: str) -> str:
    """An API field path (camelCase, dotted) as the input it came from (snake_case): ``baseUrl`` -> ``base_url``."""
    return re.sub(r"[A-Za-z][A-Za-z0-9]*", lambda m: _program(m.group(0)), wire) or "(body)"


def _program(name: str) -> str:
    """A field as the program names it: the models' own name for an alias (``in`` -> ``in_``), else snake_case."""
    from versori_pulumi._core.names import program_name  # the models load only when an API error is described

    named = program_name(name)
    return named if named != name else _snake(name)


def _snake(name: str) -> str:
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def secrets_in(props: Mapping[str, Any], *extra: str) -> list[str]:
    """Values a message must never show: the API key, and every string under a secret-sounding key of the props
    (credential data, client secrets); short ones are skipped (masking them would garble the message)."""
    found = [value for value in extra if value]

    def walk(value: Any, secret: bool) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, secret or key == "data" or any(word in str(key).lower() for word in _SECRET_WORDS))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item, secret)
        elif secret and isinstance(value, str) and len(value) >= _MIN_MASKED:
            found.append(value)

    walk(props, False)
    return found


def _mask(text: str, secrets: Sequence[str]) -> str:
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= _MIN_MASKED:
            text = text.replace(secret, "****")
    return text


def _retry() -> Any:
    """The retry module, loaded when a failure is described: it imports httpx, which a preview never needs."""
    from versori_pulumi.client import _retry as module

    return module
