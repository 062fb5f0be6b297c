"""What the client tests share: the endpoint-table checks, a paged fake listing, emulator-side builders, and the
lost-POST check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from client_fakes import (
    ORG,
    Router,
    client,
    page,
)
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import (
    AuthSchemeConfigAPIKey,
    AuthSchemeConfigNone,
    ConnectionCreate,
    ConnectorVersionCreate,
    HTTPConnectorCreate,
)
from versori_pulumi.models_contents import (
    ActionHTTPCreate,
    DefinitionsCreate,
    TriggerHTTPCreate,
)

OP = f"/o/{ORG}"

Call = Callable[[ConnectClient], Any]
Endpoint = tuple[str, Call, str, str, dict[str, str], Any, httpx.Response, Any]
"""An endpoint row: name, call, method, path, query, json body, reply, expected type of result."""

EndpointCase = tuple[Call, str, str, dict[str, str], Any, httpx.Response, Any]
"""An endpoint row without its name (the case's id)."""


def endpoint_cases(rows: list[Endpoint]) -> list[Any]:
    """A table's rows as test cases for :func:`check_endpoint`, each named by its row's name."""
    return [pytest.param(row[1:], id=row[0]) for row in rows]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def check_endpoint(case: EndpointCase) -> None:
    """One call sends exactly the row's request (method, path, query, body) and returns the row's type."""
    call, method, path, query, sent_body, reply, result_type = case
    router = Router().on(method, path, reply)
    with client(router) as api:
        result = call(api)
        assert api.request_count == 1
    (request,) = router.requests
    assert (request.method, request.url.path) == (method, "/api/connect/v1" + path)
    assert dict(request.url.params) == query
    assert body_of(request) == sent_body
    assert isinstance(result, result_type)


def check_refused_before_any_request(call: Call) -> None:
    router = Router()
    with client(router) as api:
        with pytest.raises(ValueError):
            call(api)
        assert api.request_count == 0
    assert router.requests == []


def paged(key: str, items: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """A list endpoint serving ``items`` by ``first``/``after`` with opaque cursors, like the API."""

    def serve(request: httpx.Request) -> httpx.Response:
        first = int(request.url.params.get("first", "20"))
        start = int(request.url.params["after"].removeprefix("cur-")) if "after" in request.url.params else 0
        end = start + min(first, 100)
        return page(key, items[start:end], f"cur-{end}" if end < len(items) else None, total=len(items))

    return serve


# --- emulator fixtures ---

API_KEY_CONFIG = AuthSchemeConfigAPIKey(id="01JCFG0000000000000000000A", description="key", name="X-Key", in_="header")


NONE_CONFIG = AuthSchemeConfigNone(id="01JCFG0000000000000000000B", description="open")


LIST_ROUTE = "GET /o/{organisation_id}/connectors"


def http_create(name: str, **extra: Any) -> HTTPConnectorCreate:
    return HTTPConnectorCreate(name=name, base_url=f"https://{name}.example", **extra)


def connection_create(name: str, secret: str = "s3cr3t-value") -> ConnectionCreate:
    return ConnectionCreate.model_validate(
        {
            "name": name,
            "credentials": {
                "action": [
                    {
                        "authSchemeConfig": API_KEY_CONFIG.wire(),
                        "credential": {"name": f"{name}-key", "type": "string", "data": {"value": secret}},
                    }
                ]
            },
            "variables": [{"name": "region", "value": "eu"}],
        }
    )


Setup = Callable[[ConnectClient], Any]
"""What a lost-POST case makes first (its result is the context of the POST and of the count)."""
PostCall = Callable[[ConnectClient, Any], Any]
Count = Callable[[ConnectClient, Any], int]


def post_with_lost_answer(emulator: EmulatorServer, setup: Setup, call: PostCall, count: Count) -> Any:
    """Run ``call`` (one POST) with its first answer dropped: it is sent once, settled by one look-up, and
    ``count`` finds one object; its result is returned, for the caller's own check."""
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as plain:
        context = setup(plain)
    emulator.reset()
    emulator.set_faults(1.0, ["drop"])
    transport = FaultsOffAfterFirst(emulator)
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key, transport=transport) as api:
        result = call(api, context)
        posts = {route: n for route, n in emulator.stats().items() if route.startswith("POST")}
        assert list(posts.values()) == [1], posts
        assert api.lookup_count == 1
        assert count(api, context) == 1
    return result


class FaultsOffAfterFirst(httpx.BaseTransport):
    """A real transport that switches the emulator's faults off once the first ``method`` request has been sent."""

    def __init__(self, emulator: EmulatorServer, method: str = "POST") -> None:
        self._inner = httpx.HTTPTransport()
        self._emulator = emulator
        self._method = method
        self._armed = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._inner.handle_request(request)
        finally:
            if self._armed and request.method == self._method:
                self._armed = False
                self._emulator.set_faults(0.0, ["drop"])

    def close(self) -> None:
        self._inner.close()


FIXTURES = Path(__file__).parents[1] / "fixtures" / "openapi"


PETSTORE = (FIXTURES / "petstore-3.1.yaml").read_bytes()


BILLING = (FIXTURES / "billing-3.0.json").read_bytes()


def definitions(*names: str, ref: str | None = None) -> DefinitionsCreate:
    schema = {"type": "object"} if ref is None else {"type": "object", "properties": {"x": {"$ref": f"#/$defs/{ref}"}}}
    return DefinitionsCreate.model_validate(
        {
            "definitions": [
                {
                    "name": n,
                    "accept": ["application/json"],
                    "schema": {"contentType": "application/schema+json", "content": json.dumps(schema)},
                }
                for n in names
            ]
        }
    )


def action(name: str, definition: str | None = None) -> ActionHTTPCreate:
    links = [{"definition": {"name": definition}}] if definition else []
    return ActionHTTPCreate.model_validate(
        {
            "name": name,
            "method": "GET",
            "path": "/things/{{ param.id }}",
            "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
            "responses": [{"status": 200, "definitions": links}],
        }
    )


def trigger(name: str) -> TriggerHTTPCreate:
    return TriggerHTTPCreate.model_validate({"name": name, "method": "POST", "responses": [{"definitions": []}]})


def draft(api: ConnectClient, name: str = "crm") -> str:
    connector = api.create_http_connector(HTTPConnectorCreate(name=name, base_url=f"https://{name}.example"))
    api.create_version(connector.id, ConnectorVersionCreate(name="1.0.0"))
    return connector.id
