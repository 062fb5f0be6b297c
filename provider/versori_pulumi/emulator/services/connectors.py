"""Connectors: create (HTTP, BigQuery), full-replace update, tags, categories, auth scheme configs, delete.

Rules (docs/api-behaviour.md, "Connectors"): names are unique within an organisation (409); no version is created
with a connector; ``PUT`` replaces every mutable field but keeps ``connectionVariables`` when left out, and
``authSchemeConfigIds`` may only reorder; a connector with a published version, or marked in use, answers 409 to
a delete unless forced, and a delete takes its versions, connections and credentials with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from versori_pulumi.emulator.pagination import Page, PageParams, paginate
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import (
    AuthSchemeConfigRecord,
    BigQueryConnectorFields,
    ConnectorRecord,
    HTTPConnectorFields,
)
from versori_pulumi.emulator.services.common import editing, load, require_name
from versori_pulumi.emulator.services.connections import build_connections
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import (
    AuthSchemeConfig,
    BigQueryConnectorCreate,
    BigQueryConnectorUpdate,
    Category,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
    Tags,
)

__all__ = [
    "ConnectorFilter",
    "create_bigquery",
    "create_http",
    "delete",
    "delete_auth_scheme_config",
    "list_page",
    "mark_in_use",
    "require_free_name",
    "set_categories",
    "set_tags",
    "update",
    "upsert_auth_scheme_config",
]


@dataclass(frozen=True)
class ConnectorFilter:
    """ListConnectors filters: ``name``/``protocol`` case-insensitive substrings; every ``tags`` item
    (``key`` or ``key:value``) must match; any one of ``categories`` is enough (chosen). ``sort`` is accepted and
    ignored: the spec says custom sorting is not supported yet."""

    name: str | None = None
    protocol: str | None = None
    tags: str | None = None
    categories: Sequence[Category] = field(default_factory=tuple)

    def __call__(self, record: ConnectorRecord) -> bool:
        connector = record.connector
        if self.name and self.name.lower() not in connector.name.lower():
            return False
        if self.protocol and self.protocol.lower() not in connector.protocol:
            return False
        if self.categories and not set(self.categories) & set(record.categories):
            return False
        for item in filter(None, (self.tags or "").split(",")):
            key, _, value = item.partition(":")
            values = connector.tags.get(key.strip())
            if values is None or (value and value.strip() not in values):
                return False
        return True


def require_free_name(store: Store, org: str, name: str, own_id: str | None = None) -> None:
    """409 when another connector of the organisation has this name (the client's natural key)."""
    owner = store.id_for_name(org, name)
    if owner is not None and owner != own_id:
        raise APIProblem(409, f"connector name {name!r} is taken", field="name")


_BIGQUERY_ONLY = "google-service-account"


def _check_scheme_fits(protocol: str, config: AuthSchemeConfig, where: str) -> None:
    """A Google service account config belongs on a BigQuery connector only (ListAuthSchemes lists it there)."""
    if config.scheme_type == _BIGQUERY_ONLY and protocol != "bigquery":
        raise APIProblem(400, f"{_BIGQUERY_ONLY} is not an auth scheme of the {protocol} protocol", field=where)


def _check_config_ids(configs: Sequence[AuthSchemeConfig], where: str) -> None:
    seen: set[str] = set()
    for index, config in enumerate(configs):
        _check_scheme_fits("http", config, f"{where}[{index}].schemeType")
        if config.id in seen:
            raise APIProblem(400, f"auth scheme config id {config.id} is repeated", field=f"{where}[{index}].id")
        seen.add(config.id)


def list_page(store: Store, org: str, params: PageParams, keep: ConnectorFilter) -> Page[ConnectorRecord]:
    records = [r for r in store.list(org) if keep(r)]
    return paginate(records, params, lambda r: (r.connector.updated_at, r.id))


def create_http(store: Store, org: str, body: HTTPConnectorCreate) -> ConnectorRecord:
    """A new HTTP connector with the given configs and connections and no versions."""
    require_name(body.name)
    _check_config_ids(body.auth_scheme_configs, "authSchemeConfigs")
    with store.transaction():
        require_free_name(store, org, body.name)
        connector = HTTPConnectorFields(
            organisation_id=org,
            name=body.name,
            public=body.public,
            base_url=body.base_url,
            tags=body.tags,
            auth_scheme_configs=[AuthSchemeConfigRecord.from_body(c) for c in body.auth_scheme_configs],
            connection_variables=list(body.connection_variables),
        )
        record = ConnectorRecord(
            connector=connector, connections=build_connections(org, body.connections, "connections")
        )
        store.put(record)
    return record


def create_bigquery(store: Store, org: str, body: BigQueryConnectorCreate) -> ConnectorRecord:
    require_name(body.name)
    with store.transaction():
        require_free_name(store, org, body.name)
        connector = BigQueryConnectorFields(organisation_id=org, name=body.name, dataset_id=body.dataset_id)
        record = ConnectorRecord(
            connector=connector, connections=build_connections(org, body.connections, "connections")
        )
        store.put(record)
    return record


def update(
    store: Store, org: str, connector_id: str, body: HTTPConnectorUpdate | BigQueryConnectorUpdate
) -> ConnectorRecord:
    """Full replace of the mutable fields: one the body leaves out takes the record's default (``public`` false,
    ``tags`` {}, URLs unset), except ``connectionVariables``, which are kept."""
    if body.id != connector_id:
        raise APIProblem(400, "id does not match the path", field="id")
    if body.organisation_id != org:
        raise APIProblem(400, "organisationId does not match the path", field="organisationId")
    require_name(body.name)
    with editing(store, org, connector_id) as record:
        connector = record.connector
        if body.protocol != connector.protocol:
            raise APIProblem(400, "protocol cannot change", field="protocol")
        require_free_name(store, org, body.name, own_id=connector_id)
        configs = connector.auth_scheme_configs
        if body.auth_scheme_config_ids is not None:
            ids = body.auth_scheme_config_ids
            by_id = {c.id: c for c in configs}
            if len(set(ids)) != len(ids) or set(ids) != set(by_id):
                message = "authSchemeConfigIds must list each existing auth scheme config id exactly once"
                raise APIProblem(400, message, field="authSchemeConfigIds")
            configs = [by_id[i] for i in ids]
        given: dict[str, object] = {
            "name": body.name,
            "public": body.public,
            "documentation_url": body.documentation_url,
            "image_url": body.image_url,
            "tags": body.tags,
            "auth_scheme_configs": configs,
        }
        if isinstance(body, HTTPConnectorUpdate):
            given.update(base_url=body.base_url, connection_variables=body.connection_variables)
        else:
            given["dataset_id"] = body.dataset_id
        kept = {"id", "organisation_id", "protocol", "connection_variables", "created_at", "updated_at"}
        fields = {name: getattr(connector, name) for name in kept}
        fields.update((name, value) for name, value in given.items() if value is not None)
        record.connector = type(connector).model_validate(fields)
    return record


def delete(store: Store, org: str, connector_id: str, *, force: bool) -> None:
    """Delete with everything below it; 409 while published or in use, unless forced."""
    with store.transaction():
        record = load(store, org, connector_id)
        if not force:
            if record.in_use:
                raise APIProblem(409, "connector is in use; delete with force=true to override")
            if any(v.published_at is not None for v in record.versions):
                raise APIProblem(409, "connector has a published version; delete with force=true to override")
        store.delete(org, connector_id)


def set_tags(store: Store, org: str, connector_id: str, tags: Tags) -> None:
    with editing(store, org, connector_id) as record:
        record.connector.tags = dict(tags)


def set_categories(store: Store, org: str, connector_id: str, categories: Sequence[Category]) -> None:
    """Stored (and filterable) but, as in the spec, not part of the Connector body."""
    with editing(store, org, connector_id) as record:
        record.categories = list(dict.fromkeys(categories))


def upsert_auth_scheme_config(
    store: Store, org: str, connector_id: str, config_id: str, config: AuthSchemeConfig
) -> ConnectorRecord:
    """Create or replace the config with this id, keeping its place in the list."""
    if config.id != config_id:
        raise APIProblem(400, "id does not match the path", field="id")
    with editing(store, org, connector_id) as record:
        _check_scheme_fits(record.connector.protocol, config, "schemeType")
        configs = record.connector.auth_scheme_configs
        stored = AuthSchemeConfigRecord.from_body(config)
        index = next((i for i, c in enumerate(configs) if c.id == config_id), None)
        if index is None:
            configs.append(stored)
        else:
            configs[index] = stored
    return record


def delete_auth_scheme_config(store: Store, org: str, connector_id: str, config_id: str) -> ConnectorRecord:
    """Remove the config; connections keep their copies of it (spec)."""
    with editing(store, org, connector_id) as record:
        configs = record.connector.auth_scheme_configs
        if not any(c.id == config_id for c in configs):
            raise APIProblem(404, f"auth scheme config {config_id} not found")
        record.connector.auth_scheme_configs = [c for c in configs if c.id != config_id]
    return record


def mark_in_use(store: Store, org: str, connector_id: str, in_use: bool) -> None:
    """Mark the connector as subscribed by another product (admin); not an API change, so no new ``updatedAt``."""
    with store.transaction():
        record = load(store, org, connector_id)
        record.in_use = in_use
        store.put(record)
