"""A vendor-size OpenAPI document, generated: the shape of an accounting platform's published API.

Forty-seven resources, each with list/create/get/update/delete (235 operations) and four schemas (188, plus shared
ones), written the way vendors write them: unquoted dates in examples, a boolean whose default is the string
``'false'``, array query parameters, path-level parameters, long descriptions. ``moved`` and ``ping`` make the
edit the benchmark measures: one resource's item path moves (its get/update/delete: three actions) and one
operation is added. The tests and ``bench/run.py`` both use it.
"""

from __future__ import annotations

import datetime
from typing import Any

import yaml

__all__ = ["RESOURCES", "vendor_document", "vendor_yaml"]

_NOUNS = (
    "Account Invoice CreditNote Payment Contact Item Journal Receipt Quote PurchaseOrder BankTransfer BankTransaction "
    "Budget Employee Expense Asset AssetType TaxRate TrackingCategory Currency Organisation User Attachment Batch "
    "Prepayment Overpayment LinkedTransaction ManualJournal Report Branding Setting Project Task TimeEntry Payroll "
    "Leave Timesheet Supplier Customer Warehouse Stock Shipment Refund Subscription Plan Coupon Webhook"
).split()
RESOURCES: tuple[str, ...] = tuple(_NOUNS[:47])

_PROSE = (
    "This endpoint is part of the public accounting API. Requests are rate limited per tenant; see the rate "
    "limits page. Amounts are in the organisation's base currency unless a currency code is given. "
)


def _money() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "An amount with its currency. " + _PROSE,
        "properties": {
            "amount": {"type": "number", "format": "double", "example": 120.5},
            "currency": {"type": "string", "example": "GBP", "minLength": 3, "maxLength": 3},
        },
        "required": ["amount"],
    }


def _resource_schemas(noun: str, index: int, valid: bool) -> dict[str, Any]:
    day: Any = datetime.date(2024, 1 + index % 12, 1 + index % 28)
    at: Any = datetime.datetime(2024, 3, 1, 12, 30, tzinfo=datetime.UTC)
    if valid:
        day, at = day.isoformat(), at.isoformat()
    fields: dict[str, Any] = {
        f"{noun}ID": {"type": "string", "format": "uuid", "readOnly": True, "description": f"The {noun}'s id."},
        "Name": {"type": "string", "maxLength": 255, "description": f"The {noun}'s display name. " + _PROSE},
        "Status": {"type": "string", "enum": ["DRAFT", "SUBMITTED", "AUTHORISED", "DELETED", "VOIDED"]},
        "Date": {"type": "string", "format": "date", "example": day},
        "UpdatedDateUTC": {
            "type": "string",
            "format": "date-time",
            "example": at,
        },
        "IsArchived": {
            "type": "boolean",
            "default": False if valid else "false",
            "description": "Whether it is archived.",
        },
        "Total": {"$ref": "#/components/schemas/Money"},
        "Contact": {"$ref": "#/components/schemas/ContactRef"},
        "LineItems": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
        "Notes": {"type": "string", "nullable": True, "description": _PROSE * 2},
    }
    return {
        noun: {"type": "object", "description": f"A {noun}. " + _PROSE, "properties": fields},
        f"{noun}Create": {
            "type": "object",
            "required": ["Name"],
            "properties": {k: v for k, v in fields.items() if k != f"{noun}ID"},
        },
        f"{noun}Update": {"allOf": [{"$ref": f"#/components/schemas/{noun}Create"}], "description": "An update."},
        f"{noun}List": {
            "type": "object",
            "properties": {
                "Items": {"type": "array", "items": {"$ref": f"#/components/schemas/{noun}"}},
                "Pagination": {"$ref": "#/components/schemas/Pagination"},
            },
        },
    }


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _operations(noun: str, collection: str) -> dict[str, Any]:
    plural = f"/{collection}"
    item = f"/{collection}/{{{noun}ID}}"
    errors = {"400": {"$ref": "#/components/responses/BadRequest"}, "default": {"$ref": "#/components/responses/Error"}}
    query = [
        {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
        {"name": "where", "in": "query", "description": "A filter expression. " + _PROSE, "schema": {"type": "string"}},
        {"name": "IDs", "in": "query", "style": "form", "explode": False, "schema": {"type": "array", "items": {}}},
        {"name": "If-Modified-Since", "in": "header", "schema": {"type": "string", "format": "date-time"}},
    ]
    return {
        plural: {
            "get": {
                "operationId": f"get{noun}s",
                "summary": f"Lists {noun}s",
                "description": _PROSE,
                "tags": [noun],
                "parameters": query,
                "responses": {"200": {"description": "OK", "content": _json(f"{noun}List")}, **errors},
            },
            "put": {
                "operationId": f"create{noun}s",
                "summary": f"Creates {noun}s",
                "tags": [noun],
                "requestBody": {"required": True, "content": _json(f"{noun}Create")},
                "responses": {"200": {"description": "OK", "content": _json(f"{noun}List")}, **errors},
            },
        },
        item: {
            "parameters": [{"$ref": "#/components/parameters/TenantID"}, _id_parameter(noun)],
            "get": {
                "operationId": f"get{noun}",
                "summary": f"Gets one {noun}",
                "tags": [noun],
                "responses": {"200": {"description": "OK", "content": _json(noun)}, **errors},
            },
            "post": {
                "operationId": f"update{noun}",
                "summary": f"Updates one {noun}",
                "tags": [noun],
                "requestBody": {"required": True, "content": _json(f"{noun}Update")},
                "responses": {"200": {"description": "OK", "content": _json(noun)}, **errors},
            },
            "delete": {
                "operationId": f"delete{noun}",
                "summary": f"Deletes one {noun}",
                "tags": [noun],
                "responses": {"204": {"description": "Deleted"}, **errors},
            },
        },
    }


def _id_parameter(noun: str) -> dict[str, Any]:
    return {"name": f"{noun}ID", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}


def vendor_document(
    *,
    resources: int = 47,
    moved: str | None = None,
    ping: bool = False,
    title: str = "Ledger API",
    prose: int = 1,
    valid: bool = False,
) -> dict[str, Any]:
    """The document (``datetime`` values where a vendor's YAML has unquoted dates: see :func:`vendor_yaml`).

    ``moved``: the resource whose item path gets the ``/Ledger`` prefix; ``ping``: add ``GET /ping``; ``prose``:
    how many times each long description repeats (8 makes a document of about 1 MB); ``valid``: the document as
    it would be made valid by hand (booleans for booleans, quoted dates), for code that refuses the vendor's."""
    nouns = RESOURCES[:resources]
    schemas: dict[str, Any] = {
        "Money": _money(),
        "ContactRef": {"type": "object", "properties": {"ContactID": {"type": "string", "format": "uuid"}}},
        "LineItem": {
            "type": "object",
            "properties": {
                "Description": {"type": "string"},
                "Quantity": {"type": "number", "example": 1 if valid else "1"},
                "UnitAmount": {"$ref": "#/components/schemas/Money"},
            },
        },
        "Pagination": {"type": "object", "properties": {"page": {"type": "integer"}, "pageCount": {"type": "integer"}}},
        "Error": {"type": "object", "properties": {"Message": {"type": "string"}, "ErrorNumber": {"type": "integer"}}},
    }
    paths: dict[str, Any] = {}
    for index, noun in enumerate(nouns):
        schemas.update(_resource_schemas(noun, index, valid))
        for path, item in _operations(noun, f"{noun}s").items():
            if moved == noun and "{" in path:
                path = "/Ledger" + path
            paths[path] = item
    if ping:
        paths["/ping"] = {"get": {"operationId": "ping", "responses": {"200": {"description": "pong"}}}}
    document = {
        "openapi": "3.0.0",
        "info": {
            "title": title,
            "version": "2024-05-01" if valid else datetime.date(2024, 5, 1),
            "description": _PROSE,
        },
        "servers": [{"url": "https://api.{region}.ledger.example/v2", "variables": {"region": {"default": "eu"}}}],
        "security": [{"OAuth2": ["accounting.read", "accounting.write"]}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "TenantID": {"name": "ledger-tenant-id", "in": "header", "required": True, "schema": {"type": "string"}}
            },
            "responses": {
                "BadRequest": {"description": "Validation failed", "content": _json("Error")},
                "Error": {"description": "An error", "content": _json("Error")},
            },
            "securitySchemes": {
                "OAuth2": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://login.ledger.example/authorize",
                            "tokenUrl": "https://login.ledger.example/token",
                            "scopes": {"accounting.read": "Read", "accounting.write": "Write"},
                        }
                    },
                }
            },
        },
    }
    return _lengthen(document, prose) if prose > 1 else document


def _lengthen(node: Any, times: int) -> Any:
    """Every description ``times`` as long (vendors document each field at length)."""
    if isinstance(node, dict):
        return {
            k: v * times if k == "description" and isinstance(v, str) else _lengthen(v, times) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_lengthen(item, times) for item in node]
    return node


def vendor_yaml(**options: Any) -> str:
    """The document as a vendor publishes it: YAML, dates unquoted, keys in the written order."""
    return yaml.safe_dump(vendor_document(**options), sort_keys=False, allow_unicode=True, width=120)
