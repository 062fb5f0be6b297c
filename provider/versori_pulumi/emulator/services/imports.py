"""ImportHTTPConnector and ImportHTTPConnectorVersion: apply an :class:`~versori_pulumi.openapi_import.ImportPlan`.

The mapping itself is :mod:`versori_pulumi.openapi_import` (shared with programs that build versions from a
document). An import is atomic: the connector (or version) and all its contents are built in memory and saved in
one write, so a failure at any step leaves nothing behind. Failures answer 400 with an ImportHTTPConnectorError
body (``messages`` with JSON Pointers into the document); a taken connector or version name is 409 as for the
plain creates.
"""

from __future__ import annotations

from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import AuthSchemeConfigRecord, ConnectorRecord, HTTPConnectorFields, VersionRecord
from versori_pulumi.emulator.services.common import editing, require_name
from versori_pulumi.emulator.services.connectors import require_free_name
from versori_pulumi.emulator.services.contents import Scope, create_child, create_definitions
from versori_pulumi.emulator.services.versions import check_name
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import Message, MessageSeverity
from versori_pulumi.models_contents import DefinitionsCreate
from versori_pulumi.openapi_import import ImportPlan, OpenAPIImportError

__all__ = ["from_parse_error", "import_connector", "import_error", "import_version"]


def import_error(reason: str, messages: list[Message], field: str | None = None) -> APIProblem:
    """A 400 ImportHTTPConnectorError."""
    return APIProblem(400, f"import failed: {reason}", field=field, extra={"messages": [m.wire() for m in messages]})


def from_parse_error(exc: OpenAPIImportError) -> APIProblem:
    return import_error(exc.reason, exc.messages)


def _apply(scope: Scope, plan: ImportPlan) -> None:
    """Create the plan's definitions, actions and triggers through the same rules as the single operations; a
    failure names the API field and, where known, the place in the document it comes from."""
    origin = "#"
    try:
        if plan.definitions:
            create_definitions(scope, DefinitionsCreate(definitions=plan.definitions))
        for kind, children in (("action", plan.actions), ("trigger", plan.triggers)):
            for child in children:
                origin = plan.origins.get(f"{kind}:{child.name}", "#")
                create_child(scope, "action" if kind == "action" else "trigger", child)
    except APIProblem as exc:
        if exc.status == 409:
            raise
        detail = [origin, *(f.field for f in exc.fields)]
        message = Message(text=exc.message, severity=MessageSeverity.ERROR, detail=detail)
        raise import_error(exc.message, [message]) from None


def import_connector(store: Store, org: str, plan: ImportPlan) -> tuple[ConnectorRecord, Scope]:
    """A new draft HTTP connector named after ``info.title`` with one draft version holding the contents."""
    require_name(plan.title)
    with store.transaction():
        require_free_name(store, org, plan.title)
        version = VersionRecord(name=plan.version)
        connector = HTTPConnectorFields(
            organisation_id=org,
            name=plan.title,
            base_url=plan.base_url,
            documentation_url=plan.documentation_url,
            auth_scheme_configs=[AuthSchemeConfigRecord.from_body(c) for c in plan.auth_scheme_configs],
        )
        record = ConnectorRecord(connector=connector, versions=[version])
        scope = Scope(record, version)
        _apply(scope, plan)
        store.put(record)
    return record, scope


def import_version(
    store: Store, org: str, connector_id: str, version_name: str, plan: ImportPlan
) -> tuple[ConnectorRecord, Scope, list[Message]]:
    """A new draft version of an HTTP connector; connector fields are not versioned, so they stay as they are
    (differences are reported as warnings)."""
    warnings: list[Message] = []
    with editing(store, org, connector_id) as record:
        connector = record.connector
        if not isinstance(connector, HTTPConnectorFields):
            raise APIProblem(400, "only an http connector can import an OpenAPI document")
        check_name(record, version_name)
        version = VersionRecord(name=version_name)
        record.versions.append(version)
        scope = Scope(record, version)
        _apply(scope, plan)
        if plan.base_url and plan.base_url != connector.base_url:
            text = "the document's server differs from the connector's baseUrl, which is kept"
            warnings.append(Message(text=text, severity=MessageSeverity.WARNING, detail=["#/servers/0/url"]))
        known = {(c.scheme_type, getattr(c.settings, "name", None)) for c in connector.auth_scheme_configs}
        for config in plan.auth_scheme_configs:
            if (config.scheme_type, getattr(config, "name", None)) not in known and config.scheme_type != "none":
                text = f"the connector has no {config.scheme_type} auth scheme config like {config.description!r}"
                warnings.append(
                    Message(text=text, severity=MessageSeverity.WARNING, detail=["#/components/securitySchemes"])
                )
    return record, scope, warnings
