"""Dynamic provider for an HTTP Connector.

Endpoints: CreateHTTPConnector (``POST /o/{org}/protocols/http/connectors``), GetConnector, UpdateConnector (full
replace ``PUT``), UpsertAuthSchemeConfig / DeleteAuthSchemeConfig, UpdateConnectorCategories, DeleteConnector.

Every field updates in place (the API's PUT replaces the connector's mutable fields; auth scheme configs have their
own upsert/delete calls). Categories are write-only in the API (no read path), so refresh keeps the last applied
value. Auth scheme config ids are chosen by the client (spec): ``check`` keeps an existing config's id when the
program does not give one, and otherwise derives a stable id from the connector name, position and scheme type, so
a preview and the following ``up`` agree.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import TypeAdapter
from ulid import ULID

from versori_pulumi._inputs import InputField, InputSchema, has_unknown
from versori_pulumi._masking import masks
from versori_pulumi._ownership import OWNER_TAG, is_owned_by, marked, unmarked, with_previous_owner
from versori_pulumi._provider_base import VersoriProvider
from versori_pulumi._types import HttpUrl, Name, StrictBool
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError
from versori_pulumi.models import (
    AuthSchemeConfig,
    Category,
    ConnectionVariable,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
)

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["ConnectorProvider"]

log = logging.getLogger("versori_pulumi.provider.connector")

_AUTH_CONFIGS: TypeAdapter[list[AuthSchemeConfig]] = TypeAdapter(list[AuthSchemeConfig])


def _unique_config_ids(configs: list[dict[str, Any]], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    seen: set[str] = set()
    for index, config in enumerate(configs):
        if config["id"] in seen:
            yield f"[{index}].id", "auth scheme config ids must be unique within the connector"
        seen.add(config["id"])


def _http_schemes(configs: list[dict[str, Any]], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for index, config in enumerate(configs):
        if config.get("schemeType") == "google-service-account":
            yield f"[{index}].schemeType", "a Google service account is a BigQuery scheme: declare a BigQueryConnector"


SCHEMA = InputSchema(
    {
        "name": InputField(TypeAdapter(Name), required=True),
        "base_url": InputField(TypeAdapter(HttpUrl), required=True),
        "public": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "documentation_url": InputField(TypeAdapter(HttpUrl)),
        "image_url": InputField(TypeAdapter(HttpUrl)),
        "tags": InputField(TypeAdapter(dict[str, list[str]]), default=dict),
        "categories": InputField(TypeAdapter(list[Category]), default=list),
        "connection_variables": InputField(TypeAdapter(list[ConnectionVariable]), default=list),
        "auth_scheme_configs": InputField(_AUTH_CONFIGS, default=list, rules=(_unique_config_ids, _http_schemes)),
        "force_delete": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "adopt_existing": InputField(TypeAdapter(Name), diffed=False),
        "owner": InputField(TypeAdapter(str), diffed=False),
    }
)
"""``owner`` (set by the resource class, not the program) names the stack, for the large-stack mode's marker."""

OUTPUTS = ("connector_id", "organisation_id", "protocol", "created_at", "owned")
"""``owned``: the connector carries this stack's marker tag (:mod:`versori_pulumi._ownership`)."""

_PUT_FIELDS = frozenset(
    {
        "name",
        "base_url",
        "public",
        "documentation_url",
        "image_url",
        "tags",
        "connection_variables",
        "auth_scheme_configs",
    }
)
"""Inputs carried by the UpdateConnector body (auth scheme configs through their order, ``authSchemeConfigIds``)."""


def _derived_config_id(connector_name: Any, index: int, scheme_type: Any) -> str:
    seed = f"{connector_name}/{index}/{scheme_type}".encode()
    return str(ULID.from_bytes(hashlib.sha256(seed).digest()[:16]))


def _config_key(config: Mapping[str, Any]) -> tuple[str, str] | None:
    """What identifies a config across runs when the program gives no id: its scheme type and description."""
    scheme = config.get("schemeType", config.get("scheme_type"))
    description = config.get("description")
    return (scheme, description) if isinstance(scheme, str) and isinstance(description, str) else None


def _with_config_ids(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """Fill missing auth scheme config ids: reuse the previous id of the same scheme type and description.

    Previous ids are handed out in order and never twice, so two alike configs keep their own ids; anything of
    an unexpected shape is left for validation to report.
    """
    configs = news.get("auth_scheme_configs")
    if not isinstance(configs, list) or has_unknown(configs):
        return dict(news)
    previous = olds.get("auth_scheme_configs") if isinstance(olds.get("auth_scheme_configs"), list) else []
    used = {c.get("id") for c in configs if isinstance(c, Mapping) and isinstance(c.get("id"), str)}
    known: dict[tuple[str, str], list[str]] = {}
    for old in previous or []:
        key = _config_key(old) if isinstance(old, Mapping) else None
        if key is not None and isinstance(old.get("id"), str) and old["id"] and old["id"] not in used:
            known.setdefault(key, []).append(old["id"])
    filled = []
    for index, config in enumerate(configs):
        if isinstance(config, Mapping) and not config.get("id"):
            key = _config_key(config)
            reusable = known.get(key, []) if key is not None else []
            scheme = config.get("schemeType", config.get("scheme_type"))
            config_id = reusable.pop(0) if reusable else _derived_config_id(news.get("name"), index, scheme)
            config = {**config, "id": config_id}
        filled.append(config)
    return {**news, "auth_scheme_configs": filled}


def _update_body(
    connector_id: str, organisation_id: str, inputs: Mapping[str, Any], owner: str | None = None
) -> HTTPConnectorUpdate:
    """The full-replace PUT body; ``owner`` keeps the large-stack mode's marker among the tags."""
    tags = inputs.get("tags", {})
    return HTTPConnectorUpdate(
        id=connector_id,
        organisation_id=organisation_id,
        name=inputs["name"],
        base_url=inputs["base_url"],
        public=inputs.get("public", False),
        documentation_url=inputs.get("documentation_url"),
        image_url=inputs.get("image_url"),
        tags=marked(tags, owner) if owner else tags,
        connection_variables=[ConnectionVariable.model_validate(v) for v in inputs.get("connection_variables", [])],
        auth_scheme_config_ids=[c["id"] for c in inputs.get("auth_scheme_configs", [])],
    )


def _with_known_secrets(live: list[dict[str, Any]], previous: list[Any]) -> list[dict[str, Any]]:
    """Put back an OAuth 2.0 grant's client secret where the API answered a mask of it (absent, empty, starred,
    partly shown: :func:`~versori_pulumi._masking.masks`): a read cannot see the secret, so the value last applied
    stands. An answer that cannot be a mask of it is kept, and shows as drift that the next ``up`` corrects."""
    known = {c.get("id"): c for c in previous if isinstance(c, Mapping)}
    for config in live:
        grant = config.get("grant")
        old_grant = (known.get(config.get("id")) or {}).get("grant")
        if not (isinstance(grant, dict) and isinstance(old_grant, Mapping)):
            continue
        applied = old_grant.get("clientSecret")
        if isinstance(applied, str) and masks(grant.get("clientSecret"), applied):
            grant["clientSecret"] = applied
    return live


def _live_inputs(connector: HTTPConnector, previous: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs as the API sees them now; categories and provider-only settings come from the previous state."""
    live: dict[str, Any] = {
        "name": connector.name,
        "base_url": connector.base_url,
        "public": connector.public,
        "tags": unmarked(connector.tags),
        "connection_variables": [v.wire() for v in connector.connection_variables],
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
    for key in ("categories", "force_delete", "adopt_existing", "owner"):
        live[key] = previous.get(key)
    return {k: v for k, v in SCHEMA.inputs_of(live).items() if v is not None}


def _computed(connector: HTTPConnector) -> dict[str, Any]:
    return {
        "owned": OWNER_TAG in connector.tags,
        "connector_id": connector.id,
        "organisation_id": connector.organisation_id,
        "protocol": connector.protocol,
        "created_at": connector.created_at.isoformat().replace("+00:00", "Z"),
    }


def _outputs(inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
    return {**SCHEMA.inputs_of(inputs), **{key: computed[key] for key in OUTPUTS if key in computed}}


def _as_http(connector: Any) -> HTTPConnector:
    if not isinstance(connector, HTTPConnector):
        raise VersoriError(f"connector {connector.id} is a {connector.protocol} connector; this resource manages HTTP")
    return connector


class ConnectorProvider(VersoriProvider):
    """Create, read, update and delete an HTTP connector with its auth scheme configs, tags and categories."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return SCHEMA.check(_with_config_ids(_olds, with_previous_owner(_olds, news)))

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return SCHEMA.diff(_olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        adopt = props.get("adopt_existing")
        if adopt:
            existing = _as_http(self._find(client, str(adopt)))
            connector = self._converge(client, existing, {}, props) or existing
            return CreateResult(connector.id, _outputs(props, _computed(connector)))
        owner = props.get("owner") if self.adopt_owned() else None
        tags = props.get("tags", {})
        body = HTTPConnectorCreate(
            name=props["name"],
            base_url=props["base_url"],
            public=props.get("public", False),
            tags=marked(tags, owner) if owner else tags,
            connection_variables=[ConnectionVariable.model_validate(v) for v in props.get("connection_variables", [])],
            auth_scheme_configs=_AUTH_CONFIGS.validate_python(props.get("auth_scheme_configs", [])),
        )
        try:
            created = client.create_http_connector(body)
        except ConflictError as exc:
            taken = client.find_connector_by_name(props["name"]) if owner else None
            if taken is not None and is_owned_by(taken.tags, owner):
                log.info("connector %r was made by this stack (its create was lost): adopting it", props["name"])
                mine_before = _as_http(taken)
                connector = self._converge(client, mine_before, {}, props) or mine_before
                return CreateResult(connector.id, _outputs(props, _computed(connector)))
            mine = " (it does not carry this stack's marker, so versori:adoptOwned leaves it alone)" if owner else ""
            raise VersoriError(
                f"a connector named {props['name']!r} already exists in the organisation ({exc.message}){mine}; "
                f"set adopt_existing={props['name']!r} to manage it with Pulumi"
            ) from exc
        try:
            connector = created
            if props.get("documentation_url") or props.get("image_url"):
                body_update = _update_body(created.id, created.organisation_id, props, owner)
                connector = _as_http(client.update_connector(created.id, body_update))
            if props.get("categories"):
                client.update_connector_categories(created.id, props["categories"])
        except Exception:
            self._roll_back(client, created.id)
            raise
        return CreateResult(connector.id, _outputs(props, _computed(connector)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            connector = _as_http(self.client().get_connector(id_))
        except NotFoundError:
            return ReadResult("", {})
        inputs = _live_inputs(connector, props)
        return ReadResult(id_, _outputs(inputs, _computed(connector)), inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        client = self.client()
        connector = self._converge(client, None, _olds, _news, connector_id=_id)
        return UpdateResult(_outputs(_news, _computed(connector) if connector else _olds))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False))
        try:
            self.client().delete_connector(_id, force=force)
        except NotFoundError:
            log.info("connector %s was already gone", _id)
        except ConflictError as exc:
            raise VersoriError(
                f"connector {_props.get('name', _id)!r} cannot be deleted: {exc.message}. It is in use or has "
                "published versions; set force_delete=True and run `pulumi up` before deleting it (the delete uses the "
                "settings already applied)"
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
        current: HTTPConnector | None,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        connector_id: str | None = None,
    ) -> HTTPConnector | None:
        """Make the remote connector match ``news``, sending only the calls for what differs from ``olds``.

        ``current`` is the live connector when adopting (then every difference from it is sent). Returns the
        connector as the last call answered, or None when no call was needed.
        """
        owner = news.get("owner") if olds.get("owned") else None
        if current is not None:
            owner = news.get("owner") if OWNER_TAG in current.tags else None
            olds = {**_live_inputs(current, {}), "organisation_id": current.organisation_id}
            connector_id = current.id
        assert connector_id is not None
        changed = set(SCHEMA.changed_fields(olds, news))
        old_configs = {c["id"]: c for c in olds.get("auth_scheme_configs", [])}
        new_configs = list(news.get("auth_scheme_configs", []))
        connector: HTTPConnector | None = None
        for config in new_configs:
            if old_configs.get(config["id"]) != config:
                parsed = _AUTH_CONFIGS.validate_python([config])[0]
                connector = _as_http(client.upsert_auth_scheme_config(connector_id, parsed))
        for stale in old_configs.keys() - {c["id"] for c in new_configs}:
            try:
                connector = _as_http(client.delete_auth_scheme_config(connector_id, stale))
            except NotFoundError:
                pass
        if changed & _PUT_FIELDS:
            organisation_id = str(olds.get("organisation_id") or self.settings().organisation_id)
            body = _update_body(connector_id, organisation_id, news, owner if isinstance(owner, str) else None)
            connector = _as_http(client.update_connector(connector_id, body))
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
            log.error("could not roll back connector %s after a failed create: %s", connector_id, exc)
