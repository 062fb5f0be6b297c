"""OpenAPI 3.0/3.1 documents mapped to the Connect API's create models: the one mapping of an HTTP import.

The emulator's ImportHTTPConnector / ImportHTTPConnectorVersion apply it, and a program that builds a version from
a document applies it too, so both get the same content. Everything here is a pure function of the document (auth
scheme config ids are derived from the title and scheme key, not drawn at random). The mapping is documented in
``docs/api-behaviour.md`` ("OpenAPI imports"); in short:

- ``info.title`` -> connector name, ``info.version`` -> version name, ``servers[0].url`` -> base URL,
  ``externalDocs.url`` -> documentation URL;
- each operation -> an action (``operationId`` or ``{method}_{path}``), ``{x}`` in paths -> ``{{ param.x }}``;
- ``components.schemas`` -> definitions (``#/components/schemas/X`` -> ``#/$defs/X``), inline body and response
  schemas -> synthesized definitions;
- ``webhooks`` (3.1) -> triggers; ``components.securitySchemes`` -> auth scheme configs.

Whatever cannot be carried over is skipped with a ``warning`` message whose ``detail`` holds JSON Pointers into
the document. A document that is not valid OpenAPI 3.x raises :class:`OpenAPIImportError`, whose ``error``
messages point at the offending places.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from pydantic import TypeAdapter, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
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
_AUTH_CONFIG: TypeAdapter[AuthSchemeConfig] = TypeAdapter(AuthSchemeConfig)


class OpenAPIImportError(ValueError):
    """The document cannot be imported; ``messages`` are ``error`` messages pointing into it."""

    def __init__(self, reason: str, messages: list[Message]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.messages = messages


def pointer(*steps: str | int) -> str:
    """A JSON Pointer fragment (``#/paths/~1pets/get``) from path steps."""
    return "#" + "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in steps)


def _error(reason: str, *where: str) -> OpenAPIImportError:
    return OpenAPIImportError(reason, [Message(text=reason, severity=MessageSeverity.ERROR, detail=list(where))])


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
    """Parse a document as JSON or YAML (``filetype`` forces one; else JSON is tried first)."""
    text = data.decode("utf-8-sig", errors="strict") if isinstance(data, bytes) else data
    document: Any
    if filetype in (None, "json"):
        try:
            document = json.loads(text)
        except ValueError as exc:
            if filetype == "json":
                raise _error(f"the document is not valid JSON (line {getattr(exc, 'lineno', '?')})", "#") from None
            document = None
        if document is not None or filetype == "json":
            return _require_object(document)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise _error(f"the document is neither valid JSON nor valid YAML{where}", "#") from None
    return _require_object(document)


def _require_object(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise _error("the document must be an object (an OpenAPI document)", "#")
    return cast(dict[str, Any], document)


def _refs(node: Any, steps: tuple[str | int, ...] = ()) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref, (*steps, "$ref")
        for key, value in node.items():
            yield from _refs(value, (*steps, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _refs(item, (*steps, index))


def validate_document(document: dict[str, Any]) -> None:
    """Raise :class:`OpenAPIImportError` unless the document is valid OpenAPI 3.0 or 3.1 with local ``$ref``s only."""
    version = document.get("openapi")
    if "swagger" in document:
        raise _error("OpenAPI 2.x (swagger) is not supported; convert the document to OpenAPI 3", "#/swagger")
    if not isinstance(version, str) or not re.match(r"^3\.[01]\.\d+", version):
        raise _error("the document must declare openapi: 3.0.x or 3.1.x", "#/openapi")
    resolver = Registry().resolver_with_root(Resource.opaque(document))
    problems: list[Message] = []
    for ref, steps in _refs(document):
        if not ref.startswith("#"):
            text = "only references within the document are supported"
            problems.append(Message(text=text, severity=MessageSeverity.ERROR, detail=[pointer(*steps)]))
            continue
        try:
            resolver.lookup(ref)
        except (Unresolvable, LookupError, TypeError, ValueError):  # the pointer walks into a list or a scalar
            text = "the reference points to nothing in the document"
            problems.append(Message(text=text, severity=MessageSeverity.ERROR, detail=[pointer(*steps)]))
    if not problems:
        validator = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
        try:
            for error in validator(document).iter_errors():
                where = pointer(*error.absolute_path) if getattr(error, "absolute_path", None) else "#"
                text = str(error.message).split("\n", 1)[0]
                problems.append(Message(text=text, severity=MessageSeverity.ERROR, detail=[where]))
                if len(problems) >= 20:
                    break
        except Exception as exc:  # the validator stops on some broken shapes; what it found so far is reported
            if not problems:
                text = f"the document cannot be validated ({type(exc).__name__})"
                problems.append(Message(text=text, severity=MessageSeverity.ERROR, detail=["#"]))
    if problems:
        raise OpenAPIImportError(f"the document is not valid OpenAPI {version}", problems)


# --- the mapping ---


class _Mapper:
    """One pass over a validated document; collects create bodies and warnings."""

    def __init__(self, document: dict[str, Any], source_url: str | None) -> None:
        self.doc = document
        self.source_url = source_url
        self.v30 = str(document.get("openapi", "")).startswith("3.0")
        self.resolver = Registry().resolver_with_root(Resource.opaque(document))
        self.messages: list[Message] = []
        self.definitions: dict[str, DefinitionsCreateDefinition] = {}
        self.accepts: dict[str, list[str]] = {}
        self.component_names: dict[str, str] = {}
        self.child_names: dict[str, set[str]] = {"action": set(), "trigger": set()}
        self.origins: dict[str, str] = {}

    def warn(self, text: str, *where: str) -> None:
        self.messages.append(Message(text=text, severity=MessageSeverity.WARNING, detail=list(where)))

    def info(self, text: str, *where: str) -> None:
        self.messages.append(Message(text=text, severity=MessageSeverity.INFO, detail=list(where)))

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` chains (parameters, bodies, responses, path items)."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            node = self.resolver.lookup(node["$ref"]).contents
            seen += 1
        return node

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
        schemas = (self.doc.get("components") or {}).get("schemas") or {}
        taken: set[str] = set()
        for key in schemas:  # every name first: schemas reference each other in any order
            where = pointer("components", "schemas", key)
            name = self._unique(_NOT_DEFINITION_NAME.sub("_", key), taken, where, "definition")
            taken.add(name)
            self.component_names[key] = name
            self.origins[f"definition:{name}"] = where
        for key, name in self.component_names.items():
            self.definitions[name] = self._definition(name, schemas[key])

    def _definition(self, name: str, schema: Any) -> DefinitionsCreateDefinition:
        content = self._json_schema(schema)
        description = schema.get("description") if isinstance(schema, dict) else None
        return DefinitionsCreateDefinition(
            name=name,
            accept=["application/json"],
            description=description if isinstance(description, str) else None,
            schema_=InlineSchema(content_type=SCHEMA_CONTENT_TYPE, content=json.dumps(content, sort_keys=True)),
        )

    def _json_schema(self, node: Any, inlining: frozenset[str] = frozenset()) -> Any:
        """A schema as JSON Schema: component refs become ``#/$defs/{name}``, other refs are inlined (a cycle among
        those becomes ``{}`` + warning); 3.0's ``nullable`` becomes a ``null`` type."""
        if isinstance(node, list):
            return [self._json_schema(item, inlining) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            siblings = {k: self._json_schema(v, inlining) for k, v in node.items() if k != "$ref"}
            name = self._component_of(ref)
            if name is not None:
                return {**siblings, "$ref": "#/$defs/" + name}
            if ref in inlining:
                self.warn("a cycle of references outside components.schemas cannot be imported; replaced by {}", ref)
                return siblings
            return {**siblings, **self._json_schema(self.deref(node), inlining | {ref})}
        out = {key: self._json_schema(value, inlining) for key, value in node.items()}
        if self.v30 and out.pop("nullable", False) is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
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
        if component is not None:
            name = component
        else:
            name = self._unique(_NOT_DEFINITION_NAME.sub("_", inline_name), self.definitions, where, "definition")
            self.definitions[name] = self._definition(name, schema)
        accepted = self.accepts.setdefault(name, [])
        if media not in accepted:
            accepted.append(media)
        return name

    def content_links(self, content: Any, inline_name: str, where: str) -> list[ActionDefinitionCreate]:
        """One link per distinct schema of a body or response; media types sharing a schema share it."""
        links: list[str] = []
        covered: set[str] = set()
        by_schema: dict[str, str] = {}
        for media, item in (content or {}).items():
            schema = (item or {}).get("schema")
            if schema is None:
                self.warn(f"media type {media!r} has no schema; not linked", f"{where}/content/{_esc(media)}")
                continue
            key = json.dumps(schema, sort_keys=True)
            if key in by_schema:
                name = by_schema[key]
                if media not in self.accepts.setdefault(name, []):
                    self.accepts[name].append(media)
            else:
                suffix = "" if not by_schema else f"_{len(by_schema) + 1}"
                name = self._link_for(schema, inline_name + suffix, media, f"{where}/content/{_esc(media)}/schema")
                by_schema[key] = name
            if media.lower() in covered:
                continue
            covered.add(media.lower())
            if name not in links:
                links.append(name)
        return [ActionDefinitionCreate(definition=DefinitionRef(name=name)) for name in links]

    # --- parameters, bodies, responses ---

    def parameters(self, item: Mapping[str, Any], op: Mapping[str, Any], where: str, kind: str) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, base in ((item.get("parameters") or [], "parameters"), (op.get("parameters") or [], "")):
            for index, raw in enumerate(source):
                parameter = self.deref(raw)
                at = f"{where.rsplit('/', 1)[0]}/parameters/{index}" if base else f"{where}/parameters/{index}"
                merged[(str(parameter.get("name")), str(parameter.get("in")))] = (parameter, at)
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
                "required": bool(parameter.get("required")) or place == "path",
                "type": ptype,
            }
            default = schema.get("default") if isinstance(schema, dict) else None
            if default is not None and not isinstance(default, dict | list):
                entry["default"] = default
            out.append(entry)
        return out

    def request_body(self, op: Mapping[str, Any], name: str, where: str) -> ActionHTTPRequestBodyCreate | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        body = self.deref(raw)
        links = self.content_links(body.get("content"), f"{name}_Request", f"{where}/requestBody")
        return ActionHTTPRequestBodyCreate(required=bool(body.get("required")), definitions=links)

    def responses(self, op: Mapping[str, Any], name: str, where: str) -> list[ActionHTTPResponseCreate]:
        out: list[ActionHTTPResponseCreate] = []
        for code, raw in (op.get("responses") or {}).items():
            at = f"{where}/responses/{_esc(str(code))}"
            status: int | None
            if str(code) == "default":
                status, label = None, "Default"
            elif str(code).isdigit():
                status, label = int(code), str(code)
            else:
                self.warn(f"response range {code!r} has no single status; skipped", at)
                continue
            response = self.deref(raw)
            links = self.content_links(response.get("content"), f"{name}_Response{label}", at)
            out.append(ActionHTTPResponseCreate(status=status, definitions=links))
        return out

    # --- actions and triggers ---

    def child_name(self, op: Mapping[str, Any], fallback: str, kind: str, where: str) -> str:
        base = op.get("operationId") if isinstance(op.get("operationId"), str) else fallback
        clean = re.sub("_+", "_", _NOT_CHILD_NAME.sub("_", str(base))).strip("_") or "operation"
        name = self._unique(clean, self.child_names[kind], where, kind)
        self.child_names[kind].add(name)
        self.origins[f"{kind}:{name}"] = where
        return name

    def operations(self, items: Mapping[str, Any], root: str) -> Iterator[tuple[str, str, Any, Any, str]]:
        for key, raw_item in (items or {}).items():
            item = self.deref(raw_item)
            for method in _METHODS:
                if method in item:
                    yield key, method, item, item[method], pointer(root, key, method)
            if item.get("servers"):
                self.warn(
                    "path-level servers are not supported; the connector's base URL is used",
                    pointer(root, key, "servers"),
                )

    def actions(self) -> list[ActionHTTPCreate]:
        made: list[ActionHTTPCreate] = []
        for path, method, item, op, where in self.operations(self.doc.get("paths") or {}, "paths"):
            name = self.child_name(op, f"{method}_{path.replace('{', '').replace('}', '')}", "action", where)
            if op.get("callbacks"):
                self.info("callbacks are not imported", f"{where}/callbacks")
            made.append(
                ActionHTTPCreate(
                    name=name,
                    summary=op.get("summary"),
                    description=op.get("description"),
                    method=cast(Any, method.upper()),
                    path=_PATH_TEMPLATE.sub(lambda m: "{{ param." + m.group(1) + " }}", path),
                    parameters=[
                        ActionHTTPParameter.model_validate(p) for p in self.parameters(item, op, where, "action")
                    ],
                    request_body=self.request_body(op, name.replace("$", ""), where),
                    responses=self.responses(op, name.replace("$", ""), where),
                )
            )
        return made

    def triggers(self) -> list[TriggerHTTPCreate]:
        made: list[TriggerHTTPCreate] = []
        hooks = self.doc.get("webhooks") or {}
        for key, method, item, op, where in self.operations(hooks, "webhooks"):
            methods = [m for m in _METHODS if m in item]
            name = self.child_name(op, key if len(methods) == 1 else f"{key}_{method}", "trigger", where)
            made.append(
                TriggerHTTPCreate(
                    name=name,
                    summary=op.get("summary"),
                    description=op.get("description"),
                    method=cast(Any, method.upper()),
                    parameters=[
                        TriggerHTTPParameter.model_validate(p) for p in self.parameters(item, op, where, "trigger")
                    ],
                    request_body=self.request_body(op, name.replace("$", ""), where),
                    responses=self.responses(op, name.replace("$", ""), where),
                )
            )
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
        servers = self.doc.get("servers") or []
        if not servers:
            self.warn("the document has no servers: the base URL is empty", "#/servers")
            return ""
        server = servers[0]
        url = str(server.get("url", ""))
        for key, variable in (server.get("variables") or {}).items():
            url = url.replace("{" + key + "}", str(variable.get("default", "")))
        if len(servers) > 1:
            self.info("only the first server is used as the base URL", "#/servers/0")
        if not urlsplit(url).scheme:
            if self.source_url and urlsplit(self.source_url).scheme in ("http", "https"):
                return urljoin(self.source_url, url)
            self.warn("the server URL is relative: kept as it is", "#/servers/0/url")
        return url.rstrip("/") if url != "/" else url

    def auth_scheme_configs(self, title: str) -> list[AuthSchemeConfig]:
        schemes = (self.doc.get("components") or {}).get("securitySchemes") or {}
        wanted: dict[str, list[str]] = {}
        for requirement in self.doc.get("security") or []:
            for key, scopes in (requirement or {}).items():
                wanted.setdefault(key, []).extend(s for s in scopes or [] if s not in wanted.get(key, []))
        configs: list[AuthSchemeConfig] = []
        for key, raw in schemes.items():
            configs += self._configs_for(
                title, key, self.deref(raw), wanted.get(key, []), pointer("components", "securitySchemes", key)
            )
        if not configs:
            configs.append(AuthSchemeConfigNone(id=_stable_id(title, "none"), description="No authentication"))
        return configs

    def _configs_for(
        self, title: str, key: str, scheme: Mapping[str, Any], scopes: list[str], at: str
    ) -> list[AuthSchemeConfig]:
        kind = scheme.get("type")
        description = str(scheme.get("description") or f"{key} ({kind})")
        ident = _stable_id(title, key)
        if kind == "apiKey":
            return [
                AuthSchemeConfigAPIKey(
                    id=ident, description=description, name=str(scheme.get("name")), in_=cast(Any, scheme.get("in"))
                )
            ]
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
        configs: list[AuthSchemeConfig] = []
        for flow_name, flow in (scheme.get("flows") or {}).items():
            grant = grants.get(flow_name)
            if grant is None:
                self.warn(f"OAuth 2.0 flow {flow_name!r} is not supported; skipped", f"{at}/flows/{flow_name}")
                continue
            token_url = str(flow.get("tokenUrl", ""))
            flow_scopes = flow.get("scopes") or {}
            raw = {
                "id": _stable_id(title, f"{key}/{flow_name}"),
                "schemeType": "oauth2",
                "description": description if len(scheme.get("flows") or {}) == 1 else f"{description} ({flow_name})",
                "authorizeUrl": str(flow.get("authorizationUrl") or token_url),
                "tokenUrl": token_url,
                "scopes": [OAuth2Scope(name=n, description=d or None).wire() for n, d in flow_scopes.items()],
                "defaultScopes": [s for s in scopes if s in flow_scopes],
                "grant": {"grantType": grant},
            }
            try:
                configs.append(_AUTH_CONFIG.validate_python(raw))
            except ValidationError:
                self.warn("the OAuth 2.0 flow could not be mapped; skipped", f"{at}/flows/{flow_name}")
        return configs


def _esc(step: str) -> str:
    return step.replace("~", "~0").replace("/", "~1")


def _jsonish(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base in ("application/json", "text/json", "application/yaml", "text/yaml") or base.endswith(
        ("+json", "+yaml")
    )


def _stable_id(title: str, key: str) -> str:
    """A ULID derived from the document title and a scheme key: the same document always gives the same ids."""
    digest = hashlib.sha256(f"versori-openapi-import\0{title}\0{key}".encode()).digest()[:16]
    return str(ULID.from_bytes(digest))


def plan_document(document: dict[str, Any], *, source_url: str | None = None) -> ImportPlan:
    """Map a validated document (see :func:`validate_document`) to an :class:`ImportPlan`."""
    mapper = _Mapper(document, source_url)
    info = document.get("info") or {}
    title = str(info.get("title") or "").strip()
    if not title:
        raise _error("info.title names the connector and must not be empty", "#/info/title")
    version = str(info.get("version") or "").strip()
    if not version or version in RESERVED_VERSION_NAMES or "/" in version:
        mapper.warn("info.version cannot name a version; the version is named '1'", "#/info/version")
        version = "1"
    docs = document.get("externalDocs") or {}
    mapper.components()
    actions = mapper.actions()
    triggers = mapper.triggers()
    base_url = mapper.base_url()
    configs = mapper.auth_scheme_configs(title)
    plan = ImportPlan(
        title=title,
        version=version,
        base_url=base_url,
        documentation_url=str(docs["url"]) if docs.get("url") else None,
        auth_scheme_configs=configs,
        definitions=mapper.finish_definitions(),
        actions=actions,
        triggers=triggers,
        origins=mapper.origins,
    )
    _one_definition_per_media_type(plan, mapper)
    plan.messages = [plan.summary(), *mapper.messages]
    return plan


def _one_definition_per_media_type(plan: ImportPlan, mapper: _Mapper) -> None:
    """A body or response may link one definition per media type (the API refuses more): later overlaps go."""
    accepts = {d.name: {m.split(";", 1)[0].strip().lower() for m in d.accept} for d in plan.definitions}
    children: list[ActionHTTPCreate | TriggerHTTPCreate] = [*plan.actions, *plan.triggers]
    for child in children:
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
                        f"{child.name}: definition {link.definition.name!r} overlaps another media type; not linked"
                    )
                    continue
                covered |= media
                kept.append(link)
            place.definitions = kept


def plan_import(data: bytes | str, *, filetype: FileType | None = None, source_url: str | None = None) -> ImportPlan:
    """Load, validate and map a document: the whole import, short of applying it."""
    document = load_document(data, filetype)
    validate_document(document)
    return plan_document(document, source_url=source_url)
