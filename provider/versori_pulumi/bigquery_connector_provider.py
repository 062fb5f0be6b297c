"""Dynamic provider for a BigQuery Connector: a connector to one Google BigQuery dataset.

Endpoints: CreateBigQueryConnector (``POST /o/{org}/protocols/bigquery/connectors``), GetConnector, UpdateConnector
(full replace ``PUT`` with ``protocol: bigquery``), UpsertAuthSchemeConfig / DeleteAuthSchemeConfig,
UpdateConnectorCategories, DeleteConnector.

The create body carries only the name and the dataset, so everything else (auth scheme configs, tags, public, the
URLs, categories) is sent right after it by the same convergence an update uses, and a failure on the way removes
the new connector again. Every field updates in place. Its connections authenticate with a Google service account:
a ``google-service-account`` auth scheme config on the connector and, in each connection, a ``binary`` credential
holding the account's JSON key file (docs/api-behaviour.md, "BigQuery connectors").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import AfterValidator, Field, TypeAdapter

from versori_pulumi._inputs import InputField, InputSchema
from versori_pulumi._provider_base import VersoriProvider
from versori_pulumi._types import HttpUrl, Name, StrictBool
from versori_pulumi.connector_provider import (
    _AUTH_CONFIGS,
    _unique_config_ids,
    _with_config_ids,
    _with_known_secrets,
)
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError
from versori_pulumi.models import BigQueryConnector, BigQueryConnectorCreate, BigQueryConnectorUpdate, Category

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["BigQueryConnectorProvider", "DatasetId"]

log = logging.getLogger("versori_pulumi.provider.bigquery_connector")

_DATASET_ID = re.compile(r"[a-z][a-z0-9.:-]*[a-z0-9]\.[A-Za-z0-9_]{1,1024}")
"""``<project_id>.<dataset_name>``: a project id (lowercase, digits, hyphens; a domain-scoped one holds ``.`` and
``:``), then the dataset name (letters, digits, underscores)."""


def _dataset_id(value: str) -> str:
    if not _DATASET_ID.fullmatch(value):
        raise ValueError('must be "<project_id>.<dataset_name>", e.g. "my-project.sales"')
    return value


DatasetId = Annotated[str, Field(max_length=1100), AfterValidator(_dataset_id)]
"""A BigQuery dataset id, ``<project_id>.<dataset_name>``, kept exactly as written."""

SCHEMA = InputSchema(
    {
        "name": InputField(TypeAdapter(Name), required=True),
        "dataset_id": InputField(TypeAdapter(DatasetId), required=True),
        "public": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "documentation_url": InputField(TypeAdapter(HttpUrl)),
        "image_url": InputField(TypeAdapter(HttpUrl)),
        "tags": InputField(TypeAdapter(dict[str, list[str]]), default=dict),
        "categories": InputField(TypeAdapter(list[Category]), default=list),
        "auth_scheme_configs": InputField(_AUTH_CONFIGS, default=list, rules=(_unique_config_ids,)),
        "force_delete": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "adopt_existing": InputField(TypeAdapter(Name), diffed=False),
    }
)

OUTPUTS = ("connector_id", "organisation_id", "protocol", "created_at")

_PUT_FIELDS = frozenset({"name", "dataset_id", "public", "documentation_url", "image_url", "tags"})
"""Inputs carried by the UpdateConnector body (which also sends the configs' order, ``authSchemeConfigIds``)."""


def _reordered(old_ids: list[str], new_ids: list[str]) -> bool:
    """Whether the configs end up out of order after the upserts (which append new ids) and deletes."""
    kept = [i for i in old_ids if i in new_ids] + [i for i in new_ids if i not in old_ids]
    return kept != new_ids


def _update_body(connector_id: str, organisation_id: str, inputs: Mapping[str, Any]) -> BigQueryConnectorUpdate:
    return BigQueryConnectorUpdate(
        id=connector_id,
        organisation_id=organisation_id,
        name=inputs["name"],
        dataset_id=inputs["dataset_id"],
        public=inputs.get("public", False),
        documentation_url=inputs.get("documentation_url"),
        image_url=inputs.get("image_url"),
        tags=inputs.get("tags", {}),
        auth_scheme_config_ids=[c["id"] for c in inputs.get("auth_scheme_configs", [])],
    )


def _live_inputs(connector: BigQueryConnector, previous: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs as the API sees them now; categories and provider-only settings come from the previous state."""
    live: dict[str, Any] = {
        "name": connector.name,
        "dataset_id": connector.dataset_id,
        "public": connector.public,
        "tags": connector.tags,
        "auth_scheme_configs": _with_known_secrets(
            _AUTH_CONFIGS.dump_python(
                [c.model_copy(update={"validation_messages": None}) for c in connector.auth_scheme_configs],
                mode="json",
                by_alias=True,
                exclude_none=True,
            ),
            previous.get("auth_scheme_configs") or [],
        ),
        "documentation_url": connector.documentation_url,
        "image_url": connector.image_url,
    }
    for key in ("categories", "force_delete", "adopt_existing"):
        live[key] = previous.get(key)
    return {k: v for k, v in SCHEMA.inputs_of(live).items() if v is not None}


def _computed(connector: BigQueryConnector) -> dict[str, Any]:
    return {
        "connector_id": connector.id,
        "organisation_id": connector.organisation_id,
        "protocol": connector.protocol,
        "created_at": connector.created_at.isoformat().replace("+00:00", "Z"),
    }


def _outputs(inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
    return {**SCHEMA.inputs_of(inputs), **{key: computed[key] for key in OUTPUTS if key in computed}}


def _as_bigquery(connector: Any) -> BigQueryConnector:
    if not isinstance(connector, BigQueryConnector):
        raise VersoriError(
            f"connector {connector.id} is a {connector.protocol} connector; this resource manages BigQuery"
        )
    return connector


class BigQueryConnectorProvider(VersoriProvider):
    """Create, read, update and delete a BigQuery connector with its auth scheme configs, tags and categories."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return SCHEMA.check(_with_config_ids(_olds, news))

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return SCHEMA.diff(_olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        adopt = props.get("adopt_existing")
        if adopt:
            existing = _as_bigquery(self._find(client, str(adopt)))
            connector = self._converge(client, existing, {}, props) or existing
            return CreateResult(connector.id, _outputs(props, _computed(connector)))
        body = BigQueryConnectorCreate(name=props["name"], dataset_id=props["dataset_id"])
        try:
            created = client.create_bigquery_connector(body)
        except ConflictError as exc:
            raise VersoriError(
                f"a connector named {props['name']!r} already exists in the organisation ({exc.message}); "
                f"set adopt_existing={props['name']!r} to manage it with Pulumi"
            ) from exc
        try:
            connector = self._converge(client, created, {}, props) or created
        except Exception:
            self._roll_back(client, created.id)
            raise
        return CreateResult(connector.id, _outputs(props, _computed(connector)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            connector = _as_bigquery(self.client().get_connector(id_))
        except NotFoundError:
            return ReadResult("", {})
        inputs = _live_inputs(connector, props)
        return ReadResult(id_, _outputs(inputs, _computed(connector)), inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        connector = self._converge(self.client(), None, _olds, _news, connector_id=_id)
        return UpdateResult(_outputs(_news, _computed(connector) if connector else _olds))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False))
        try:
            self.client().delete_connector(_id, force=force)
        except NotFoundError:
            log.info("BigQuery connector %s was already gone", _id)
        except ConflictError as exc:
            raise VersoriError(
                f"BigQuery connector {_props.get('name', _id)!r} cannot be deleted: {exc.message}. It is in use or "
                "has published versions; set force_delete=True to delete it anyway"
            ) from exc

    # --- helpers ---

    @staticmethod
    def _find(client: ConnectClient, key: str) -> Any:
        """The connector to adopt: by id first, then by exact name."""
        try:
            return client.get_connector(key)
        except NotFoundError:
            pass
        found = client.find_connector_by_name(key)
        if found is None:
            raise VersoriError(f"adopt_existing: no connector with id or name {key!r} in the organisation")
        return found

    def _converge(
        self,
        client: ConnectClient,
        current: BigQueryConnector | None,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        connector_id: str | None = None,
    ) -> BigQueryConnector | None:
        """Make the remote connector match ``news``, sending only the calls for what differs from ``olds``.

        ``current`` is the live connector just created or being adopted (then every difference from it is sent).
        Returns the connector as the last call answered, or None when no call was needed.
        """
        if current is not None:
            olds = {**_live_inputs(current, {}), "organisation_id": current.organisation_id}
            connector_id = current.id
        assert connector_id is not None
        changed = set(SCHEMA.changed_fields(olds, news))
        old_configs = {c["id"]: c for c in olds.get("auth_scheme_configs", [])}
        new_configs = list(news.get("auth_scheme_configs", []))
        connector: BigQueryConnector | None = None
        for config in new_configs:
            if old_configs.get(config["id"]) != config:
                parsed = _AUTH_CONFIGS.validate_python([config])[0]
                connector = _as_bigquery(client.upsert_auth_scheme_config(connector_id, parsed))
        for stale in old_configs.keys() - {c["id"] for c in new_configs}:
            try:
                connector = _as_bigquery(client.delete_auth_scheme_config(connector_id, stale))
            except NotFoundError:
                pass
        if changed & _PUT_FIELDS or _reordered(list(old_configs), [c["id"] for c in new_configs]):
            organisation_id = str(olds.get("organisation_id") or self.settings().organisation_id)
            body = _update_body(connector_id, organisation_id, news)
            connector = _as_bigquery(client.update_connector(connector_id, body))
        if "categories" in changed or (current is not None and news.get("categories")):
            client.update_connector_categories(connector_id, news.get("categories", []))
        return connector

    @staticmethod
    def _roll_back(client: ConnectClient, connector_id: str) -> None:
        """Remove a connector whose create failed half way, so no orphan is left behind."""
        try:
            client.delete_connector(connector_id, force=True)
        except NotFoundError:
            pass
        except VersoriError as exc:
            log.error("could not roll back BigQuery connector %s after a failed create: %s", connector_id, exc)
