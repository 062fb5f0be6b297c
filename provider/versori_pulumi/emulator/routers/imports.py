"""Import routes: GetProtocolUploadURL, ImportHTTPConnector and ImportHTTPConnectorVersion (multipart ``file`` +
``metadata``, or JSON naming an uploaded document by URL), and the signed upload target itself
(``PUT /_emulator/uploads/{token}``, outside the API and without the bearer key)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import UploadFile

from versori_pulumi.emulator.contents_views import action_view, definition_view, trigger_view
from versori_pulumi.emulator.deps import OrgDep, StateDep
from versori_pulumi.emulator.lenient import validate_lenient
from versori_pulumi.emulator.problems import APIProblem, field_path
from versori_pulumi.emulator.routers.catalog import PROTOCOLS
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import imports as service
from versori_pulumi.emulator.services.contents import Scope
from versori_pulumi.emulator.settings import BASE_PATH
from versori_pulumi.emulator.uploads import BUCKET, UPLOAD_PATH
from versori_pulumi.emulator.views import connector_view, sent
from versori_pulumi.models import ErrorField, HTTPConnector, Message
from versori_pulumi.models_contents import (
    HTTPConnectorFromURLCreate,
    HTTPConnectorVersionFromURLCreate,
    ImportHTTPConnectorMetadata,
    ImportHTTPConnectorResult,
    ImportHTTPConnectorVersionMetadata,
    SignedURL,
)
from versori_pulumi.openapi_import import OpenAPIImportError, plan_import

router = APIRouter(tags=["imports"], route_class=APIRoute)
uploads_router = APIRouter(tags=["admin"])

M = TypeVar("M")


@router.get("/o/{organisation_id}/protocols/{protocol_slug}/upload-url")
def get_upload_url(
    request: Request,
    state: StateDep,
    org: OrgDep,
    protocol_slug: str,
    content_type: str | None = None,
    content_length: int | None = None,
) -> SignedURL:
    """A single-use URL to PUT a document to (5 minutes); ``content_type``/``content_length``, when given, bind it."""
    if protocol_slug not in {p.slug for p in PROTOCOLS}:
        raise APIProblem(404, f"protocol {protocol_slug!r} not found")
    upload = state.uploads.issue(org, content_type, content_length)
    root = str(request.base_url).rstrip("/")
    return SignedURL(upload_url=f"{root}{UPLOAD_PATH}{upload.token}", url=f"gs://{BUCKET}/{org}/{upload.token}")


@uploads_router.put(UPLOAD_PATH + "{token}")
async def put_upload(request: Request, state: StateDep, token: str) -> Response:
    state.uploads.put(token, await request.body(), request.headers.get("content-type"))
    return Response(status_code=200)


def _validate(model: type[M], data: Any, strict: bool, where: str) -> M:
    try:
        return validate_lenient(TypeAdapter(model), data, strict=strict)
    except ValidationError as exc:
        problem = service.import_error("the request is invalid", [], field=None)
        problem.fields = [
            ErrorField(field=f"{where}{'.' if where else ''}{field_path(e['loc'], data)}", message=e["msg"])
            for e in exc.errors()
        ]
        raise problem from None


async def _read_input(
    request: Request, state: StateDep, org: str, metadata_model: type[M], url_model: type[Any]
) -> tuple[bytes, Any, str | None, M | Any]:
    """``(document, filetype, source url, metadata or URL body)`` from a multipart or a JSON request."""
    strict = state.settings.strict
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "multipart/form-data":
        try:
            form = await request.form()
        except Exception:
            raise service.import_error("the multipart body cannot be parsed", [], field="body") from None
        file, raw_meta = form.get("file"), form.get("metadata")
        if file is None:
            raise service.import_error("the file part is missing", [], field="file")
        document = await file.read() if isinstance(file, UploadFile) else str(file).encode()
        meta_text = (await raw_meta.read()).decode() if isinstance(raw_meta, UploadFile) else raw_meta
        try:
            meta_data = json.loads(meta_text) if meta_text else {}
        except ValueError:
            raise service.import_error("the metadata part is not JSON", [], field="metadata") from None
        return document, None, None, _validate(metadata_model, meta_data, strict, "metadata")
    if media == "application/json":
        try:
            data = await request.json()
        except ValueError:
            raise APIProblem(400, "the body is not valid JSON", field="body") from None
        body = _validate(url_model, data, strict, "")
        document = state.uploads.read(org, body.schema_url)
        source = body.schema_url if body.schema_url.startswith(("http://", "https://")) else None
        return document, body.filetype, source, body
    raise APIProblem(415, "send multipart/form-data (file, metadata) or application/json (schemaURL)")


def _plan(document: bytes, filetype: Any, source: str | None) -> Any:
    try:
        return plan_import(document, filetype=filetype, source_url=source)
    except OpenAPIImportError as exc:
        raise service.from_parse_error(exc) from None
    except UnicodeDecodeError:
        raise service.import_error("the document is not UTF-8 text", [], field="file") from None


def _result(base: str, scope: Scope, messages: list[Message]) -> ImportHTTPConnectorResult:
    contents = scope.contents
    connector = connector_view(scope.record)
    assert isinstance(connector, HTTPConnector)  # imports make HTTP connectors only
    return ImportHTTPConnectorResult(
        connector=connector,
        definitions=[definition_view(base, scope, d) for d in contents.definitions],
        actions=[action_view(base, scope, c) for c in contents.actions],
        triggers=[trigger_view(base, scope, c) for c in contents.triggers],
        messages=[sent(m) for m in messages],
    )


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + BASE_PATH


@router.post("/o/{organisation_id}/protocols/http/import", status_code=201)
async def import_http_connector(request: Request, state: StateDep, org: OrgDep) -> ImportHTTPConnectorResult:
    document, filetype, source, _meta = await _read_input(
        request, state, org, ImportHTTPConnectorMetadata, HTTPConnectorFromURLCreate
    )
    plan = await run_in_threadpool(_plan, document, filetype, source)
    _record, scope = await run_in_threadpool(service.import_connector, state.store, org, plan)
    return _result(_base(request), scope, plan.messages)


@router.post("/o/{organisation_id}/connector/{connector_id}/http/import", status_code=201)
async def import_http_connector_version(
    request: Request, state: StateDep, org: OrgDep, connector_id: str
) -> ImportHTTPConnectorResult:
    document, filetype, source, meta = await _read_input(
        request, state, org, ImportHTTPConnectorVersionMetadata, HTTPConnectorVersionFromURLCreate
    )
    plan = await run_in_threadpool(_plan, document, filetype, source)
    _record, scope, warnings = await run_in_threadpool(
        service.import_version, state.store, org, connector_id, meta.version, plan
    )
    return _result(_base(request), scope, [*plan.messages, *warnings])
