"""The version-contents part of :class:`versori_pulumi.client.ConnectClient`: actions, triggers, definitions, raw
schemas, upload URLs, the two OpenAPI imports and BigQuery connectors.

Endpoints (under ``/o/{org}``; ``{V}`` = ``/connectors/{id}/versions/{version}``):
``GET|POST {V}/actions``, ``GET|PUT|DELETE {V}/actions/{name}`` (and the same for ``triggers``),
``GET|POST|DELETE {V}/definitions`` (the DELETE has a body), ``GET|PUT|DELETE {V}/definitions/{name}``,
``GET /schemas/{id}/{version}/{file}``, ``GET /protocols/{slug}/upload-url``, ``POST /protocols/http/import``,
``POST /connector/{id}/http/import``, ``POST /protocols/bigquery/connectors``.

Same rules as the rest of the client: idempotent calls are retried; a POST whose outcome is unknown is settled by
its natural key (an action's or trigger's name, the definition names of the batch, the imported connector's
``info.title``, the imported version's name, a BigQuery connector's name), never blindly repeated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from urllib.parse import quote

from pydantic import TypeAdapter

from ._http import HTTPSession, PageT
from ._registry import BIGQUERY_CONNECTOR
from ._retry import was_replayed
from .errors import NotFoundError
from .models import BigQueryConnector, BigQueryConnectorCreate, HTTPConnector
from .models_contents import (
    ActionHTTP,
    ActionHTTPCreate,
    ActionPage,
    Definition,
    DefinitionPage,
    Definitions,
    DefinitionsCreate,
    DefinitionsDelete,
    DefinitionUpdate,
    HTTPConnectorFromURLCreate,
    HTTPConnectorVersionFromURLCreate,
    ImportHTTPConnectorResult,
    SignedURL,
    TriggerHTTP,
    TriggerHTTPCreate,
    TriggerPage,
)
from .openapi_import import OpenAPIImportError, load_document

if TYPE_CHECKING:
    from .client import ConnectClient

__all__ = ["ContentsMixin"]

T = TypeVar("T")
_ACTION = TypeAdapter(ActionHTTP)
_TRIGGER = TypeAdapter(TriggerHTTP)
_DEFINITION = TypeAdapter(Definition)
_DEFINITIONS = TypeAdapter(Definitions)
_RESULT = TypeAdapter(ImportHTTPConnectorResult)
_SIGNED = TypeAdapter(SignedURL)
_BIGQUERY = TypeAdapter(BigQueryConnector)
_RAW_SCHEMA: TypeAdapter[dict[str, Any] | bool] = TypeAdapter(dict[str, Any] | bool)
Kind = Literal["actions", "triggers"]


def _title_of(document: bytes | str) -> str | None:
    """The connector name an import of ``document`` would create (its ``info.title``), for settling a lost POST."""
    try:
        info = load_document(document).get("info")
    except OpenAPIImportError:
        return None
    title = info.get("title") if isinstance(info, dict) else None
    return title.strip() if isinstance(title, str) and title.strip() else None


class ContentsMixin:
    """Methods of :class:`~versori_pulumi.client.ConnectClient` for version contents and imports."""

    _session: HTTPSession

    @staticmethod
    def _seg(value: str, what: str) -> str:
        """One URL path segment, quoted; an empty value is refused before any request is made."""
        if not isinstance(value, str) or not value:
            raise ValueError(f"{what} must be a non-empty string")
        return quote(value, safe="")

    def _o(self, *segments: str) -> str:
        raise NotImplementedError

    def _versions(self, connector_id: str, *segments: str) -> str:
        raise NotImplementedError

    def _pages(self, path: str, model: type[PageT], params: Mapping[str, str], page_size: int) -> Iterator[PageT]:
        raise NotImplementedError

    def _delete(self, path: str, force: bool) -> None:
        raise NotImplementedError

    def get_connector(self, connector_id: str) -> HTTPConnector | BigQueryConnector:
        raise NotImplementedError

    def find_connector_by_name(self, name: str) -> HTTPConnector | BigQueryConnector | None:
        raise NotImplementedError

    def _v(self, connector_id: str, version: str, *segments: str) -> str:
        return self._versions(connector_id, self._seg(version, "version"), *segments)

    # --- actions and triggers ---

    def list_actions(
        self, connector_id: str, version: str, *, name: str | None = None, page_size: int = 100
    ) -> Iterator[ActionHTTP]:
        """The version's actions, most recently updated first; ``name`` filters by substring."""
        pages = self._pages(self._v(connector_id, version, "actions"), ActionPage, _named(name), page_size)
        return (action for page in pages for action in page.actions)

    def get_action(self, connector_id: str, version: str, name: str) -> ActionHTTP:
        path = self._v(connector_id, version, "actions", self._seg(name, "action name"))
        return self._session.parse(_ACTION, self._session.request("GET", path, idempotent=True))

    def create_action(self, connector_id: str, version: str, body: ActionHTTPCreate) -> ActionHTTP:
        """Create an action; a lost response is settled by getting the action by name."""
        return self._create_child(connector_id, version, "actions", body, _ACTION, self.get_action)

    def update_action(self, connector_id: str, version: str, name: str, body: ActionHTTP) -> ActionHTTP:
        """Replace an action with ``body`` (the read shape; a different ``name`` renames it)."""
        return self._update_child(connector_id, version, "actions", name, body, _ACTION, self.get_action)

    def delete_action(self, connector_id: str, version: str, name: str) -> None:
        self._delete(self._v(connector_id, version, "actions", self._seg(name, "action name")), False)

    def list_triggers(
        self, connector_id: str, version: str, *, name: str | None = None, page_size: int = 100
    ) -> Iterator[TriggerHTTP]:
        pages = self._pages(self._v(connector_id, version, "triggers"), TriggerPage, _named(name), page_size)
        return (trigger for page in pages for trigger in page.triggers)

    def get_trigger(self, connector_id: str, version: str, name: str) -> TriggerHTTP:
        path = self._v(connector_id, version, "triggers", self._seg(name, "trigger name"))
        return self._session.parse(_TRIGGER, self._session.request("GET", path, idempotent=True))

    def create_trigger(self, connector_id: str, version: str, body: TriggerHTTPCreate) -> TriggerHTTP:
        """Create a trigger; a lost response is settled by getting the trigger by name."""
        return self._create_child(connector_id, version, "triggers", body, _TRIGGER, self.get_trigger)

    def update_trigger(self, connector_id: str, version: str, name: str, body: TriggerHTTP) -> TriggerHTTP:
        return self._update_child(connector_id, version, "triggers", name, body, _TRIGGER, self.get_trigger)

    def delete_trigger(self, connector_id: str, version: str, name: str) -> None:
        self._delete(self._v(connector_id, version, "triggers", self._seg(name, "trigger name")), False)

    def _create_child(
        self,
        connector_id: str,
        version: str,
        kind: Kind,
        body: ActionHTTPCreate | TriggerHTTPCreate,
        adapter: TypeAdapter[T],
        get: Callable[[str, str, str], T],
    ) -> T:
        self._seg(body.name, "name")
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
        path = self._v(connector_id, version, kind, self._seg(name, "name"))
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
        return (definition for page in pages for definition in page.definitions)

    def get_definition(self, connector_id: str, version: str, name: str) -> Definition:
        path = self._v(connector_id, version, "definitions", self._seg(name, "definition name"))
        return self._session.parse(_DEFINITION, self._session.request("GET", path, idempotent=True))

    def create_definitions(self, connector_id: str, version: str, body: DefinitionsCreate) -> list[Definition]:
        """Create definitions in one atomic call (they may ``$ref`` each other as ``#/$defs/{name}``).

        A lost response is settled by looking the names up: the server makes all of them or none.
        """
        for item in body.definitions:
            self._seg(item.name, "definition name")
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
        path = self._v(connector_id, version, "definitions", self._seg(name, "definition name"))
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
        self._delete(self._v(connector_id, version, "definitions", self._seg(name, "definition name")), force)

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
        filename = self._seg(definition_id, "definition_id") + ".json"
        path = self._o("schemas", self._seg(connector_id, "connector_id"), self._seg(version, "version"), filename)
        return self._session.parse(_RAW_SCHEMA, self._session.request("GET", path, idempotent=True))

    # --- uploads and imports ---

    def get_upload_url(self, protocol_slug: str = "http") -> SignedURL:
        """A single-use URL (5 minutes) to PUT a document to, before importing it by URL."""
        path = self._o("protocols", self._seg(protocol_slug, "protocol_slug"), "upload-url")
        return self._session.parse(_SIGNED, self._session.request("GET", path, idempotent=True))

    def upload_document(
        self, document: bytes | str, *, protocol_slug: str = "http", content_type: str = "application/octet-stream"
    ) -> SignedURL:
        """Get an upload URL and PUT ``document`` to it (without the API key); returns the URL, whose ``url`` an
        import by URL takes."""
        signed = self.get_upload_url(protocol_slug)
        data = document.encode() if isinstance(document, str) else document
        self._session.put_signed(signed.upload_url, data, content_type)
        return signed

    def import_http_connector(self, document: bytes | str, *, filename: str = "openapi") -> ImportHTTPConnectorResult:
        """Import an OpenAPI 3.x document (JSON or YAML) as a new draft connector (multipart upload).

        A lost response is settled by finding a connector named after the document's ``info.title`` and reading
        its version's contents back (the messages of the lost answer are not recoverable then).
        """
        path = self._o("protocols", "http", "import")
        files = _multipart(document, filename, {"format": "openapi"})
        return self._import(path, files, None, _title_of(document), None)

    def import_http_connector_from_url(
        self, body: HTTPConnectorFromURLCreate, *, expected_title: str | None = None
    ) -> ImportHTTPConnectorResult:
        """Import the document at ``body.schema_url``; ``expected_title`` (its ``info.title``) lets a lost response
        be settled (without it a repeated POST answers 409 and the error is raised)."""
        return self._import(self._o("protocols", "http", "import"), None, body.wire(), expected_title, None)

    def import_http_connector_version(
        self, connector_id: str, document: bytes | str, version: str, *, filename: str = "openapi"
    ) -> ImportHTTPConnectorResult:
        """Import a document as a new draft version ``version`` of an HTTP connector (multipart upload); a lost
        response is settled by getting that version."""
        path = self._o("connector", self._seg(connector_id, "connector_id"), "http", "import")
        files = _multipart(document, filename, {"format": "openapi", "version": version})
        return self._import(path, files, None, None, (connector_id, version))

    def import_http_connector_version_from_url(
        self, connector_id: str, body: HTTPConnectorVersionFromURLCreate
    ) -> ImportHTTPConnectorResult:
        path = self._o("connector", self._seg(connector_id, "connector_id"), "http", "import")
        return self._import(path, None, body.wire(), None, (connector_id, body.version))

    def _import(
        self,
        path: str,
        files: Any,
        json_body: Any,
        title: str | None,
        target: tuple[str, str] | None,
    ) -> ImportHTTPConnectorResult:
        def post() -> ImportHTTPConnectorResult:
            answer = self._session.request("POST", path, json=json_body, files=files, idempotent=False)
            return self._session.parse(_RESULT, answer)

        def lookup() -> ImportHTTPConnectorResult | None:
            if target is not None:
                connector = self.get_connector(target[0])
                if not isinstance(connector, HTTPConnector) or not any(v.name == target[1] for v in connector.versions):
                    return None
                return self._result(connector, target[1])
            found = self.find_connector_by_name(title) if title else None
            if not isinstance(found, HTTPConnector) or not found.versions:
                return None
            return self._result(found, found.versions[0].name)

        return self._session.post_once(f"POST {path}", post, lookup)

    def _result(self, connector: HTTPConnector, version: str) -> ImportHTTPConnectorResult:
        return ImportHTTPConnectorResult(
            connector=connector,
            definitions=list(self.list_definitions(connector.id, version)),
            actions=list(self.list_actions(connector.id, version)),
            triggers=list(self.list_triggers(connector.id, version)),
            messages=[],
        )

    # --- BigQuery ---

    def create_bigquery_connector(self, body: BigQueryConnectorCreate) -> BigQueryConnector:
        """Create a BigQuery connector; a lost response is settled by finding the connector by its name."""
        self._seg(body.name, "connector name")
        path = self._o("protocols", "bigquery", "connectors")

        def post() -> BigQueryConnector:
            return self._session.parse(
                _BIGQUERY, self._session.request("POST", path, json=body.wire(), idempotent=False)
            )

        def lookup() -> BigQueryConnector | None:
            found = BIGQUERY_CONNECTOR.lookup(cast("ConnectClient", self), {"name": body.name})
            return found if isinstance(found, BigQueryConnector) else None

        return self._session.post_once(f"POST {path}", post, lookup)


def _named(name: str | None) -> dict[str, str]:
    return {"name": name} if name else {}


def _multipart(
    document: bytes | str, filename: str, metadata: dict[str, str]
) -> dict[str, tuple[str | None, bytes | str, str]]:
    data = document.encode() if isinstance(document, str) else document
    return {
        "file": (filename, data, "application/octet-stream"),
        "metadata": (None, json.dumps(metadata), "application/json"),
    }
