"""What the HTTP and the BigQuery connector providers share: auth scheme config ids and secrets, and the lifecycle.

Both are connectors of the same API (GetConnector, UpdateConnector's full-replace ``PUT``, UpsertAuthSchemeConfig /
DeleteAuthSchemeConfig, UpdateConnectorCategories, DeleteConnector); they differ in their create call, in the
fields their spec mirrors (``base_url`` or ``dataset_id``) and in the large-stack mode's owner marker (HTTP only).
:class:`ConnectorLifecycle` is the one lifecycle; each provider module declares its spec and its create.

Auth scheme config ids are chosen by the client (spec): ``check`` keeps an existing config's id when the program
does not give one, and otherwise derives a stable id from the connector name, position and scheme type, so a
preview and the following ``up`` agree.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from versori_pulumi import models
from versori_pulumi._inputs import has_unknown
from versori_pulumi._lifecycle import (
    AUTH_CONFIGS,
    Creation,
    auth_configs_state,
    create_or_adopt,
    delete_remote,
    names_conflict,
    stamped,
)
from versori_pulumi._masking import config_as_applied
from versori_pulumi._ownership import OWNER_TAG, is_owned_by, marked, unmarked, with_previous_owner
from versori_pulumi._provider_base import VersoriProvider
from versori_pulumi._registry import ResourceKind
from versori_pulumi._secret_split import CONFIG_SECRETS, is_config_secret, joined_props, split, split_props
from versori_pulumi._spec import Computed, ResourceSpec
from versori_pulumi.errors import NotFoundError, VersoriError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = [
    "CONNECTOR_STATE",
    "OWNED",
    "ConnectorLifecycle",
    "unique_config_ids",
    "with_config_ids",
    "with_known_secrets",
]

log = logging.getLogger("versori_pulumi.provider.connector")

if TYPE_CHECKING:
    AnyConnector = models.HTTPConnector | models.BigQueryConnector
_WHERE = "in the organisation"


def unique_config_ids(configs: list[dict[str, Any]], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """Check rule: config ids are unique within the connector."""
    seen: set[str] = set()
    for index, config in enumerate(configs):
        if config["id"] in seen:
            yield f"[{index}].id", "auth scheme config ids must be unique within the connector"
        seen.add(config["id"])


def _derived_config_id(connector_name: Any, index: int, scheme_type: Any) -> str:
    from ulid import ULID  # only for a config the program gave no id (its import reads package metadata)

    seed = f"{connector_name}/{index}/{scheme_type}".encode()
    return str(ULID.from_bytes(hashlib.sha256(seed).digest()[:16]))


def _config_key(config: Mapping[str, Any]) -> tuple[str, str] | None:
    """What identifies a config across runs when the program gives no id: its scheme type and description."""
    scheme = config.get("schemeType", config.get("scheme_type"))
    description = config.get("description")
    return (scheme, description) if isinstance(scheme, str) and isinstance(description, str) else None


def with_config_ids(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
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


def with_known_secrets(live: list[dict[str, Any]], previous: list[Any]) -> list[dict[str, Any]]:
    """Put back an OAuth 2.0 grant's client secret where the API answered a mask of it (absent, empty, starred,
    partly shown: :func:`~versori_pulumi._masking.masks`): a read cannot see the secret, so the value last applied
    stands. An answer that cannot be a mask of it is kept, and shows as drift that the next ``up`` corrects. Empty
    fields the API leaves out are kept as applied too (:func:`~versori_pulumi._masking.config_as_applied`)."""
    known = {c.get("id"): c for c in previous if isinstance(c, Mapping)}
    return [config_as_applied(config, known.get(config.get("id"))) for config in live]


_CONFIGS = "auth_scheme_configs"


def _joined(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the configs' secrets back inside them (:mod:`versori_pulumi._secret_split`)."""
    return joined_props(props, _CONFIGS, CONFIG_SECRETS)


def _split(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the configs' secret values in their own property (always present, maybe empty)."""
    return split_props(props, _CONFIGS, CONFIG_SECRETS, is_config_secret)


def _reordered(old_ids: list[str], new_ids: list[str]) -> bool:
    """Whether the configs end up out of order after the upserts (which append new ids) and deletes."""
    kept = [i for i in old_ids if i in new_ids] + [i for i in new_ids if i not in old_ids]
    return kept != new_ids


CONNECTOR_STATE: dict[str, Computed] = {
    "connector_id": Computed(from_id=True, read=attrgetter("id")),
    "organisation_id": Computed(read=attrgetter("organisation_id")),
    "protocol": Computed(read=attrgetter("protocol")),
    "created_at": Computed(read=stamped("created_at")),
}
"""The computed outputs every connector has, whatever its protocol (each kind's spec starts its state with them)."""

OWNED = Computed(hidden=True, read=lambda connector: OWNER_TAG in connector.tags)
"""Whether the connector carries this stack's marker tag (the large-stack mode, :mod:`versori_pulumi._ownership`)."""


class ConnectorLifecycle(VersoriProvider):
    """Create, read, update and delete a connector with its auth scheme configs, tags and categories.

    A subclass sets the class attributes below and implements :meth:`_post` (the create call) and
    :meth:`_complete` (what a create sends after it); the rest follows from its :class:`ResourceSpec`. Its own
    ``create``, ``read``, ``update`` and ``delete`` call ``_create`` and the others here, so that each provider's
    operations are its own (wrapped for their failures by :class:`VersoriProvider`, named after the provider).
    """

    SPEC: ClassVar[ResourceSpec]
    KIND: ClassVar[ResourceKind[AnyConnector]]
    MODEL: ClassVar[str]
    """The read model's name in :mod:`versori_pulumi.models` (a name: the models load on first use)."""
    UPDATE: ClassVar[str]
    """The UpdateConnector body model's name."""
    MANAGES: ClassVar[str]
    """The protocol as messages name it (``HTTP``)."""
    LABEL: ClassVar[str]
    """The object as messages name it (``connector``)."""
    MARKS_OWNER: ClassVar[bool] = False
    """Whether the connector carries the large-stack mode's owner marker among its tags."""

    # --- what a subclass provides ---

    def _post(self, client: ConnectClient, props: Mapping[str, Any], owner: str | None) -> AnyConnector:
        raise NotImplementedError

    def _complete(
        self, client: ConnectClient, created: AnyConnector, props: Mapping[str, Any], owner: str | None
    ) -> AnyConnector:
        raise NotImplementedError

    def _update_extras(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Update body fields beyond the mirrored ones, the tags and the config ids."""
        return {}

    def _live_extras(self, connector: Any) -> dict[str, Any]:
        """Inputs read back beyond the mirrored ones, the tags and the configs."""
        return {}

    # --- the lifecycle ---

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, joined = _joined(_olds), _joined(news)
        result = self.SPEC.schema.check(with_config_ids(olds, with_previous_owner(olds, joined)), olds)
        if CONFIG_SECRETS not in news:
            return result
        if has_unknown(news[CONFIG_SECRETS]):  # compared as changed; checked once known
            inputs = {**result.inputs, _CONFIGS: news.get(_CONFIGS), CONFIG_SECRETS: news[CONFIG_SECRETS]}
            return CheckResult({k: v for k, v in inputs.items() if v is not None}, result.failures)
        return CheckResult(_split(result.inputs), result.failures)

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        result = self.SPEC.schema.diff(_joined(_olds), _joined(_news))
        stables = list(result.stables or [])
        if _CONFIGS in stables:
            stables.append(CONFIG_SECRETS)
        return DiffResult(result.changes, result.replaces, stables, result.delete_before_replace)

    def _create(self, props: dict[str, Any]) -> CreateResult:
        created = self._create_joined(_joined(props))
        outs = created.outs or {}
        return CreateResult(created.id, _split(outs) if CONFIG_SECRETS in props else outs)

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

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """A state holding the secrets apart is read joined and answered apart again. A state an earlier release
        wrote holds them inside the configs, and its configs stay so: the engine keeps a property secret on
        refresh only under the name it had (in the state's outputs, and in its inputs, which this state may
        already hold apart after an ``up`` with no change), so the inputs of a 0.2 state holding a secret are not
        answered (the engine keeps them as they are) and only the next update moves them."""
        if CONFIG_SECRETS in props:
            read = self._read_joined(id_, _joined(props))
            if not read.id:
                return read
            return ReadResult(read.id, _split(read.outs or {}), _split(read.inputs or {}))
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

    def _update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        renamed = _olds.get("name") != _news.get("name")
        olds, news = _joined(_olds), _joined(_news)
        with names_conflict("connector", news.get("name"), _WHERE, renamed):
            connector = self._converge(self.client(), None, olds, news, connector_id=_id)
        outs = self._outputs(news, self._computed(connector) if connector else olds)
        return UpdateResult(_split(outs) if CONFIG_SECRETS in _news else outs)

    def _delete(self, _id: str, _props: dict[str, Any]) -> None:
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
        return {k: v for k, v in schema.inputs_of(live).items() if v is not None}

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
        if changed & self.SPEC.put_fields or _reordered(list(old_configs), [c["id"] for c in new_configs]):
            organisation_id = str(olds.get("organisation_id") or self.settings().organisation_id)
            body = self._update_body(connector_id, organisation_id, news, owner if isinstance(owner, str) else None)
            connector = self._narrow(client.update_connector(connector_id, body))
        if "categories" in changed or (current is not None and news.get("categories")):
            client.update_connector_categories(connector_id, news.get("categories", []))
        return connector
