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

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from versori_pulumi import models
from versori_pulumi._core import kinds
from versori_pulumi._core.connector_configs import unique_config_ids
from versori_pulumi._core.input_schema import InputField
from versori_pulumi._core.lifecycle import AUTH_CONFIGS
from versori_pulumi._core.spec import ResourceSpec
from versori_pulumi.connector_provider import CONNECTOR_STATE, ConnectorProvider

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["BigQueryConnectorProvider"]

SPEC = ResourceSpec(
    inputs={
        "name": InputField("Name", required=True, output=True, mirror=True, in_create=True),
        "dataset_id": InputField("DatasetId", required=True, output=True, mirror=True, in_create=True),
        "public": InputField("StrictBool", default=lambda: False, output=True, mirror=True),
        "documentation_url": InputField("HttpUrl", mirror=True, output=True),
        "image_url": InputField("HttpUrl", mirror=True, output=True),
        "tags": InputField("dict[str, list[str]]", default=dict, output=True, put=True),
        "categories": InputField("list[Category]", default=list, output=True),
        "auth_scheme_configs": InputField(
            AUTH_CONFIGS, default=list, rules=(unique_config_ids,), output=True, program_form=True
        ),
        "force_delete": InputField("StrictBool", default=lambda: False),
        "adopt_existing": InputField("Name", diffed=False),
    },
    state=CONNECTOR_STATE,
)
"""The mirrored inputs are the same-named fields of BigQueryConnector and BigQueryConnectorUpdate. The update body
carries the configs only through their order (``authSchemeConfigIds``), so ``auth_scheme_configs`` is no put field:
a reorder alone sends the body."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs


class BigQueryConnectorProvider(ConnectorProvider):
    """Create, read, update and delete a BigQuery connector with its auth scheme configs, tags and categories."""

    SPEC = SPEC
    KIND = kinds.BIGQUERY_CONNECTOR
    MODEL = "BigQueryConnector"
    UPDATE = "BigQueryConnectorUpdate"
    MANAGES = "BigQuery"
    LABEL = "BigQuery connector"
    MARKS_OWNER = False

    def _post(self, client: ConnectClient, props: Mapping[str, Any], owner: str | None) -> models.BigQueryConnector:
        fields = {name: SPEC.value(name, props) for name in SPEC.mirrored if SPEC.inputs[name].in_create}
        return client.create_bigquery_connector(models.BigQueryConnectorCreate(**fields))

    def _complete(
        self, client: ConnectClient, created: Any, props: Mapping[str, Any], owner: str | None
    ) -> models.BigQueryConnector:
        """The create body carries only the name and the dataset: the convergence of an update sends the rest."""
        connector: models.BigQueryConnector = self._converge(client, created, {}, props) or created
        return connector

    def _update_extras(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return {}  # no connection variables: the update body is the mirrored fields, the tags and the config ids

    def _live_extras(self, connector: Any) -> dict[str, Any]:
        return {}
