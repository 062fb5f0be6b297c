"""OpenAPI 3.0/3.1 documents mapped to the Connect API's create models: the one mapping of an HTTP import.

The emulator's ImportHTTPConnector / ImportHTTPConnectorVersion apply it, and a program that builds a version from
a document applies it too, so both get the same content. Everything here is a pure function of the document (auth
scheme config ids are derived from the title and scheme key, not drawn at random). The mapping is documented in
``docs/api-behaviour.md`` ("OpenAPI imports") and ``docs/openapi-imports.md``; in short:

- ``info.title`` -> connector name, ``info.version`` -> version name, ``servers[0].url`` -> base URL,
  ``externalDocs.url`` -> documentation URL;
- each operation -> an action (``operationId`` or ``{method}_{path}``), ``{x}`` in paths -> ``{{ param.x }}``;
- ``components.schemas`` -> definitions (``#/components/schemas/X`` -> ``#/$defs/X``), inline body and response
  schemas -> synthesized definitions;
- ``webhooks`` (3.1) -> triggers; ``components.securitySchemes`` -> auth scheme configs.

A document is imported whenever it can be mapped faithfully: whatever is skipped, changed or departs from the
OpenAPI meta-schema is a ``warning`` whose ``detail`` holds JSON Pointers into the document (warnings of one text
are grouped into one message). A document that cannot be mapped raises :class:`OpenAPIImportError` listing every
problem found, each an ``error`` message with its pointers (see :mod:`versori_pulumi.openapi_check`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast
from urllib.parse import unquote, urljoin, urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError
from referencing import Registry, Resource
from ulid import ULID

from .models import (
    RESERVED_VERSION_NAMES,
    AuthSchemeConfig,
    AuthSchemeConfigAPIKey,
    AuthSchemeConfigBasicAuth,
    AuthSchemeConfigCertificate,
    AuthSchemeConfigNone,
    Message,
    MessageSeverity,
    OAuth2Scope,
)
from .models_contents import (
    HTTP_METHODS,
    ActionDefinitionCreate,
    ActionHTTPCreate,
    ActionHTTPParameter,
    ActionHTTPRequestBodyCreate,
    ActionHTTPResponseCreate,
    DefinitionRef,
    DefinitionsCreateDefinition,
    InlineSchema,
    TriggerHTTPCreate,
    TriggerHTTPParameter,
)
from .openapi_check import (
    check_references,
    check_version,
    error,
    group_messages,
    meta_schema_warnings,
    pointer,
    warning,
)
from .openapi_load import DocumentSyntaxError, parse_document

__all__ = [
    "ImportPlan",
    "OpenAPIImportError",
    "load_document",
    "plan_document",
    "plan_import",
    "pointer",
    "validate_document",
]

FileType = Literal["json", "yaml"]
SCHEMA_CONTENT_TYPE = "application/schema+json"
_COMPONENT_SCHEMA = "#/components/schemas/"
_SKIPPED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_NOT_CHILD_NAME = re.compile(r"[^A-Za-z0-9_\-$]")
_NOT_DEFINITION_NAME = re.compile(r"[^A-Za-z0-9_\-]")
_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_METHODS = tuple(m.lower() for m in HTTP_METHODS if m != "CONNECT")
_Operation = TypeVar("_Operation", ActionHTTPCreate, TriggerHTTPCreate)
_PLACES = frozenset({"path", "query", "header", "cookie"})
_AUTH_CONFIG: TypeAdapter[AuthSchemeConfig] = TypeAdapter(AuthSchemeConfig)
_KNOWN_FORMATS = frozenset(
    "int32 int64 float double decimal byte binary base64 date date-time time duration password email idn-email "
    "hostname idn-hostname ipv4 ipv6 uri uri-reference iri iri-reference uri-template uuid regex json-pointer "
    "relative-json-pointer url phone char int8 int16 uint8 uint16 uint32 uint64 timestamp".split()
)


class OpenAPIImportError(ValueError):
    """The document cannot be imported; ``messages`` are ``error`` messages pointing into it (every problem
    found, not only the first)."""

    def __init__(self, reason: str, messages: list[Message]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.messages = messages


def _error(reason: str, *where: str) -> OpenAPIImportError:
    return OpenAPIImportError(reason, [error(reason, *where)])


def _refusal(version: Any, problems: list[Message]) -> OpenAPIImportError:
    problems = group_messages(problems)
    head = f"the document is not valid OpenAPI {version}"
    count = sum(max(1, len(m.detail or [])) for m in problems)
    if count == 1:
        return OpenAPIImportError(f"{head}: {problems[0].text}", problems)
    return OpenAPIImportError(f"{head}: {count} problems prevent its import", problems)


@dataclass
class ImportPlan:
    """What a document imports as: connector fields, the version's name, and its contents as create bodies."""

    title: str
    version: str
    base_url: str
    documentation_url: str | None
    auth_scheme_configs: list[AuthSchemeConfig]
    definitions: list[DefinitionsCreateDefinition]
    actions: list[ActionHTTPCreate]
    triggers: list[TriggerHTTPCreate]
    messages: list[Message] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    """Where each created object comes from: ``"action:getPet"`` -> ``"#/paths/~1pets~1{petId}/get"``."""

    def summary(self) -> Message:
        text = (
            f"imported {len(self.actions)} actions, {len(self.definitions)} definitions, {len(self.triggers)} "
            f"triggers, {len(self.auth_scheme_configs)} auth scheme configs"
        )
        return Message(text=text, severity=MessageSeverity.INFO)


# --- loading and validating ---


def load_document(data: bytes | str, filetype: FileType | None = None) -> dict[str, Any]:
    """Parse a document as JSON or YAML, as JSON values (``filetype`` forces one; else JSON is tried first)."""
    try:
        document = parse_document(data, filetype)
    except DocumentSyntaxError as exc:
        raise _error(str(exc), "#") from None
    except UnicodeDecodeError:
        raise _error("the document is not UTF-8 text", "#") from None
    if not isinstance(document, dict):
        raise _error("the document must be an object (an OpenAPI document)", "#")
    return cast(dict[str, Any], document)


def validate_document(document: dict[str, Any]) -> list[Message]:
    """The document's warnings against the OpenAPI meta-schema; raises :class:`OpenAPIImportError` when it is not
    OpenAPI 3.0/3.1 or a ``$ref`` leaves it or points to nothing (every such reference listed)."""
    problems = check_version(document)
    if problems:
        raise OpenAPIImportError(problems[0].text, problems)
    problems = check_references(document)
    if problems:
        raise _refusal(document.get("openapi"), problems)
    return meta_schema_warnings(document)


# --- the mapping ---


class _Refused(Exception):
    """A shape the mapping cannot read: recorded as an error, the part it belongs to is skipped."""


class _Mapper:
    """One pass over a document whose references resolve; collects create bodies, warnings and the errors of
    shapes it cannot map (all of them, so a refusal lists every problem)."""

    def __init__(self, document: dict[str, Any], source_url: str | None) -> None:
        self.doc = document
        self.source_url = source_url
        self.v30 = str(document.get("openapi", "")).startswith("3.0")
        self.resolver = Registry().resolver_with_root(Resource.opaque(document))
        self.messages: list[Message] = []
        self.errors: list[Message] = []
        self.definitions: dict[str, DefinitionsCreateDefinition] = {}
        self.accepts: dict[str, list[str]] = {}
        self.component_names: dict[str, str] = {}
        self.child_names: dict[str, set[str]] = {"action": set(), "trigger": set()}
        self.origins: dict[str, str] = {}

    def warn(self, text: str, *where: str) -> None:
        self.messages.append(warning(text, *where))

    def info(self, text: str, *where: str) -> None:
        self.messages.append(Message(text=text, severity=MessageSeverity.INFO, detail=list(where)))

    def fail(self, text: str, *where: str) -> None:
        self.errors.append(error(text, *where))

    def obj(self, node: Any, at: str, what: str, *, optional: bool = True) -> dict[str, Any] | None:
        """``node`` when it is an object; None (and an error unless it is absent and optional) otherwise."""
        if isinstance(node, dict):
            return node
        if node is None and optional:
            return None
        self.fail(f"{what} must be an object", at)
        return None

    def resolve(self, node: Any, at: str) -> tuple[Any, str]:
        """Follow a ``$ref`` chain (parameters, bodies, responses, path items): the target and its pointer."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or len(seen) >= 32:
                self.fail("the references form a cycle", f"{at}/$ref")
                raise _Refused
            seen.add(ref)
            node, at = self.resolver.lookup(ref).contents, ref
        return node, at

    def deref(self, node: Any) -> Any:
        try:
            return self.resolve(node, "#")[0]
        except _Refused:
            return {}

    def text(self, node: Mapping[str, Any], key: str, at: str) -> str | None:
        value = node.get(key)
        if value is None or isinstance(value, str):
            return value
        self.warn(f"{key} is not a string; left out", f"{at}/{key}")
        return None

    # --- definitions ---

    def _unique(self, base: str, taken: set[str] | Mapping[str, Any], where: str, what: str) -> str:
        name, n = base or "unnamed", 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        if n > 1:
            self.warn(f"{what} name {base!r} is used twice; renamed to {name!r}", where)
        return name

    def components(self) -> None:
        components = self.obj(self.doc.get("components"), "#/components", "components") or {}
        schemas = self.obj(components.get("schemas"), "#/components/schemas", "components.schemas") or {}
        taken: set[str] = set()
        for key in schemas:  # every name first: schemas reference each other in any order
            where = pointer("components", "schemas", key)
            name = self._unique(_NOT_DEFINITION_NAME.sub("_", key), taken, where, "definition")
            taken.add(name)
            self.component_names[key] = name
            self.origins[f"definition:{name}"] = where
        for key, name in self.component_names.items():
            where = pointer("components", "schemas", key)
            if self._schema_ok(schemas[key], where):
                self.definitions[name] = self._definition(name, schemas[key], where)

    def _schema_ok(self, schema: Any, at: str) -> bool:
        if isinstance(schema, dict | bool):
            return True
        self.fail("a schema must be an object or a boolean", at)
        return False

    def _definition(self, name: str, schema: Any, at: str) -> DefinitionsCreateDefinition:
        content = self._json_schema(schema, at)
        description = schema.get("description") if isinstance(schema, dict) else None
        return DefinitionsCreateDefinition(
            name=name,
            accept=["application/json"],
            description=description if isinstance(description, str) else None,
            schema_=InlineSchema(content_type=SCHEMA_CONTENT_TYPE, content=json.dumps(content, sort_keys=True)),
        )

    def _check_values(self, node: dict[str, Any], at: str) -> None:
        """Warnings for what a schema says of itself that cannot hold: a default or example of another type, a
        format no tool knows. The values are kept as written (the platform does not interpret them)."""
        kind = node.get("type")
        kinds = (
            [kind]
            if isinstance(kind, str)
            else [k for k in kind if isinstance(k, str)]
            if isinstance(kind, list)
            else []
        )
        if kinds:
            if self.v30 and node.get("nullable") is True:
                kinds.append("null")
            for key in ("default", "example"):
                if key in node and not any(_of_type(node[key], k) for k in kinds):
                    self.warn(
                        f"the {key} is not of the schema's type {'/'.join(kinds)}; kept as written", f"{at}/{key}"
                    )
        form = node.get("format")
        if isinstance(form, str) and form not in _KNOWN_FORMATS:
            self.warn(f"format {form!r} is not a known format; kept as written", f"{at}/format")

    def _json_schema(self, node: Any, at: str, inlining: frozenset[str] = frozenset()) -> Any:
        """A schema as JSON Schema: component refs become ``#/$defs/{name}``, other refs are inlined (a cycle among
        those becomes ``{}`` + warning); 3.0's ``nullable`` becomes a ``null`` type."""
        if isinstance(node, list):
            return [self._json_schema(item, f"{at}/{index}", inlining) for index, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            siblings = {k: self._json_schema(v, f"{at}/{_esc(k)}", inlining) for k, v in node.items() if k != "$ref"}
            name = self._component_of(ref)
            if name is not None:
                return {**siblings, "$ref": "#/$defs/" + name}
            if ref in inlining or len(inlining) > 64:
                self.warn("a cycle of references outside components.schemas cannot be imported; replaced by {}", ref)
                return siblings
            target = self.resolver.lookup(ref).contents
            inlined = self._json_schema(target, ref, inlining | {ref})
            return {**siblings, **inlined} if isinstance(inlined, dict) else inlined
        if "type" in node or "format" in node:
            self._check_values(node, at)
        out = {key: self._json_schema(value, f"{at}/{_esc(key)}", inlining) for key, value in node.items()}
        if self.v30 and isinstance(out.get("nullable"), bool) and out.pop("nullable"):
            if isinstance(out.get("type"), str):
                out["type"] = [out["type"], "null"]
            elif "type" not in out:  # nullable beside allOf/oneOf/$ref only: null or the rest
                out = {"anyOf": [out, {"type": "null"}]}
        return out

    def _component_of(self, ref: str) -> str | None:
        """The definition name of a ``#/components/schemas/X`` reference (None for any other reference)."""
        if not ref.startswith(_COMPONENT_SCHEMA) or "/" in ref[len(_COMPONENT_SCHEMA) :]:
            return None
        key = unquote(ref[len(_COMPONENT_SCHEMA) :]).replace("~1", "/").replace("~0", "~")
        return self.component_names.get(key)

    def _link_for(self, schema: Any, inline_name: str, media: str, where: str) -> str:
        """The definition a body/response schema links to: its component, or a synthesized one."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        component = self._component_of(ref) if isinstance(ref, str) and len(schema) == 1 else None
        if component is not None and component in self.definitions:
            name = component
        else:
            name = self._unique(_NOT_DEFINITION_NAME.sub("_", inline_name), self.definitions, where, "definition")
            self.definitions[name] = self._definition(name, schema, where)
        accepted = self.accepts.setdefault(name, [])
        if media not in accepted:
            accepted.append(media)
        return name

    def content_links(self, content: Any, inline_name: str, where: str) -> list[ActionDefinitionCreate]:
        """One link per distinct schema of a body or response; media types sharing a schema share it."""
        links: list[str] = []
        covered: set[str] = set()
        by_schema: dict[str, str] = {}
        for media, raw in (self.obj(content, f"{where}/content", "content") or {}).items():
            at = f"{where}/content/{_esc(media)}"
            item = self.obj(raw, at, "a media type")
            schema = item.get("schema") if item is not None else None
            if schema is None:
                if item is not None:
                    self.warn("a media type without a schema is not linked", at)
                continue
            if not self._schema_ok(schema, f"{at}/schema"):
                continue
            key = json.dumps(schema, sort_keys=True)
            if key in by_schema:
                name = by_schema[key]
                if media not in self.accepts.setdefault(name, []):
                    self.accepts[name].append(media)
            else:
                suffix = "" if not by_schema else f"_{len(by_schema) + 1}"
                name = self._link_for(schema, inline_name + suffix, media, f"{at}/schema")
                by_schema[key] = name
            if media.lower() in covered:
                continue
            covered.add(media.lower())
            if name not in links:
                links.append(name)
        return [ActionDefinitionCreate(definition=DefinitionRef(name=name)) for name in links]

    # --- parameters, bodies, responses ---

    def _parameter_list(self, node: Any, at: str) -> Iterator[tuple[dict[str, Any], str]]:
        if node is None:
            return
        if not isinstance(node, list):
            self.fail("parameters must be a list", at)
            return
        for index, raw in enumerate(node):
            parameter, target = self.resolve(raw, f"{at}/{index}")
            where = f"{at}/{index}" if target == "#" or not isinstance(raw, dict) or "$ref" not in raw else target
            if self.obj(parameter, where, "a parameter", optional=False) is None:
                continue
            name, place = parameter.get("name"), parameter.get("in")
            if not isinstance(name, str) or not name:
                self.fail("a parameter needs a name", f"{where}/name")
            elif not isinstance(place, str) or place not in _PLACES:
                self.fail("a parameter's 'in' must be path, query, header or cookie", f"{where}/in")
            else:
                yield parameter, where

    def parameters(self, item: Mapping[str, Any], op: Mapping[str, Any], where: str, kind: str) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        item_at = where.rsplit("/", 1)[0]
        for parameter, at in [
            *self._parameter_list(item.get("parameters"), f"{item_at}/parameters"),
            *self._parameter_list(op.get("parameters"), f"{where}/parameters"),
        ]:
            merged[(str(parameter["name"]), str(parameter["in"]))] = (parameter, at)
        out: list[dict[str, Any]] = []
        for (name, place), (parameter, at) in merged.items():
            if place == "header" and name.lower() in _SKIPPED_HEADERS:
                continue
            if kind == "trigger" and place == "path":
                self.warn("a trigger has no path: path parameter dropped", at)
                continue
            schema = self.deref(parameter.get("schema") or {})
            ptype = schema.get("type") if isinstance(schema, dict) else None
            if isinstance(ptype, list):
                ptype = next((t for t in ptype if t != "null"), None)
            if ptype not in ("string", "number", "integer", "boolean"):
                self.warn("only scalar parameters are supported: imported as a string", at)
                ptype = "string"
            entry: dict[str, Any] = {
                "name": name,
                "in": place,
                "required": parameter.get("required") is True or place == "path",
                "type": ptype,
            }
            if isinstance(schema, dict):
                self._check_values(schema, f"{at}/schema")
            default = schema.get("default") if isinstance(schema, dict) else None
            if default is not None and not isinstance(default, dict | list):
                entry["default"] = default
            out.append(entry)
        return out

    def request_body(self, op: Mapping[str, Any], name: str, where: str) -> ActionHTTPRequestBodyCreate | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        body = self.obj(self.resolve(raw, f"{where}/requestBody")[0], f"{where}/requestBody", "requestBody")
        if body is None:
            return None
        links = self.content_links(body.get("content"), f"{name}_Request", f"{where}/requestBody")
        return ActionHTTPRequestBodyCreate(required=body.get("required") is True, definitions=links)

    def responses(self, op: Mapping[str, Any], name: str, where: str) -> list[ActionHTTPResponseCreate]:
        out: list[ActionHTTPResponseCreate] = []
        for code, raw in (self.obj(op.get("responses"), f"{where}/responses", "responses") or {}).items():
            at = f"{where}/responses/{_esc(str(code))}"
            status: int | None
            if str(code) == "default":
                status, label = None, "Default"
            elif str(code).isdigit() and 100 <= int(code) <= 599:
                status, label = int(code), str(code)
            else:
                self.warn(f"response range {code!r} has no single status; skipped", at)
                continue
            response = self.obj(self.resolve(raw, at)[0], at, "a response", optional=False)
            if response is None:
                continue
            links = self.content_links(response.get("content"), f"{name}_Response{label}", at)
            out.append(ActionHTTPResponseCreate(status=status, definitions=links))
        return out

    # --- actions and triggers ---

    def child_name(self, op: Mapping[str, Any], fallback: str, kind: str, where: str) -> str:
        given = op.get("operationId")
        base = given if isinstance(given, str) and given.strip() else fallback
        ascii_base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        clean = re.sub("_+", "_", _NOT_CHILD_NAME.sub("_", ascii_base)).strip("_")
        if not clean.strip("_-$"):
            clean = re.sub("_+", "_", _NOT_CHILD_NAME.sub("_", fallback)).strip("_") or "operation"
        if isinstance(given, str) and given.strip() and clean != given:
            self.info(
                f"operationId {given!r} is not a valid {kind} name; imported as {clean!r}", f"{where}/operationId"
            )
        name = self._unique(clean, self.child_names[kind], where, kind)
        self.child_names[kind].add(name)
        self.origins[f"{kind}:{name}"] = where
        return name

    def operations(self, items: Any, root: str) -> Iterator[tuple[str, str, Any, Any, str]]:
        for key, raw_item in (self.obj(items, pointer(root), root) or {}).items():
            at = pointer(root, key)
            try:
                item = self.obj(self.resolve(raw_item, at)[0], at, "a path item", optional=False)
            except _Refused:
                continue
            if item is None:
                continue
            for method in _METHODS:
                if method in item:
                    if self.obj(item[method], pointer(root, key, method), "an operation", optional=False) is not None:
                        yield key, method, item, item[method], pointer(root, key, method)
            if item.get("servers"):
                self.warn(
                    "path-level servers are not supported; the connector's base URL is used",
                    pointer(root, key, "servers"),
                )

    def _child(self, kind: str, make: Any, where: str) -> Any:
        """``make()``, or None with every problem recorded (a shape this mapping cannot read)."""
        try:
            return make()
        except _Refused:
            return None
        except ValidationError as exc:
            for problem in exc.errors():
                self.fail(f"the {kind} cannot be built: {problem['msg']}", where)
            return None

    def _operation(
        self,
        model: type[_Operation],
        parameter: type[BaseModel],
        method: str,
        item: Any,
        op: Any,
        where: str,
        name: str,
        path: str | None = None,
    ) -> _Operation:
        """An action's (with its ``path``) or a trigger's create body from its operation: the fields the two share,
        read in the order their messages are recorded."""
        kind = "action" if model is ActionHTTPCreate else "trigger"
        return model(
            name=name,
            summary=self.text(op, "summary", where),
            description=self.text(op, "description", where),
            method=cast(Any, method.upper()),
            **({} if path is None else {"path": path}),
            parameters=[parameter.model_validate(p) for p in self.parameters(item, op, where, kind)],
            request_body=self.request_body(op, name.replace("$", ""), where),
            responses=self.responses(op, name.replace("$", ""), where),
        )

    def actions(self) -> list[ActionHTTPCreate]:
        made: list[ActionHTTPCreate] = []
        for path, method, item, op, where in self.operations(self.doc.get("paths"), "paths"):
            name = self.child_name(op, f"{method}_{path.replace('{', '').replace('}', '')}", "action", where)
            if op.get("callbacks"):
                self.info("callbacks are not imported", f"{where}/callbacks")
            if op.get("servers"):
                self.warn(
                    "operation-level servers are not supported; the connector's base URL is used", f"{where}/servers"
                )

            def make(
                path: str = path,
                method: str = method,
                item: Any = item,
                op: Any = op,
                where: str = where,
                name: str = name,
            ) -> ActionHTTPCreate:
                template = _PATH_TEMPLATE.sub(lambda m: "{{ param." + m.group(1) + " }}", path)
                return self._operation(ActionHTTPCreate, ActionHTTPParameter, method, item, op, where, name, template)

            action = self._child("action", make, where)
            if action is not None:
                made.append(action)
        return made

    def triggers(self) -> list[TriggerHTTPCreate]:
        made: list[TriggerHTTPCreate] = []
        for key, method, item, op, where in self.operations(self.doc.get("webhooks"), "webhooks"):
            methods = [m for m in _METHODS if m in item]
            name = self.child_name(op, key if len(methods) == 1 else f"{key}_{method}", "trigger", where)

            def make(
                method: str = method, item: Any = item, op: Any = op, where: str = where, name: str = name
            ) -> TriggerHTTPCreate:
                return self._operation(TriggerHTTPCreate, TriggerHTTPParameter, method, item, op, where, name)

            trigger = self._child("trigger", make, where)
            if trigger is not None:
                made.append(trigger)
        return made

    def finish_definitions(self) -> list[DefinitionsCreateDefinition]:
        out: list[DefinitionsCreateDefinition] = []
        for name, definition in self.definitions.items():
            accept = self.accepts.get(name) or ["application/json"]
            if not any(_jsonish(m) for m in accept):
                accept = [*accept, "application/json"]
            out.append(definition.model_copy(update={"accept": accept}))
        return out

    # --- connector fields ---

    def base_url(self) -> str:
        servers = self.doc.get("servers")
        if servers is not None and not isinstance(servers, list):
            self.fail("servers must be a list", "#/servers")
            return ""
        if not servers:
            self.warn("the document has no servers: the base URL is empty", "#/servers")
            return ""
        server = self.obj(servers[0], "#/servers/0", "a server", optional=False) or {}
        url = server.get("url", "")
        if not isinstance(url, str):
            self.fail("a server's url must be a string", "#/servers/0/url")
            return ""
        variables = server.get("variables") or {}
        if not isinstance(variables, dict):
            self.warn("server variables must be an object; ignored", "#/servers/0/variables")
            variables = {}
        for key, variable in variables.items():
            default = variable.get("default", "") if isinstance(variable, dict) else ""
            if not isinstance(variable, dict) or "default" not in variable:
                self.warn("a server variable without a default is left empty", pointer("servers", 0, "variables", key))
            url = url.replace("{" + key + "}", str(default))
        if len(servers) > 1:
            self.info("only the first server is used as the base URL", "#/servers/0")
        if not _scheme(url):
            if self.source_url and _scheme(self.source_url) in ("http", "https"):
                try:
                    return urljoin(self.source_url, url)
                except ValueError:
                    pass
            self.warn("the server URL is relative: kept as it is", "#/servers/0/url")
        return url.rstrip("/") if url != "/" else url

    def auth_scheme_configs(self, title: str) -> list[AuthSchemeConfig]:
        components = self.doc.get("components")
        raw_schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        schemes = self.obj(raw_schemes, "#/components/securitySchemes", "components.securitySchemes") or {}
        wanted: dict[str, list[str]] = {}
        security = self.doc.get("security")
        for index, requirement in enumerate(security if isinstance(security, list) else []):
            if not isinstance(requirement, dict):
                self.warn("a security requirement must be an object; ignored", pointer("security", index))
                continue
            for key, scopes in requirement.items():
                listed = wanted.setdefault(key, [])
                listed.extend(
                    s for s in (scopes if isinstance(scopes, list) else []) if isinstance(s, str) and s not in listed
                )
        configs: list[AuthSchemeConfig] = []
        for key, raw in schemes.items():
            at = pointer("components", "securitySchemes", key)
            try:
                scheme = self.obj(self.resolve(raw, at)[0], at, "a security scheme", optional=False)
            except _Refused:
                continue
            if scheme is not None:
                configs += self._configs_for(title, key, scheme, wanted.get(key, []), at)
        if not configs:
            configs.append(AuthSchemeConfigNone(id=_stable_id(title, "none"), description="No authentication"))
        return configs

    def _configs_for(
        self, title: str, key: str, scheme: Mapping[str, Any], scopes: list[str], at: str
    ) -> list[AuthSchemeConfig]:
        kind = scheme.get("type")
        given = scheme.get("description")
        description = given if isinstance(given, str) and given else f"{key} ({kind})"
        ident = _stable_id(title, key)
        if kind == "apiKey":
            name, place = scheme.get("name"), scheme.get("in")
            if not isinstance(name, str) or not name or place not in ("header", "query", "cookie"):
                self.fail("an apiKey scheme needs a name and 'in' (header, query or cookie)", at)
                return []
            return [AuthSchemeConfigAPIKey(id=ident, description=description, name=name, in_=cast(Any, place))]
        if kind == "http":
            http_scheme = str(scheme.get("scheme", "")).lower()
            if http_scheme == "basic":
                return [AuthSchemeConfigBasicAuth(id=ident, description=description)]
            if http_scheme == "bearer":
                self.warn(
                    "bearer auth is imported as an api-key in the Authorization header (v1 has no bearer scheme)", at
                )
                return [AuthSchemeConfigAPIKey(id=ident, description=description, name="Authorization", in_="header")]
            self.warn(f"http auth scheme {http_scheme!r} is not supported; skipped", at)
            return []
        if kind == "mutualTLS":
            return [AuthSchemeConfigCertificate(id=ident, description=description)]
        if kind == "oauth2":
            return self._oauth2(title, key, scheme, description, scopes, at)
        self.warn(f"security scheme type {kind!r} is not supported; skipped", at)
        return []

    def _oauth2(
        self, title: str, key: str, scheme: Mapping[str, Any], description: str, scopes: list[str], at: str
    ) -> list[AuthSchemeConfig]:
        grants = {
            "authorizationCode": "authorization_code",
            "password": "password",
            "clientCredentials": "client_credentials",
        }
        flows = self.obj(scheme.get("flows"), f"{at}/flows", "flows") or {}
        configs: list[AuthSchemeConfig] = []
        for flow_name, raw_flow in flows.items():
            flow_at = f"{at}/flows/{_esc(flow_name)}"
            grant = grants.get(flow_name)
            if grant is None:
                self.warn(f"OAuth 2.0 flow {flow_name!r} is not supported; skipped", flow_at)
                continue
            flow = self.obj(raw_flow, flow_at, "an OAuth 2.0 flow", optional=False)
            if flow is None:
                continue
            token_url = str(flow.get("tokenUrl", ""))
            flow_scopes = flow.get("scopes") or {}
            if not isinstance(flow_scopes, dict):
                self.warn("scopes must be an object; ignored", f"{flow_at}/scopes")
                flow_scopes = {}
            raw = {
                "id": _stable_id(title, f"{key}/{flow_name}"),
                "schemeType": "oauth2",
                "description": description if len(flows) == 1 else f"{description} ({flow_name})",
                "authorizeUrl": str(flow.get("authorizationUrl") or token_url),
                "tokenUrl": token_url,
                "scopes": [
                    OAuth2Scope(name=str(n), description=d if isinstance(d, str) and d else None).wire()
                    for n, d in flow_scopes.items()
                ],
                "defaultScopes": [s for s in scopes if s in flow_scopes],
                "grant": {"grantType": grant},
            }
            try:
                configs.append(_AUTH_CONFIG.validate_python(raw))
            except ValidationError:
                self.warn("the OAuth 2.0 flow could not be mapped; skipped", flow_at)
        return configs


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme
    except ValueError:  # such as a bracketed host that is not an IP address
        return ""


def _esc(step: str) -> str:
    return step.replace("~", "~0").replace("/", "~1")


def _jsonish(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base in ("application/json", "text/json", "application/yaml", "text/yaml") or base.endswith(
        ("+json", "+yaml")
    )


def _of_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "null":
        return value is None
    return True


def _stable_id(title: str, key: str) -> str:
    """A ULID derived from the document title and a scheme key: the same document always gives the same ids."""
    digest = hashlib.sha256(f"versori-openapi-import\0{title}\0{key}".encode()).digest()[:16]
    return str(ULID.from_bytes(digest))


def plan_document(document: dict[str, Any], *, source_url: str | None = None) -> ImportPlan:
    """Map a document whose references resolve (see :func:`validate_document`) to an :class:`ImportPlan`; raises
    :class:`OpenAPIImportError` listing every shape it cannot map."""
    mapper = _Mapper(document, source_url)
    info = mapper.obj(document.get("info"), "#/info", "info")
    title = info.get("title") if info is not None else None
    if not isinstance(title, str) or not title.strip():
        mapper.fail("info.title names the connector and must not be empty", "#/info/title")
        title = ""
    title = title.strip()
    raw_version = info.get("version") if info is not None else None
    version = str(raw_version).strip() if isinstance(raw_version, str | int | float) else ""
    if not version or version in RESERVED_VERSION_NAMES or "/" in version:
        mapper.warn("info.version cannot name a version; the version is named '1'", "#/info/version")
        version = "1"
    docs = document.get("externalDocs")
    docs_url = docs.get("url") if isinstance(docs, dict) else None
    mapper.components()
    actions = mapper.actions()
    triggers = mapper.triggers()
    base_url = mapper.base_url()
    configs = mapper.auth_scheme_configs(title)
    if mapper.errors:
        raise _refusal(document.get("openapi"), mapper.errors)
    plan = ImportPlan(
        title=title,
        version=version,
        base_url=base_url,
        documentation_url=docs_url if isinstance(docs_url, str) and docs_url else None,
        auth_scheme_configs=configs,
        definitions=mapper.finish_definitions(),
        actions=actions,
        triggers=triggers,
        origins=mapper.origins,
    )
    _one_definition_per_media_type(plan, mapper)
    plan.messages = [plan.summary(), *group_messages(mapper.messages)]
    return plan


def _one_definition_per_media_type(plan: ImportPlan, mapper: _Mapper) -> None:
    """A body or response may link one definition per media type (the API refuses more): later overlaps go."""
    accepts = {d.name: {m.split(";", 1)[0].strip().lower() for m in d.accept} for d in plan.definitions}
    for kind, children in (("action", plan.actions), ("trigger", plan.triggers)):
        for child in cast(list[ActionHTTPCreate | TriggerHTTPCreate], children):
            places: list[ActionHTTPRequestBodyCreate | ActionHTTPResponseCreate] = (
                [child.request_body] if child.request_body else []
            )
            for place in [*places, *child.responses]:
                covered: set[str] = set()
                kept: list[ActionDefinitionCreate] = []
                for link in place.definitions:
                    media = accepts.get(link.definition.name or "", set())
                    if media & covered:
                        mapper.warn(
                            f"definition {link.definition.name!r} overlaps another media type of the same body or "
                            "response; not linked",
                            plan.origins.get(f"{kind}:{child.name}", "#"),
                        )
                        continue
                    covered |= media
                    kept.append(link)
                place.definitions = kept


def plan_import(data: bytes | str, *, filetype: FileType | None = None, source_url: str | None = None) -> ImportPlan:
    """Load, check and map a document: the whole import, short of applying it. Raises only
    :class:`OpenAPIImportError`, whatever the bytes."""
    document = load_document(data, filetype)
    warnings = validate_document(document)
    try:
        plan = plan_document(document, source_url=source_url)
    except OpenAPIImportError:
        raise
    except RecursionError:
        raise _error("the document nests too deeply (or a YAML alias refers to itself) to be mapped", "#") from None
    except Exception as exc:  # a shape no rule above foresaw: refused, never an internal error of the caller
        raise _error(f"the document cannot be mapped ({type(exc).__name__}: {exc})", "#") from None
    summary, *rest = plan.messages
    plan.messages = [summary, *group_messages([*rest, *warnings])]
    return plan
