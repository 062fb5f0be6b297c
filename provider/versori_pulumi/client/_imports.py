"""Upload URLs and the two OpenAPI imports (a new connector, or a new version of one), multipart or by URL.

Endpoints (under ``/o/{org}``): ``GET /protocols/{slug}/upload-url``, ``POST /protocols/http/import``,
``POST /connector/{id}/http/import``; the document itself goes by PUT to the signed upload URL (without the key).

A lost import is settled by its natural key (the imported connector's ``info.title``, the imported version's name)
and the contents are read back; it is never blindly repeated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter

from ..models import (
    HTTPConnector,
    HTTPConnectorFromURLCreate,
    HTTPConnectorVersionFromURLCreate,
    ImportHTTPConnectorResult,
    SignedURL,
)
from ._base import _seg
from ._connectors import ConnectorsAPI
from ._contents import ContentsAPI

__all__ = ["ImportsAPI"]

_RESULT = TypeAdapter(ImportHTTPConnectorResult)
_SIGNED = TypeAdapter(SignedURL)


def _title_of(document: bytes | str) -> str | None:
    """The connector name an import of ``document`` would create (its ``info.title``), for settling a lost POST.

    Read only then, with the document reader alone (its YAML parser loads on first use): the client never loads
    the OpenAPI mapping nor its validator."""
    from ..openapi_load import DocumentSyntaxError, parse_document

    try:
        parsed = parse_document(document)
    except (DocumentSyntaxError, UnicodeDecodeError):
        return None
    info = parsed.get("info") if isinstance(parsed, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    return title.strip() if isinstance(title, str) and title.strip() else None


class ImportsAPI(ConnectorsAPI, ContentsAPI):
    """The upload and import methods of :class:`~versori_pulumi.client.ConnectClient` (a lost import is settled by
    finding the connector and reading its version's contents back)."""

    def get_upload_url(self, protocol_slug: str = "http") -> SignedURL:
        """A single-use URL (5 minutes) to PUT a document to, before importing it by URL."""
        path = self._o("protocols", _seg(protocol_slug, "protocol_slug"), "upload-url")
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
        return self._import(path, files, None, lambda: _title_of(document), None)

    def import_http_connector_from_url(
        self, body: HTTPConnectorFromURLCreate, *, expected_title: str | None = None
    ) -> ImportHTTPConnectorResult:
        """Import the document at ``body.schema_url``; ``expected_title`` (its ``info.title``) lets a lost response
        be settled (without it a repeated POST answers 409 and the error is raised)."""
        return self._import(self._o("protocols", "http", "import"), None, body.wire(), lambda: expected_title, None)

    def import_http_connector_version(
        self, connector_id: str, document: bytes | str, version: str, *, filename: str = "openapi"
    ) -> ImportHTTPConnectorResult:
        """Import a document as a new draft version ``version`` of an HTTP connector (multipart upload); a lost
        response is settled by getting that version."""
        path = self._o("connector", _seg(connector_id, "connector_id"), "http", "import")
        files = _multipart(document, filename, {"format": "openapi", "version": version})
        return self._import(path, files, None, lambda: None, (connector_id, version))

    def import_http_connector_version_from_url(
        self, connector_id: str, body: HTTPConnectorVersionFromURLCreate
    ) -> ImportHTTPConnectorResult:
        path = self._o("connector", _seg(connector_id, "connector_id"), "http", "import")
        return self._import(path, None, body.wire(), lambda: None, (connector_id, body.version))

    def _import(
        self,
        path: str,
        files: Any,
        json_body: Any,
        title: Callable[[], str | None],
        target: tuple[str, str] | None,
    ) -> ImportHTTPConnectorResult:
        """POST an import once; ``title`` (the new connector's name, read when needed) or ``target`` (connector id
        and version name) settles a lost answer."""

        def post() -> ImportHTTPConnectorResult:
            answer = self._session.request("POST", path, json=json_body, files=files, idempotent=False)
            return self._session.parse(_RESULT, answer)

        def lookup() -> ImportHTTPConnectorResult | None:
            if target is not None:
                connector = self.get_connector(target[0])
                if not isinstance(connector, HTTPConnector) or not any(v.name == target[1] for v in connector.versions):
                    return None
                return self._result(connector, target[1])
            name = title()
            found = self.find_connector_by_name(name) if name else None
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


def _multipart(
    document: bytes | str, filename: str, metadata: dict[str, str]
) -> dict[str, tuple[str | None, bytes | str, str]]:
    data = document.encode() if isinstance(document, str) else document
    return {
        "file": (filename, data, "application/octet-stream"),
        "metadata": (None, json.dumps(metadata), "application/json"),
    }
