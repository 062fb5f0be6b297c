"""A connector version's contents: actions, triggers, definitions and the raw schemas definitions serve.

Endpoints (under ``/o/{org}``; ``{V}`` = ``/connectors/{id}/versions/{version}``):
``GET|POST {V}/actions``, ``GET|PUT|DELETE {V}/actions/{name}`` (and the same for ``triggers``),
``GET|POST|DELETE {V}/definitions`` (the DELETE has a body), ``GET|PUT|DELETE {V}/definitions/{name}``,
``GET /schemas/{id}/{version}/{file}``.

A POST whose outcome is unknown is settled by its natural key (an action's or trigger's name, the definition names
of the batch), never blindly repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar

from pydantic import TypeAdapter

from ..errors import NotFoundError
from ..models import (
    ActionHTTP,
    ActionHTTPCreate,
    ActionPage,
    Definition,
    DefinitionPage,
    Definitions,
    DefinitionsCreate,
    DefinitionsDelete,
    DefinitionUpdate,
    TriggerHTTP,
    TriggerHTTPCreate,
    TriggerPage,
)
from ._base import _seg
from ._retry import was_replayed
from ._versions import VersionsAPI

__all__ = ["ContentsAPI"]

T = TypeVar("T")
_ACTION = TypeAdapter(ActionHTTP)
_TRIGGER = TypeAdapter(TriggerHTTP)
_DEFINITION = TypeAdapter(Definition)
_DEFINITIONS = TypeAdapter(Definitions)
_RAW_SCHEMA: TypeAdapter[dict[str, Any] | bool] = TypeAdapter(dict[str, Any] | bool)
Kind = Literal["actions", "triggers"]


class ContentsAPI(VersionsAPI):
    """The version-contents methods of :class:`~versori_pulumi.client.ConnectClient` (paths under a version)."""

    def _v(self, connector_id: str, version: str, *segments: str) -> str:
        return self._versions(connector_id, _seg(version, "version"), *segments)

    # --- actions and triggers ---

    def list_actions(
        self, connector_id: str, version: str, *, name: str | None = None, page_size: int = 100
    ) -> Iterator[ActionHTTP]:
        """The version's actions, most recently updated first; ``name`` filters by substring."""
        pages = self._pages(self._v(connector_id, version, "actions"), ActionPage, _named(name), page_size)
        return (action for page in pages for action in page.items)

    def get_action(self, connector_id: str, version: str, name: str) -> ActionHTTP:
        path = self._v(connector_id, version, "actions", _seg(name, "action name"))
        return self._session.parse(_ACTION, self._session.request("GET", path, idempotent=True))

    def create_action(self, connector_id: str, version: str, body: ActionHTTPCreate) -> ActionHTTP:
        """Create an action; a lost response is settled by getting the action by name."""
        return self._create_child(connector_id, version, "actions", body, _ACTION, self.get_action)

    def update_action(self, connector_id: str, version: str, name: str, body: ActionHTTP) -> ActionHTTP:
        """Replace an action with ``body`` (the read shape; a different ``name`` renames it)."""
        return self._update_child(connector_id, version, "actions", name, body, _ACTION, self.get_action)

    def delete_action(self, connector_id: str, version: str, name: str) -> None:
        self._delete(self._v(connector_id, version, "actions", _seg(name, "action name")), False)

    def list_triggers(
        self, connector_id: str, version: str, *, name: str | None = None, page_size: int = 100
    ) -> Iterator[TriggerHTTP]:
        pages = self._pages(self._v(connector_id, version, "triggers"), TriggerPage, _named(name), page_size)
        return (trigger for page in pages for trigger in page.items)

    def get_trigger(self, connector_id: str, version: str, name: str) -> TriggerHTTP:
        path = self._v(connector_id, version, "triggers", _seg(name, "trigger name"))
        return self._session.parse(_TRIGGER, self._session.request("GET", path, idempotent=True))

    def create_trigger(self, connector_id: str, version: str, body: TriggerHTTPCreate) -> TriggerHTTP:
        """Create a trigger; a lost response is settled by getting the trigger by name."""
        return self._create_child(connector_id, version, "triggers", body, _TRIGGER, self.get_trigger)

    def update_trigger(self, connector_id: str, version: str, name: str, body: TriggerHTTP) -> TriggerHTTP:
        return self._update_child(connector_id, version, "triggers", name, body, _TRIGGER, self.get_trigger)

    def delete_trigger(self, connector_id: str, version: str, name: str) -> None:
        self._delete(self._v(connector_id, version, "triggers", _seg(name, "trigger name")), False)

    def _create_child(
        self,
        connector_id: str,
        version: str,
        kind: Kind,
        body: ActionHTTPCreate | TriggerHTTPCreate,
        adapter: TypeAdapter[T],
        get: Callable[[str, str, str], T],
    ) -> T:
        _seg(body.name, "name")
        path = self._v(connector_id, version, kind)

        def post() -> T:
            return self._session.parse(adapter, self._session.request("POST", path, json=body.wire(), idempotent=False))

        def lookup() -> T | None:
            try:
                return get(connector_id, version, body.name)
            except NotFoundError:
                return None

        return self._session.post_once(f"POST {path}", post, lookup)

    def _update_child(
        self,
        connector_id: str,
        version: str,
        kind: Kind,
        name: str,
        body: ActionHTTP | TriggerHTTP,
        adapter: TypeAdapter[T],
        get: Callable[[str, str, str], T],
    ) -> T:
        path = self._v(connector_id, version, kind, _seg(name, "name"))
        try:
            return self._session.parse(adapter, self._session.request("PUT", path, json=body.wire(), idempotent=True))
        except NotFoundError as exc:
            # A rename whose first attempt landed leaves the old name 404 on the replay.
            if not was_replayed(exc) or body.name == name:
                raise
            try:
                return get(connector_id, version, body.name)
            except NotFoundError:
                raise exc from None

    # --- definitions ---

    def list_definitions(
        self, connector_id: str, version: str, *, name: str | None = None, page_size: int = 100
    ) -> Iterator[Definition]:
        pages = self._pages(self._v(connector_id, version, "definitions"), DefinitionPage, _named(name), page_size)
        return (definition for page in pages for definition in page.items)

    def get_definition(self, connector_id: str, version: str, name: str) -> Definition:
        path = self._v(connector_id, version, "definitions", _seg(name, "definition name"))
        return self._session.parse(_DEFINITION, self._session.request("GET", path, idempotent=True))

    def create_definitions(self, connector_id: str, version: str, body: DefinitionsCreate) -> list[Definition]:
        """Create definitions in one atomic call (they may ``$ref`` each other as ``#/$defs/{name}``).

        A lost response is settled by looking the names up: the server makes all of them or none.
        """
        for item in body.definitions:
            _seg(item.name, "definition name")
        path = self._v(connector_id, version, "definitions")
        names = [item.name for item in body.definitions]

        def post() -> list[Definition]:
            answer = self._session.request("POST", path, json=body.wire(), idempotent=False)
            return self._session.parse(_DEFINITIONS, answer).definitions

        def lookup() -> list[Definition] | None:
            found = {d.name: d for d in self.list_definitions(connector_id, version) if d.name in names}
            return [found[n] for n in names] if len(found) == len(names) else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def update_definition(self, connector_id: str, version: str, name: str, body: DefinitionUpdate) -> Definition:
        """Rename, change ``accept``/``description``, and replace the schema when ``body.schema_`` is set."""
        path = self._v(connector_id, version, "definitions", _seg(name, "definition name"))
        try:
            answer = self._session.request("PUT", path, json=body.wire(), idempotent=True)
            return self._session.parse(_DEFINITION, answer)
        except NotFoundError as exc:
            if not was_replayed(exc) or body.name == name:
                raise
            try:
                return self.get_definition(connector_id, version, body.name)
            except NotFoundError:
                raise exc from None

    def delete_definition(self, connector_id: str, version: str, name: str, *, force: bool = False) -> None:
        """Delete a definition; 412 (:class:`~versori_pulumi.errors.PreconditionFailedError`) while referenced."""
        self._delete(self._v(connector_id, version, "definitions", _seg(name, "definition name")), force)

    def delete_definitions(
        self,
        connector_id: str,
        version: str,
        *,
        ids: Sequence[str] | None = None,
        names: Sequence[str] | None = None,
        all: bool = False,
        force: bool = False,
    ) -> None:
        """Delete the definitions named by ``ids`` and ``names`` (joined), or ``all`` of them: a DELETE with a body.

        A 404 answering a replay means the earlier, lost attempt deleted them (the delete is atomic).
        """
        body = DefinitionsDelete(
            ids=list(ids) if ids is not None else None,
            names=list(names) if names is not None else None,
            all=all or None,
        )
        path = self._v(connector_id, version, "definitions")
        params = {"force": "true"} if force else None
        try:
            self._session.request("DELETE", path, json=body.wire(), params=params, idempotent=True)
        except NotFoundError as exc:
            if not was_replayed(exc):
                raise

    def get_raw_schema(self, connector_id: str, version: str, definition_id: str) -> dict[str, Any] | bool:
        """The JSON Schema a definition's ``url`` serves (references to other definitions are their URLs)."""
        filename = _seg(definition_id, "definition_id") + ".json"
        path = self._o("schemas", _seg(connector_id, "connector_id"), _seg(version, "version"), filename)
        return self._session.parse(_RAW_SCHEMA, self._session.request("GET", path, idempotent=True))


def _named(name: str | None) -> dict[str, str]:
    return {"name": name} if name else {}
