"""Dynamic provider for an HTTP Connector.

Endpoints: CreateHTTPConnector (``POST /o/{org}/protocols/http/connectors``), GetConnector, UpdateConnector (full
replace ``PUT``), UpsertAuthSchemeConfig / DeleteAuthSchemeConfig, UpdateConnectorCategories, DeleteConnector.

Every field updates in place (the API's PUT replaces the connector's mutable fields; auth scheme configs have their
own upsert/delete calls). Categories are write-only in the API (no read path), so refresh keeps the last applied
value. Auth scheme config ids are chosen by the client (:mod:`versori_pulumi._connector_lifecycle`, which holds the
lifecycle this provider shares with the BigQuery connector's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CreateResult, ReadResult, UpdateResult

from versori_pulumi import _registry, models
from versori_pulumi._connector_lifecycle import CONNECTOR_STATE, OWNED, ConnectorLifecycle, unique_config_ids
from versori_pulumi._inputs import InputField
from versori_pulumi._lifecycle import AUTH_CONFIGS
from versori_pulumi._ownership import marked
from versori_pulumi._spec import ResourceSpec

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["ConnectorProvider"]


def _http_schemes(configs: list[dict[str, Any]], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for index, config in enumerate(configs):
        if config.get("scheme_type", config.get("schemeType")) == "google-service-account":
            yield f"[{index}].scheme_type", "a Google service account is a BigQuery scheme: declare a BigQueryConnector"


SPEC = ResourceSpec(
    inputs={
        "name": InputField("Name", required=True, output=True, mirror=True, in_create=True),
        "base_url": InputField("HttpUrl", required=True, output=True, mirror=True, in_create=True),
        "public": InputField("StrictBool", default=lambda: False, output=True, mirror=True, in_create=True),
        "documentation_url": InputField("HttpUrl", mirror=True, output=True),
        "image_url": InputField("HttpUrl", mirror=True, output=True),
        "tags": InputField("dict[str, list[str]]", default=dict, output=True, put=True),
        "categories": InputField("list[Category]", default=list, output=True),
        "connection_variables": InputField("list[ConnectionVariable]", default=list, output=True, put=True),
        "auth_scheme_configs": InputField(
            AUTH_CONFIGS,
            default=list,
            rules=(unique_config_ids, _http_schemes),
            output=True,
            put=True,
            program_form=True,
        ),
        "force_delete": InputField("StrictBool", default=lambda: False),
        "adopt_existing": InputField("Name", diffed=False),
        "owner": InputField("str", diffed=False, program=False),
    },
    state={**CONNECTOR_STATE, "owned": OWNED},
)
"""``owner`` (set by the resource class, not the program) names the stack, for the large-stack mode's marker;
``owned``: the connector carries this stack's marker tag (:mod:`versori_pulumi._ownership`). The mirrored inputs
are the same-named fields of HTTPConnector and HTTPConnectorUpdate; the create body carries those marked
``in_create`` (the others are sent by an UpdateConnector right after it)."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs


def _variables(inputs: Mapping[str, Any]) -> list[models.ConnectionVariable]:
    return [models.ConnectionVariable.model_validate(v) for v in inputs.get("connection_variables", [])]


class ConnectorProvider(ConnectorLifecycle):
    """Create, read, update and delete an HTTP connector with its auth scheme configs, tags and categories."""

    SPEC = SPEC
    KIND = _registry.CONNECTOR
    MODEL = "HTTPConnector"
    UPDATE = "HTTPConnectorUpdate"
    MANAGES = "HTTP"
    LABEL = "connector"
    MARKS_OWNER = True

    def create(self, props: dict[str, Any]) -> CreateResult:
        return self._create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self._read(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        return self._update(_id, _olds, _news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        self._delete(_id, _props)

    def _post(self, client: ConnectClient, props: Mapping[str, Any], owner: str | None) -> models.HTTPConnector:
        tags = props.get("tags", {})
        body = models.HTTPConnectorCreate(
            **{name: SPEC.value(name, props) for name in SPEC.mirrored if SPEC.inputs[name].in_create},
            tags=marked(tags, owner) if owner else tags,
            connection_variables=_variables(props),
            auth_scheme_configs=AUTH_CONFIGS.validate_python(props.get("auth_scheme_configs", [])),
        )
        return client.create_http_connector(body)

    def _complete(
        self, client: ConnectClient, created: Any, props: Mapping[str, Any], owner: str | None
    ) -> models.HTTPConnector:
        """The create body lacks some fields: an UpdateConnector sends them, then the categories are set."""
        connector: models.HTTPConnector = created
        if any(props.get(name) for name in SPEC.after_create):
            body = self._update_body(created.id, created.organisation_id, props, owner)
            connector = self._narrow(client.update_connector(created.id, body))
        if props.get("categories"):
            client.update_connector_categories(created.id, props["categories"])
        return connector

    def _update_extras(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return {"connection_variables": _variables(inputs)}

    def _live_extras(self, connector: Any) -> dict[str, Any]:
        return {"connection_variables": [v.wire() for v in connector.connection_variables]}
