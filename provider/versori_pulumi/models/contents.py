"""A connector version's contents (actions, triggers, definitions), the OpenAPI imports and the upload URL: the
spec's schemas of those 20 operations, in the conventions of :mod:`versori_pulumi.models`.

Read models ignore unknown fields; request bodies (``...Create``, ``...Update``, ``...Delete``, import metadata)
forbid them. Shapes shared by reads and writes (parameters, auth scheme configs) are read models. Actions and
triggers have one variant each (``type: http``), so they are plain models rather than one-member unions. The spec
names of identical trigger shapes are aliases of the action ones.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import Field, model_validator

from ._base import APIModel, Error, Message, Page, WriteModel
from .connectors import HTTPConnector

__all__ = [
    "HTTP_METHODS",
    "Action",
    "ActionCompletion",
    "ActionCreate",
    "ActionDefinition",
    "ActionDefinitionCreate",
    "ActionError",
    "ActionHTTP",
    "ActionHTTPCreate",
    "ActionHTTPParameter",
    "ActionHTTPRequestBody",
    "ActionHTTPRequestBodyCreate",
    "ActionHTTPResponse",
    "ActionHTTPResponseCreate",
    "ActionHTTPUpdate",
    "ActionPage",
    "ChildError",
    "ConnectorFormat",
    "Definition",
    "DefinitionDeletePreconditionFailed",
    "DefinitionLinkUpdate",
    "DefinitionPage",
    "DefinitionPointer",
    "DefinitionRef",
    "DefinitionReference",
    "DefinitionUpdate",
    "Definitions",
    "DefinitionsCreate",
    "DefinitionsCreateDefinition",
    "DefinitionsDelete",
    "DefinitionsDeletePreconditionFailedDefinition",
    "FileType",
    "HTTPConnectorFromURLCreate",
    "HTTPConnectorVersionFromURLCreate",
    "HTTPMethod",
    "ImportHTTPConnectorError",
    "ImportHTTPConnectorMetadata",
    "ImportHTTPConnectorResult",
    "ImportHTTPConnectorVersionMetadata",
    "InlineSchema",
    "ParameterType",
    "RequestBodyUpdate",
    "ResponseUpdate",
    "SignedURL",
    "Trigger",
    "TriggerCreate",
    "TriggerError",
    "TriggerHTTP",
    "TriggerHTTPCreate",
    "TriggerHTTPParameter",
    "TriggerHTTPUpdate",
    "TriggerPage",
]

HTTPMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"]
HTTP_METHODS: tuple[str, ...] = typing.get_args(HTTPMethod)
ParameterType = Literal["string", "number", "integer", "boolean"]


# --- validation state ---


class ChildError(APIModel):
    """An entry of an action's or trigger's ``errors`` (its stored validation state), not an error response.

    ``field`` is a JSON Pointer into the object (``/responses``).
    """

    field: str
    message: str
    severity: Literal["error", "warning"]


ActionError = ChildError
TriggerError = ChildError


# --- definitions ---


class DefinitionReference(APIModel):
    """Who references a definition: another definition (a ``$ref``), an action or a trigger (a link)."""

    type: Literal["definition", "action", "trigger"]
    id: str
    name: str


class InlineSchema(WriteModel):
    """A schema sent inline: ``content`` is the schema text, ``contentType`` its MIME type."""

    content_type: str
    content: str


class Definition(APIModel):
    """A definition as read: the schema itself is served at ``url`` (GetRawSchema), not inline."""

    id: str
    name: str
    accept: list[str] = Field(default_factory=list)
    description: str | None = None
    url: str
    referenced_by: list[DefinitionReference] = Field(default_factory=list)


class DefinitionsCreateDefinition(WriteModel):
    """One definition of a CreateDefinitions body; its schema may ``$ref`` another as ``#/$defs/{name}``."""

    name: str
    accept: list[str]
    description: str | None = None
    schema_: InlineSchema = Field(alias="schema")


class DefinitionsCreate(WriteModel):
    definitions: list[DefinitionsCreateDefinition]


class Definitions(APIModel):
    """Every definition a CreateDefinitions call made (not paginated)."""

    definitions: list[Definition] = Field(default_factory=list)


class DefinitionUpdate(WriteModel):
    """UpdateDefinition body: ``id`` must be the definition's; ``schema`` left out keeps the stored one."""

    id: str
    name: str
    accept: list[str]
    description: str | None = None
    schema_: InlineSchema | None = Field(default=None, alias="schema")


class DefinitionsDelete(WriteModel):
    """DeleteDefinitions body: ``ids`` and ``names`` are joined; ``all`` alone deletes every definition."""

    ids: list[str] | None = None
    names: list[str] | None = None
    all: bool | None = None

    @model_validator(mode="after")
    def _one_selector(self) -> DefinitionsDelete:
        if self.all and (self.ids is not None or self.names is not None):
            raise ValueError("all cannot be combined with ids or names")
        if not self.all and not self.ids and not self.names:
            raise ValueError("name definitions by ids or names, or set all")
        return self


class DefinitionPage(Page[Definition]):
    """ListDefinitions page (its array is ``definitions``)."""

    items_key = "definitions"


class DefinitionsDeletePreconditionFailedDefinition(APIModel):
    id: str
    name: str
    referenced_by: list[DefinitionReference] = Field(default_factory=list)


class DefinitionDeletePreconditionFailed(Error):
    """The 412 body of a definition delete: the first definition that is still referenced, and by whom."""

    definition: DefinitionsDeletePreconditionFailedDefinition | None = None


class DefinitionRef(WriteModel):
    """A link to a definition by ``id`` or ``name`` (the spec's oneOf; both may be given when they agree)."""

    id: str | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _id_or_name(self) -> DefinitionRef:
        if self.id is None and self.name is None:
            raise ValueError("a definition reference needs an id or a name")
        return self


class DefinitionPointer(APIModel):
    """The ``definition`` of a link in an update body: the read shape (full Definition) or a create-shape ref."""

    id: str | None = None
    name: str | None = None


# --- links, bodies, responses ---


class ActionDefinitionCreate(WriteModel):
    definition: DefinitionRef


class ActionHTTPRequestBodyCreate(WriteModel):
    required: bool = False
    definitions: list[ActionDefinitionCreate] = Field(default_factory=list)


class ActionHTTPResponseCreate(WriteModel):
    """A response to create; no ``status`` is the default response. ``id`` is ignored: the spec lists it as
    required without defining it, and the server assigns every response id."""

    status: int | None = None
    id: str | None = None
    definitions: list[ActionDefinitionCreate] = Field(default_factory=list)


class ActionDefinition(APIModel):
    """A definition linked to a request body or response; ``definition`` is rendered live."""

    id: str
    definition: Definition


class ActionHTTPRequestBody(APIModel):
    required: bool = False
    definitions: list[ActionDefinition] = Field(default_factory=list)


class ActionHTTPResponse(APIModel):
    status: int | None = None
    id: str
    definitions: list[ActionDefinition] = Field(default_factory=list)


class DefinitionLinkUpdate(APIModel):
    id: str | None = None
    definition: DefinitionPointer


class RequestBodyUpdate(APIModel):
    required: bool = False
    definitions: list[DefinitionLinkUpdate] = Field(default_factory=list)


class ResponseUpdate(APIModel):
    status: int | None = None
    id: str | None = None
    definitions: list[DefinitionLinkUpdate] = Field(default_factory=list)


# --- parameters ---


class ActionCompletion(WriteModel):
    """Reserved by the spec ("Schema TBD"): only ``{}`` is valid."""


class ActionHTTPParameter(APIModel):
    """A parameter sent with an action's request; ``default`` may be any JSON value (a string may be templated)."""

    name: str
    in_: Literal["cookie", "header", "path", "query"] = Field(alias="in")
    required: bool = False
    type: ParameterType = "string"
    default: Any = None
    completion: ActionCompletion | None = None


class TriggerHTTPParameter(APIModel):
    """A parameter of a trigger's incoming request: no ``path`` parameters (a trigger has no path)."""

    name: str
    in_: Literal["cookie", "header", "query"] = Field(alias="in")
    required: bool = False
    type: ParameterType = "string"
    default: Any = None


# --- actions ---


class ActionHTTPCreate(WriteModel):
    """CreateAction body (``ActionCreate``; only the ``http`` type exists)."""

    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    path: str
    parameters: list[ActionHTTPParameter] = Field(default_factory=list)
    request_body: ActionHTTPRequestBodyCreate | None = None
    responses: list[ActionHTTPResponseCreate] = Field(default_factory=list)


ActionCreate = ActionHTTPCreate


class ActionHTTP(APIModel):
    """An action as read (``Action``). ``errors`` absent: validated, no problems (docs/api-behaviour.md)."""

    id: str
    errors: list[ChildError] | None = None
    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    path: str
    parameters: list[ActionHTTPParameter] = Field(default_factory=list)
    request_body: ActionHTTPRequestBody | None = None
    responses: list[ActionHTTPResponse] = Field(default_factory=list)


Action = ActionHTTP


class ActionHTTPUpdate(WriteModel):
    """UpdateAction body: the read shape (``errors`` and link ids ignored; a link's ``definition`` is resolved by
    its ``id``, else its ``name``)."""

    id: str
    errors: list[Any] | None = None
    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    path: str
    parameters: list[ActionHTTPParameter] = Field(default_factory=list)
    request_body: RequestBodyUpdate | None = None
    responses: list[ResponseUpdate] = Field(default_factory=list)


class ActionPage(Page[ActionHTTP]):
    """ListActions page (its array is ``actions``)."""

    items_key = "actions"


# --- triggers ---


class TriggerHTTPCreate(WriteModel):
    """CreateTrigger body (``TriggerCreate``): an incoming HTTP request (a webhook) and the answers to it."""

    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    parameters: list[TriggerHTTPParameter] = Field(default_factory=list)
    request_body: ActionHTTPRequestBodyCreate | None = None
    responses: list[ActionHTTPResponseCreate] = Field(default_factory=list)


TriggerCreate = TriggerHTTPCreate


class TriggerHTTP(APIModel):
    """A trigger as read (``Trigger``)."""

    id: str
    errors: list[ChildError] | None = None
    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    parameters: list[TriggerHTTPParameter] = Field(default_factory=list)
    request_body: ActionHTTPRequestBody | None = None
    responses: list[ActionHTTPResponse] = Field(default_factory=list)


Trigger = TriggerHTTP


class TriggerHTTPUpdate(WriteModel):
    """UpdateTrigger body: the read shape, as :class:`ActionHTTPUpdate`."""

    id: str
    errors: list[Any] | None = None
    type: Literal["http"] = "http"
    name: str
    summary: str | None = None
    description: str | None = None
    method: HTTPMethod
    parameters: list[TriggerHTTPParameter] = Field(default_factory=list)
    request_body: RequestBodyUpdate | None = None
    responses: list[ResponseUpdate] = Field(default_factory=list)


class TriggerPage(Page[TriggerHTTP]):
    """ListTriggers page (its array is ``triggers``)."""

    items_key = "triggers"


# --- imports and uploads ---

ConnectorFormat = Literal["openapi"]
FileType = Literal["json", "yaml"]


class ImportHTTPConnectorMetadata(WriteModel):
    """The ``metadata`` part of a multipart ImportHTTPConnector."""

    format: ConnectorFormat = "openapi"


class ImportHTTPConnectorVersionMetadata(WriteModel):
    """The ``metadata`` part of a multipart ImportHTTPConnectorVersion: ``version`` names the new version."""

    format: ConnectorFormat = "openapi"
    version: str


class HTTPConnectorFromURLCreate(WriteModel):
    """ImportHTTPConnector from a URL (typically the ``url`` of a :class:`SignedURL` the document was put to)."""

    schema_url: str = Field(alias="schemaURL")
    filetype: FileType | None = None
    format: ConnectorFormat = "openapi"


class HTTPConnectorVersionFromURLCreate(HTTPConnectorFromURLCreate):
    version: str


class ImportHTTPConnectorResult(APIModel):
    """What an import made: the connector (with its new draft version) and that version's contents."""

    connector: HTTPConnector
    definitions: list[Definition] = Field(default_factory=list)
    actions: list[ActionHTTP] = Field(default_factory=list)
    triggers: list[TriggerHTTP] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)


class ImportHTTPConnectorError(Error):
    """The 400 body of a failed import: ``messages`` carry JSON Pointers into the document in ``detail``."""

    messages: list[Message] | None = None


class SignedURL(APIModel):
    """GetProtocolUploadURL: ``uploadUrl`` takes one PUT of the document; ``url`` is then given to an import."""

    upload_url: str
    url: str
