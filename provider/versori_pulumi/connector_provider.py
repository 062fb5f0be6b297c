"""Dynamic provider for an HTTP Connector, and the lifecycle every connector shares.

Endpoints: CreateHTTPConnector (``POST /o/{org}/protocols/http/connectors``), GetConnector, UpdateConnector (full
replace ``PUT``), UpsertAuthSchemeConfig / DeleteAuthSchemeConfig, UpdateConnectorCategories, DeleteConnector.

Every field updates in place (the API's PUT replaces the connector's mutable fields; auth scheme configs have their
own upsert/delete calls). Categories are write-only in the API (no read path), so refresh keeps the last applied
value. Auth scheme config ids are chosen by the client (:mod:`versori_pulumi._core.connector_configs`).

A BigQuery connector is a connector of the same API with another create call and spec:
:class:`~versori_pulumi.bigquery_connector_provider.BigQueryConnectorProvider` is this provider with its own
``SPEC``, create request and completion (the hooks at the end of the class).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from versori_pulumi import models
from versori_pulumi._core import kinds
from versori_pulumi._core.connector_configs import (
    configs_joined,
    configs_reordered,
    configs_split,
    unique_config_ids,
    with_config_ids,
    with_known_secrets,
)
from versori_pulumi._core.input_schema import InputField, has_unknown
from versori_pulumi._core.kinds import ResourceKind
from versori_pulumi._core.lifecycle import (
    AUTH_CONFIGS,
    Creation,
    auth_configs_state,
    create_or_adopt,
    delete_remote,
    names_conflict,
    stamped,
)
from versori_pulumi._core.ownership import OWNER_TAG, is_owned_by, marked, unmarked, with_previous_owner
from versori_pulumi._core.results import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi._core.secret_split import CONFIG_SECRETS, is_config_secret, split
from versori_pulumi._core.spec import Computed, ResourceSpec
from versori_pulumi._dynamic.provider import DynamicProvider
from versori_pulumi.errors import NotFoundError, VersoriError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

    AnyConnector = models.HTTPConnector | models.BigQueryConnector

__all__ = ["CONNECTOR_STATE", "ConnectorProvider"]

log = logging.getLogger("versori_pulumi.provider.connector")

_WHERE = "in the organisation"
_CONFIGS = "auth_scheme_configs"

CONNECTOR_STATE: dict[str, Computed] = {
    "connector_id": Computed(from_id=True, read=attrgetter("id")),
    "organisation_id": Computed(read=attrgetter("organisation_id")),
    "protocol": Computed(read=attrgetter("protocol")),
    "created_at": Computed(read=stamped("created_at")),
}
"""The computed outputs every connector has, whatever its protocol (each kind's spec starts its state with them)."""


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
    state={
        **CONNECTOR_STATE,
        "owned": Computed(hidden=True, read=lambda connector: OWNER_TAG in connector.tags),
    },
)
"""``owner`` (set by the resource class, not the program) names the stack, for the large-stack mode's marker;
``owned``: the connector carries this stack's marker tag (:mod:`versori_pulumi._core.ownership`). The mirrored inputs
are the same-named fields of HTTPConnector and HTTPConnectorUpdate; the create body carries those marked
``in_create`` (the others are sent by an UpdateConnector right after it)."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs


def _variables(inputs: Mapping[str, Any]) -> list[models.ConnectionVariable]:
    return [models.ConnectionVariable.model_validate(v) for v in inputs.get("connection_variables", [])]


class ConnectorProvider(DynamicProvider):
    """Create, read, update and delete an HTTP connector with its auth scheme configs, tags and categories.

    The lifecycle follows from the class's ``SPEC`` and the attributes below; a connector of another protocol
    (BigQuery) subclasses it with its own, and its own create request and completion (``_post``, ``_complete``).
    """

    SPEC: ClassVar[ResourceSpec] = SPEC
    KIND: ClassVar[ResourceKind[Any]] = kinds.CONNECTOR
    MODEL: ClassVar[str] = "HTTPConnector"
    """The read model's name in :mod:`versori_pulumi.models` (a name: the models load on first use)."""
    UPDATE: ClassVar[str] = "HTTPConnectorUpdate"
    """The UpdateConnector body model's name."""
    MANAGES: ClassVar[str] = "HTTP"
    """The protocol as messages name it."""
    LABEL: ClassVar[str] = "connector"
    """The object as messages name it."""
    MARKS_OWNER: ClassVar[bool] = True
    """Whether the connector carries the large-stack mode's owner marker among its tags."""

    # --- the lifecycle ---

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, joined = configs_joined(_olds), configs_joined(news)
        result = self.SPEC.schema.check(with_config_ids(olds, with_previous_owner(olds, joined)), olds)
        if CONFIG_SECRETS not in news:
            return result
        if has_unknown(news[CONFIG_SECRETS]):  # compared as changed; checked once known
            inputs = {**result.inputs, _CONFIGS: news.get(_CONFIGS), CONFIG_SECRETS: news[CONFIG_SECRETS]}
            return CheckResult({k: v for k, v in inputs.items() if v is not None}, result.failures)
        return CheckResult(configs_split(result.inputs), result.failures)

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        result = self.SPEC.schema.diff(configs_joined(_olds), configs_joined(_news))
        stables = list(result.stables or [])
        if _CONFIGS in stables:
            stables.append(CONFIG_SECRETS)
        return DiffResult(result.changes, result.replaces, stables, result.delete_before_replace)

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self._create_joined(configs_joined(props))
        outs = created.outs or {}
        return CreateResult(created.id, configs_split(outs) if CONFIG_SECRETS in props else outs)

    def _create_joined(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        owner = props.get("owner") if self.MARKS_OWNER and self.adopt_owned() else None

        def lost() -> Any:
            taken = self.KIND.find(client, {"name": props["name"]}) if owner else None
            if taken is None or not is_owned_by(taken.tags, owner):
                return None
            log.info("connector %r was made by this stack (its create was lost): adopting it", props["name"])
            return taken

        connector = create_or_adopt(
            Creation(
                self.KIND,
                _WHERE,
                post=lambda: self._post(client, props, owner),
                converge=lambda existing: self._converge(client, existing, {}, props) or existing,
                complete=lambda created: self._complete(client, created, props, owner),
                undo=lambda created: client.delete_connector(created.id, force=True),
                lost=lost,
                narrow=self._narrow,
                conflict_extra=" (it does not carry this stack's marker, so versori:adoptOwned leaves it alone)"
                if owner
                else "",
            ),
            client,
            props,
        )
        return self._created(connector, props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """A state holding the secrets apart is read joined and answered apart again. A state an earlier release
        wrote holds them inside the configs, and its configs stay so: the engine keeps a property secret on
        refresh only under the name it had (in the state's outputs, and in its inputs, which this state may
        already hold apart after an ``up`` with no change), so the inputs of a 0.2 state holding a secret are not
        answered (the engine keeps them as they are) and only the next update moves them."""
        if CONFIG_SECRETS in props:
            read = self._read_joined(id_, configs_joined(props))
            if not read.id:
                return read
            return ReadResult(read.id, configs_split(read.outs or {}), configs_split(read.inputs or {}))
        read = self._read_joined(id_, props)
        schema = self.SPEC.schema
        configs = props.get(_CONFIGS)
        if read.id and schema.in_wire_form(_CONFIGS, configs) and split(configs, is_config_secret)[1]:
            return ReadResult(read.id, read.outs, None)
        return read

    def _read_joined(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            connector = self._narrow(self.client().get_connector(id_))
        except NotFoundError:
            return ReadResult("", {})
        inputs = self._live_inputs(connector, props)
        outputs = self._outputs(inputs, self._computed(connector))
        schema = self.SPEC.schema
        if schema.in_wire_form("auth_scheme_configs", props.get("auth_scheme_configs")):
            # a state an earlier release wrote (the API's names): kept in its form, so a refresh is no change
            configs = schema.wire_or_raw("auth_scheme_configs", inputs.get("auth_scheme_configs"))
            inputs["auth_scheme_configs"] = outputs["auth_scheme_configs"] = configs
        return ReadResult(id_, outputs, inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        renamed = _olds.get("name") != _news.get("name")
        olds, news = configs_joined(_olds), configs_joined(_news)
        with names_conflict("connector", news.get("name"), _WHERE, renamed):
            connector = self._converge(self.client(), None, olds, news, connector_id=_id)
        outs = self._outputs(news, self._computed(connector) if connector else olds)
        return UpdateResult(configs_split(outs) if CONFIG_SECRETS in _news else outs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False))
        delete_remote(
            lambda: self.client().delete_connector(_id, force=force),
            f"{self.LABEL} {_props.get('name', _id)!r}",
            f"{self.LABEL} {_id}",
            reason="It is in use or has published versions",
        )

    # --- helpers ---

    def _created(self, connector: AnyConnector, props: Mapping[str, Any]) -> CreateResult:
        return CreateResult(connector.id, self._outputs(props, self._computed(connector)))

    def _narrow(self, connector: Any) -> Any:
        """The connector, when it is of this provider's protocol; else the error names what it is."""
        if not isinstance(connector, getattr(models, self.MODEL)):
            raise VersoriError(
                f"connector {connector.id} is a {connector.protocol} connector; this resource manages {self.MANAGES}"
            )
        return connector

    def _update_body(
        self, connector_id: str, organisation_id: str, inputs: Mapping[str, Any], owner: str | None = None
    ) -> Any:
        """The full-replace PUT body; ``owner`` keeps the large-stack mode's marker among the tags."""
        tags = inputs.get("tags", {})
        update_model: type[Any] = getattr(models, self.UPDATE)
        return update_model(
            id=connector_id,
            organisation_id=organisation_id,
            **{name: self.SPEC.value(name, inputs) for name in self.SPEC.mirrored},
            tags=marked(tags, owner) if owner else tags,
            **self._update_extras(inputs),
            auth_scheme_config_ids=[c["id"] for c in inputs.get("auth_scheme_configs", [])],
        )

    def _live_inputs(self, connector: Any, previous: Mapping[str, Any]) -> dict[str, Any]:
        """Inputs as the API sees them now; what the API does not return (categories, which are write-only, and the
        provider-only settings) is as last applied."""
        schema = self.SPEC.schema
        live: dict[str, Any] = {name: previous.get(name) for name in schema.fields}
        live.update({name: getattr(connector, name) for name in self.SPEC.mirrored})
        live["tags"] = unmarked(connector.tags) if self.MARKS_OWNER else connector.tags
        applied = schema.wire_or_raw("auth_scheme_configs", previous.get("auth_scheme_configs")) or []
        live["auth_scheme_configs"] = with_known_secrets(auth_configs_state(connector.auth_scheme_configs), applied)
        live.update(self._live_extras(connector))
        return self.SPEC.sparse({k: v for k, v in schema.inputs_of(live).items() if v is not None}, previous)

    def _computed(self, connector: AnyConnector) -> dict[str, Any]:
        return self.SPEC.read_computed(connector)

    def _outputs(self, inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
        return self.SPEC.state_of(inputs, computed)

    def _converge(
        self,
        client: ConnectClient,
        current: AnyConnector | None,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        connector_id: str | None = None,
    ) -> Any:
        """Make the remote connector match ``news``, sending only the calls for what differs from ``olds``.

        ``current`` is the live connector just created or being adopted (then every difference from it is sent).
        Returns the connector as the last call answered, or None when no call was needed.
        """
        owner = news.get("owner") if self.MARKS_OWNER and olds.get("owned") else None
        if current is not None:
            owner = news.get("owner") if self.MARKS_OWNER and OWNER_TAG in current.tags else None
            olds = {**self._live_inputs(current, {}), "organisation_id": current.organisation_id}
            connector_id = current.id
        assert connector_id is not None
        changed = set(self.SPEC.schema.changed_fields(olds, news))
        schema = self.SPEC.schema  # configs compared in one form (a state of an earlier release has the API's)
        old_configs = {
            c["id"]: c for c in schema.canonical_or_raw("auth_scheme_configs", olds.get("auth_scheme_configs"))
        }
        new_configs = list(schema.canonical_or_raw("auth_scheme_configs", news.get("auth_scheme_configs")))
        connector: AnyConnector | None = None
        for config in new_configs:
            if old_configs.get(config["id"]) != config:
                parsed = AUTH_CONFIGS.validate_python([config])[0]
                connector = self._narrow(client.upsert_auth_scheme_config(connector_id, parsed))
        for stale in old_configs.keys() - {c["id"] for c in new_configs}:
            try:
                connector = self._narrow(client.delete_auth_scheme_config(connector_id, stale))
            except NotFoundError:
                pass
        # A reorder alone changes no put field of a spec that leaves the configs out of the body (BigQuery).
        if changed & self.SPEC.put_fields or configs_reordered(list(old_configs), [c["id"] for c in new_configs]):
            organisation_id = str(olds.get("organisation_id") or self.settings().organisation_id)
            body = self._update_body(connector_id, organisation_id, news, owner if isinstance(owner, str) else None)
            connector = self._narrow(client.update_connector(connector_id, body))
        if "categories" in changed or (current is not None and news.get("categories")):
            client.update_connector_categories(connector_id, news.get("categories", []))
        return connector

    # --- the protocol's own: its create request, its completion, its extra fields ---

    def _post(self, client: ConnectClient, props: Mapping[str, Any], owner: str | None) -> AnyConnector:
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
    ) -> AnyConnector:
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
