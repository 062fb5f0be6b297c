"""The lifecycle steps every provider shares: adopt, the name-conflict hint, delete, roll back, the state's forms.

- Adopt (``adopt_existing``): by id first, then by natural key (:mod:`versori_pulumi._core.kinds`); an object of
  another kind under that id or name (a BigQuery connector for an HTTP ``Connector``) is refused, naming it. In
  the large-stack mode (:mod:`versori_pulumi._core.ownership`) a taken name under this stack's connector is adopted.
- A 409 on create or on a rename is the name being taken: the error says to set ``adopt_existing``.
- Delete: a 404 means already gone (logged, success); a refusal (409, 412 for a connection in use) says to set
  ``force_delete`` first, since a delete runs with the settings already applied.
- Roll back: a create that fails half way deletes what it made, so no orphan is left; a failed roll back is logged.
- Timestamps are written ``2026-01-02T03:04:05Z``; auth scheme configs lose the API's ``validationMessages``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from versori_pulumi import models
from versori_pulumi._core.kinds import ResourceKind
from versori_pulumi._core.lazy_types import LazyAdapter
from versori_pulumi._core.ownership import is_owned_by
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = [
    "AUTH_CONFIGS",
    "Creation",
    "adopt",
    "auth_configs_state",
    "conflict_hint",
    "create_or_adopt",
    "delete_remote",
    "lost_create",
    "names_conflict",
    "rolled_back_on_failure",
    "stamp",
    "stamped",
    "without_messages",
]

log = logging.getLogger("versori_pulumi.provider")

T = TypeVar("T")

AUTH_CONFIGS = LazyAdapter("list[AuthSchemeConfig]")
_AUTH_CONFIG = LazyAdapter("AuthSchemeConfig")


def stamp(value: datetime | None) -> str | None:
    """A timestamp as the state keeps it (UTC with a ``Z``), or None."""
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def stamped(attribute: str) -> Callable[[Any], str | None]:
    """Reads an API object's timestamp attribute as the state keeps it (a spec's :class:`Computed` ``read``)."""
    return lambda remote: stamp(getattr(remote, attribute))


def without_messages(config: models.AuthSchemeConfig) -> dict[str, Any]:
    """An auth scheme config as an input: the API's validation messages are no part of what the program declares."""
    dumped: dict[str, Any] = _AUTH_CONFIG.dump_python(
        config.model_copy(update={"validation_messages": None}), mode="json", by_alias=True, exclude_none=True
    )
    return dumped


def auth_configs_state(configs: Sequence[models.AuthSchemeConfig]) -> list[dict[str, Any]]:
    """A connector's auth scheme configs as inputs (see :func:`without_messages`)."""
    return [without_messages(config) for config in configs]


def adopt(kind: ResourceKind[T], client: ConnectClient, inputs: Mapping[str, Any], key: str, where: str) -> T:
    """The object ``adopt_existing`` names: by id first (kinds addressed by id), then by natural key. It may be of
    another protocol: the provider narrows it, so that the error names what was found instead of "not found".
    The engine reports an adoption as ``created``; the log (a warning, which the provider host prints) names what
    was adopted: kind, name and id."""
    found: T | None = None
    if kind.get is not None:
        try:
            found = kind.get(client, inputs, key)
        except NotFoundError:
            found = None
    if found is None:
        found = kind.find(client, {**inputs, "name": key})
    if found is None:
        by = "with id or name" if kind.get is not None else "named"
        raise VersoriError(f"adopt_existing: no {kind.noun} {by} {key!r} {where}")
    name = getattr(found, "name", key)
    log.warning("adopted the existing %s %r (id %s) %s: not created", kind.noun, name, getattr(found, "id", "?"), where)
    return found


def owned_connector(client: ConnectClient, connector_id: str, owner: Any) -> bool:
    """Whether a connector carries this stack's marker: its versions and connections are then this stack's too."""
    try:
        return is_owned_by(client.get_connector(connector_id).tags, owner)
    except NotFoundError:
        return False


def lost_create(
    kind: ResourceKind[T], client: ConnectClient, props: Mapping[str, Any], where: str, *, enabled: bool
) -> T | None:
    """After a 409 on creating a connector's child: in the large-stack mode, the name is taken by this stack's own
    object whose create answer was lost when the connector carries this stack's marker, so it is adopted; else
    None (the mode is off, or the connector is not this stack's)."""
    if not enabled or not owned_connector(client, str(props["connector_id"]), props.get("owner")):
        return None
    log.info("%s %r was made by this stack (its create was lost): adopting it", kind.noun, props["name"])
    return adopt(kind, client, props, str(props["name"]), where)


def conflict_hint(noun: str, name: Any, where: str, exc: ConflictError, extra: str = "") -> VersoriError:
    """The error for a name already taken: the API's message, and how to manage that object instead."""
    return VersoriError(
        f"a {noun} named {name!r} already exists {where} ({exc.message}){extra}; "
        f"set adopt_existing={name!r} to manage it with Pulumi"
    )


@contextmanager
def names_conflict(noun: str, name: Any, where: str, renamed: bool = True) -> Iterator[None]:
    """Within an update: a 409 while renaming is the new name being taken (see :func:`conflict_hint`)."""
    try:
        yield
    except ConflictError as exc:
        if not renamed:
            raise
        raise conflict_hint(noun, name, where, exc) from exc


def delete_remote(
    delete: Callable[[], None],
    what: str,
    gone: str,
    *,
    reason: str = "It is in use",
    refusals: tuple[type[Exception], ...] = (ConflictError,),
    fix: str = "set force_delete=True and run `pulumi up` before deleting it (the delete uses the settings already "
    "applied)",
) -> None:
    """Delete an object: gone already is success; a refusal says how to force it (``what`` names the object in
    the error, ``gone`` in the log)."""
    try:
        delete()
    except NotFoundError:
        log.info("%s was already gone", gone)
    except refusals as exc:
        message = str(getattr(exc, "message", exc))
        raise VersoriError(f"{what} cannot be deleted: {message}. {reason}; {fix}") from exc


@contextmanager
def rolled_back_on_failure(undo: Callable[[], None], what: str) -> Iterator[None]:
    """Run the rest of a create; if it fails, delete the object just made (``undo``) and re-raise."""
    try:
        yield
    except Exception:
        try:
            undo()
        except NotFoundError:
            pass
        except VersoriError as exc:
            log.error("could not roll back %s after a failed create: %s", what, exc)
        raise


def _same(found: T) -> T:
    return found


@dataclass(frozen=True)
class Creation(Generic[T]):
    """How one kind's object comes to be, for :func:`create_or_adopt`: the kind's own requests, the rest shared."""

    kind: ResourceKind[T]
    where: str
    """Where the name must be unique, as messages say it (``in connector c1``)."""
    post: Callable[[], T]
    """The create request."""
    converge: Callable[[T], T]
    """Make an existing object (adopted, or this stack's own whose create answer was lost) match the inputs."""
    complete: Callable[[T], T] = _same
    """What a new object needs after its create request (its contents, a publish...); on failure it is deleted."""
    undo: Callable[[T], None] | None = None
    """Delete a new object whose completion failed (None: a create request makes the object whole)."""
    lost: Callable[[], T | None] = lambda: None
    """After a 409: this stack's own object holding the name (its create answer was lost), or None."""
    narrow: Callable[[T], T] = _same
    """Refuse an existing object of another sort (a connector of another protocol), naming what it is."""
    conflict_extra: str = ""
    """Said after a name conflict's message (why the object holding the name was not taken over)."""


def create_or_adopt(creation: Creation[T], client: ConnectClient, props: Mapping[str, Any]) -> T:
    """The one create step of every kind: adopt what ``adopt_existing`` names, else create; a name already taken is
    this stack's own lost create (then adopted) or an error saying how to manage that object; a new object whose
    completion fails is deleted again, so a failed create leaves no orphan."""
    kind = creation.kind
    adopted = props.get("adopt_existing")
    if adopted:
        return creation.converge(creation.narrow(adopt(kind, client, props, str(adopted), creation.where)))
    try:
        created = creation.post()
    except ConflictError as exc:
        mine = creation.lost()
        if mine is None:
            raise conflict_hint(kind.noun, props["name"], creation.where, exc, creation.conflict_extra) from exc
        return creation.converge(creation.narrow(mine))
    undo = creation.undo
    if undo is None:
        return creation.complete(created)
    with rolled_back_on_failure(lambda: undo(created), f"{kind.noun} {getattr(created, 'name', '')}".strip()):
        return creation.complete(created)
