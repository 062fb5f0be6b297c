"""What every Versori resource provider shares, whichever face serves it: configuration, the lazily built client,
pickling rules and the shaping of failures.

The dynamic face pickles the provider object (with dill) into every resource's state and unpickles it in the
provider host. Our providers live in this installed package, so dill pickles them by reference (module and class
name only), and ``__getstate__`` returns nothing: no settings, no key and no client ever reach state. A face hands
the stack config to :meth:`VersoriProvider.configure_values` once per provider object and it is only recorded; the
client is resolved on first use, so ``check`` and ``diff`` (the only calls a preview makes) work without
credentials and without the network.

Every subclass's ``create``, ``read``, ``update`` and ``delete`` is wrapped (``__init_subclass__``, so the provider
modules need nothing): a VersoriError escaping one becomes a :class:`~versori_pulumi._core.failures.ProviderFailure`, a
short message naming the resource, the operation, the API's answer and the fix (:mod:`versori_pulumi._core.failures`).
A ``read`` that finds its object gone first checks that the organisation itself answers, so a wrong
``versori:organisationId`` fails the refresh instead of dropping every resource from the state.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from versori_pulumi._core.failures import (
    CallContext,
    ProviderFailure,
    debug_requested,
    describe,
    describe_invalid,
    organisation_fix,
    secrets_in,
)
from versori_pulumi._core.lazy_types import pydantic_validation_errors
from versori_pulumi._core.ownership import adopt_owned_enabled
from versori_pulumi._core.results import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi.config import (
    API_KEY,
    BASE_URL,
    ORGANISATION_ID,
    SETTINGS,
    ProviderSettings,
    client_for,
    force_delete_published,
    resolve,
    settings_from,
)
from versori_pulumi.errors import ForbiddenError, NotFoundError, VersoriError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["VersoriProvider"]

log = logging.getLogger("versori_pulumi.provider")

_SHAPED_OPERATIONS = ("create", "read", "update", "delete")
F = TypeVar("F", bound=Callable[..., Any])

# Organisations (base URL, id) a read of a vanished object has confirmed: one listing per process at most.
_confirmed_organisations: set[tuple[str, str]] = set()
_confirmed_lock = threading.Lock()


class VersoriProvider:
    """Base of the resource providers: holds only in-process configuration, never pickled."""

    _config_values: dict[str, Any]

    def __init__(self) -> None:
        self._config_values = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for operation in _SHAPED_OPERATIONS:
            method = cls.__dict__.get(operation)
            if callable(method) and not hasattr(method, "__versori_operation__"):
                setattr(cls, operation, _shaped(operation, method))

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._config_values = {}

    def configure_values(self, values: Mapping[str, Any]) -> None:
        """Record the stack config a face received (``versori:*`` keys); resolution waits until a call needs it."""
        self._config_values = {setting.key: values.get(setting.key) for setting in SETTINGS}

    # --- the lifecycle every provider implements (a face calls these, and only these) ---

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The inputs in canonical form with every failure named; ``olds`` are the inputs accepted before."""
        raise NotImplementedError

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """What changed between the state (``olds``: the previous outputs) and the checked inputs."""
        raise NotImplementedError

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Make the object (or adopt the one a lost answer left behind) and return its id and outputs."""
        raise NotImplementedError

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """The object as it is now; an empty id when it is gone."""
        raise NotImplementedError

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Change the object in place to the checked inputs."""
        raise NotImplementedError

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Remove the object; an object already gone counts as deleted."""
        raise NotImplementedError

    def adopt_owned(self) -> bool:
        """Whether the crash-safe large-stack mode is on (:mod:`versori_pulumi._core.ownership`)."""
        return adopt_owned_enabled(getattr(self, "_config_values", {}).get)

    def force_delete_published(self) -> bool:
        """Whether a delete may remove a published version (``versori:forceDeletePublished``), read at delete time."""
        return force_delete_published(getattr(self, "_config_values", {}).get)

    def settings(self) -> ProviderSettings:
        values = getattr(self, "_config_values", {})
        return settings_from(values.get)

    def client(self) -> ConnectClient:
        """The shared client for this process and configuration (built on first use)."""
        return client_for(self.settings())

    # --- failures ---

    def _call_context(self, operation: str, args: tuple[Any, ...]) -> CallContext:
        """What a failure message needs to know about the call and the configuration; never raises."""
        props = args[-1] if args and isinstance(args[-1], Mapping) else {}
        resource_id = args[0] if len(args) > 1 and isinstance(args[0], str) else None
        get = getattr(self, "_config_values", {}).get
        resolved = {setting.key: resolve(setting, get) for setting in (API_KEY, ORGANISATION_ID, BASE_URL)}
        return CallContext(
            kind=type(self).__name__.removesuffix("Provider"),
            operation=operation,
            props=props,
            resource_id=resource_id,
            base_url=resolved[BASE_URL.key][0],
            organisation_id=resolved[ORGANISATION_ID.key][0],
            sources={key: source for key, (_, source) in resolved.items()},
            secrets=secrets_in(props, resolved[API_KEY.key][0]),
        )

    def _confirm_gone(self) -> None:
        """Before a read reports its object deleted: the organisation must answer (one listing per process)."""
        settings = self.settings()
        key = (settings.base_url, settings.organisation_id)
        if key in _confirmed_organisations:
            return
        client = self.client()
        try:
            next(iter(client.list_connectors()), None)
        except (NotFoundError, ForbiddenError) as exc:
            source = resolve(ORGANISATION_ID, self._config_values.get)[1]
            raise VersoriError(
                "the object was not found, and neither was its organisation: the resource stays in the state",
                fix=organisation_fix(settings.organisation_id, source),
            ) from exc
        with _confirmed_lock:
            _confirmed_organisations.add(key)


def _shaped(operation: str, method: F) -> F:
    """Wrap a provider operation so that a VersoriError leaves it as a ProviderFailure (see the module doc)."""

    @functools.wraps(method)
    def call(self: VersoriProvider, *args: Any) -> Any:
        try:
            result = method(self, *args)
            if operation == "read" and isinstance(result, ReadResult) and not result.id:
                self._confirm_gone()
            return result
        except ProviderFailure:
            raise
        except Exception as exc:
            if isinstance(exc, VersoriError):
                text = describe(exc, context := self._call_context(operation, args))
            elif isinstance(exc, pydantic_validation_errors()):  # pydantic is loaded once it can raise
                text = describe_invalid(exc, context := self._call_context(operation, args))  # type: ignore[arg-type]
            else:
                raise
            failure = ProviderFailure(text, exc, masked=context.secrets)
            if debug_requested():
                raise failure from exc
            raise failure from None

    call.__versori_operation__ = operation  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]
