"""Connections of a connector: inline credential creation, renames, variables, credential reordering, deletes.

Rules (docs/api-behaviour.md, "Connections"): names are unique per connector (409); a credential's type must fit
its auth scheme config's ``schemeType`` (400 naming the field); ``oauth2-code`` credentials are exchanged and read
back as ``oauth2-token``; an update keeps what it leaves out; a connection marked in use answers 412 to a delete
unless forced.
"""

from __future__ import annotations

from collections.abc import Sequence

from versori_pulumi.emulator.pagination import Page, PageParams, paginate
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import (
    AuthSchemeConfigRecord,
    ConnectionCredentialRecord,
    ConnectionCredentialsRecord,
    ConnectionRecord,
    ConnectorRecord,
    CredentialRecord,
    new_id,
    now,
)
from versori_pulumi.emulator.services.common import editing, load, require_name
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import (
    AuthSchemeConfigOAuth2,
    ConnectionCreate,
    ConnectionCredentialCreate,
    ConnectionCredentialsUpdate,
    ConnectionUpdate,
    CredentialType,
    scheme_accepts_credential,
)

__all__ = ["build_connections", "create", "delete", "find", "get", "list_page", "mark_in_use", "update"]


def _credential(org: str, item: ConnectionCredentialCreate, where: str) -> ConnectionCredentialRecord:
    config = item.auth_scheme_config
    ctype = item.credential.type
    if not scheme_accepts_credential(config.scheme_type, ctype):
        message = f"a {ctype.value} credential does not fit a {config.scheme_type} auth scheme config"
        raise APIProblem(400, message, field=f"{where}.credential.type")
    data = item.credential.data.model_dump(mode="json", by_alias=True, exclude_none=True)
    if ctype is CredentialType.OAUTH2_CODE:
        # The platform exchanges the code at once and keeps the tokens (spec: reads return oauth2-token).
        ctype = CredentialType.OAUTH2_TOKEN
        scopes = config.default_scopes if isinstance(config, AuthSchemeConfigOAuth2) else []
        data = {"scopes": list(scopes), "accessToken": f"emulated-{new_id()}", "refreshToken": f"emulated-{new_id()}"}
    credential = CredentialRecord.from_data(organisation_id=org, ctype=ctype, name=item.credential.name, data=data)
    return ConnectionCredentialRecord(
        auth_scheme_config=AuthSchemeConfigRecord.from_body(config), credential=credential
    )


def _new_connection(org: str, body: ConnectionCreate, where: str) -> ConnectionRecord:
    require_name(body.name, f"{where}name")
    credentials = ConnectionCredentialsRecord(
        action=[_credential(org, c, f"{where}credentials.action[{i}]") for i, c in enumerate(body.credentials.action)],
        trigger=[
            _credential(org, c, f"{where}credentials.trigger[{i}]") for i, c in enumerate(body.credentials.trigger)
        ],
    )
    return ConnectionRecord(name=body.name, credentials=credentials, variables=list(body.variables))


def build_connections(org: str, bodies: Sequence[ConnectionCreate], where: str) -> list[ConnectionRecord]:
    """Connections given inline in a connector create (``where`` prefixes error fields, e.g. ``connections``)."""
    built: list[ConnectionRecord] = []
    for index, body in enumerate(bodies):
        if any(c.name == body.name for c in built):
            raise APIProblem(409, f"connection name {body.name!r} is taken", field=f"{where}[{index}].name")
        built.append(_new_connection(org, body, f"{where}[{index}]."))
    return built


def find(record: ConnectorRecord, connection_id: str) -> ConnectionRecord:
    """The connection of this connector, or 404."""
    for connection in record.connections:
        if connection.id == connection_id:
            return connection
    raise APIProblem(404, f"connection {connection_id} not found")


def list_page(store: Store, org: str, connector_id: str, params: PageParams) -> Page[ConnectionRecord]:
    record = load(store, org, connector_id)
    return paginate(record.connections, params, lambda c: (c.updated_at, c.id))


def get(store: Store, org: str, connector_id: str, connection_id: str) -> ConnectionRecord:
    return find(load(store, org, connector_id), connection_id)


def create(store: Store, org: str, connector_id: str, body: ConnectionCreate) -> ConnectionRecord:
    with editing(store, org, connector_id) as record:
        if any(c.name == body.name for c in record.connections):
            raise APIProblem(409, f"connection name {body.name!r} is taken", field="name")
        connection = _new_connection(org, body, "")
        record.connections.append(connection)
    return connection


def _recredential(connection: ConnectionRecord, update: ConnectionCredentialsUpdate) -> ConnectionCredentialsRecord:
    """The new credential lists: existing ids in the given order and sides, configs replaced, the rest removed."""
    existing = {c.id: c for c in [*connection.credentials.action, *connection.credentials.trigger]}
    seen: set[str] = set()
    sides: dict[str, list[ConnectionCredentialRecord]] = {"action": [], "trigger": []}
    for side, items in (("action", update.action), ("trigger", update.trigger)):
        for index, item in enumerate(items):
            where = f"credentials.{side}[{index}]"
            old = existing.get(item.id)
            if old is None or item.id in seen:
                reason = "is not a credential of this connection" if old is None else "is listed twice"
                raise APIProblem(400, f"credential {item.id} {reason}", field=f"{where}.id")
            if item.auth_scheme_config.scheme_type != old.auth_scheme_config.scheme_type:
                message = "schemeType cannot change; add a new credential instead"
                raise APIProblem(400, message, field=f"{where}.authSchemeConfig.schemeType")
            seen.add(item.id)
            config = AuthSchemeConfigRecord.from_body(item.auth_scheme_config)
            sides[side].append(old.model_copy(update={"auth_scheme_config": config}))
    return ConnectionCredentialsRecord(action=sides["action"], trigger=sides["trigger"])


def update(store: Store, org: str, connector_id: str, connection_id: str, body: ConnectionUpdate) -> ConnectionRecord:
    """Rename, replace variables (left out = kept, ``[]`` = cleared), reorder/reconfigure credentials."""
    if body.id != connection_id:
        raise APIProblem(400, "id does not match the path", field="id")
    require_name(body.name)
    with editing(store, org, connector_id) as record:
        connection = find(record, connection_id)
        if any(c.name == body.name and c.id != connection_id for c in record.connections):
            raise APIProblem(409, f"connection name {body.name!r} is taken", field="name")
        before = connection.model_dump_json()
        connection.name = body.name
        if body.variables is not None:
            connection.variables = list(body.variables)
        if body.credentials is not None:
            connection.credentials = _recredential(connection, body.credentials)
        if connection.model_dump_json() != before:
            connection.updated_at = now()
    return connection


def delete(store: Store, org: str, connector_id: str, connection_id: str, *, force: bool) -> None:
    """Delete with its credentials; 412 when marked in use, unless forced (spec)."""
    with editing(store, org, connector_id) as record:
        find(record, connection_id)
        if connection_id in record.connections_in_use and not force:
            raise APIProblem(412, "connection is in use; delete with force=true to override")
        record.connections = [c for c in record.connections if c.id != connection_id]
        record.connections_in_use = [c for c in record.connections_in_use if c != connection_id]


def mark_in_use(store: Store, org: str, connection_id: str, in_use: bool) -> None:
    """Mark a connection as used by another product (admin); 404 when no connector of the org has it."""
    with store.transaction():
        for record in store.list(org):
            if any(c.id == connection_id for c in record.connections):
                marks = set(record.connections_in_use)
                marks = marks | {connection_id} if in_use else marks - {connection_id}
                record.connections_in_use = sorted(marks)
                store.put(record)
                return
    raise APIProblem(404, f"connection {connection_id} not found")
