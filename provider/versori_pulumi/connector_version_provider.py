"""Dynamic provider for a Connector Version: a draft or published version of a connector.

Endpoints: CreateConnectorVersion (``POST .../versions``), GetConnectorVersion, UpdateConnectorVersion (``PUT``
with the full version), PublishConnector / UnpublishConnector (``POST .../publish|unpublish``),
DeleteConnectorVersion; for the contents, ListDefinitions, CreateDefinitions, UpdateDefinition, DeleteDefinitions,
GetRawSchema, ListActions, CreateAction, UpdateAction, DeleteAction, ListTriggers, CreateTrigger, UpdateTrigger,
DeleteTrigger.

The contents (``definitions``, ``actions``, ``triggers``, maps keyed by name) are written to the draft before it is
published, read back on refresh, and frozen once published (:mod:`versori_pulumi._core.contents_sync`).

``connector_id``, ``name`` and ``from_version`` replace the version (a version is addressed by its name, and its
content is copied from ``from_version`` at creation); ``description`` and ``published`` update in place. A
published version is immutable (spec), so changing its description unpublishes it, edits it and publishes it
again, keeping its default flag. Which version is the connector's default is not this resource's business: one
:class:`~versori_pulumi.ConnectorDefaultVersion` per connector owns it.

A replacement deletes the old version with the settings already applied (the engine hands ``delete`` the old
state), and the API refuses to delete a published version without ``force``: so ``check``, which sees the old
inputs, refuses such a replacement at preview and says how to get out, instead of letting ``up`` half-apply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from versori_pulumi import models
from versori_pulumi._core import kinds
from versori_pulumi._core.contents_rules import KINDS, contents_rules, first_change
from versori_pulumi._core.input_schema import InputField, has_unknown, identical
from versori_pulumi._core.lifecycle import Creation, create_or_adopt, delete_remote, lost_create, stamped
from versori_pulumi._core.ownership import with_previous_owner
from versori_pulumi._core.results import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi._core.spec import Computed, ResourceSpec
from versori_pulumi._dynamic.provider import DynamicProvider
from versori_pulumi.config import CONFIG_FORCE_DELETE_PUBLISHED, ENV_FORCE_DELETE_PUBLISHED
from versori_pulumi.connector_default_version_provider import set_default_flag
from versori_pulumi.errors import NotFoundError, VersoriError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["PUBLISHED_DELETE_FIX", "ConnectorVersionProvider"]

PUBLISHED_DELETE_FIX = (
    f"to delete it, run `pulumi config set {CONFIG_FORCE_DELETE_PUBLISHED} true` and run the command again "
    "(`pulumi up`; for a destroy `pulumi destroy --run-program`, since a plain destroy keeps the settings of the last "
    f"up), or run it with {ENV_FORCE_DELETE_PUBLISHED}=true in the environment. A stopped destroy then finishes where "
    "it stopped: do not run `pulumi up` in between (it would re-create what the destroy already deleted)"
)
"""The refusal's fix: a provider setting read at delete time, so a stopped destroy can finish as it is."""


def _contents(kind: str) -> Callable[[], Any]:
    """The adapter of one kind of contents, whose models are imported when a value is first validated."""

    def adapter() -> Any:
        from versori_pulumi._core.contents_sync import ADAPTERS

        return ADAPTERS[kind]

    return adapter


def _definition_names(definitions: Any) -> Any:
    """Definitions in the program's names: ``schema`` (the model's field is ``schema_``, a Python name)."""
    if not isinstance(definitions, dict):
        return definitions
    return {
        name: {("schema" if key == "schema_" else key): value for key, value in item.items()}
        if isinstance(item, dict)
        else item
        for name, item in definitions.items()
    }


SPEC = ResourceSpec(
    inputs={
        "connector_id": InputField("Name", required=True, replace=True, output=True),
        "name": InputField("VersionName", required=True, replace=True, output=True),
        "from_version": InputField("Name", replace=True),
        "description": InputField("str", put=True, output=True),
        "published": InputField("StrictBool", default=lambda: False, output=True, put=True),
        "force_delete": InputField("StrictBool", default=lambda: False),
        "adopt_existing": InputField("Name", diffed=False),
        "retain_on_delete": InputField("StrictBool", diffed=False, program=False),
        "owner": InputField("str", diffed=False, program=False),
        "definitions": InputField(
            _contents("definitions"),
            rules=(contents_rules("definitions"),),
            put=True,
            program_form=True,
            program_names=_definition_names,
        ),
        "actions": InputField(_contents("actions"), rules=(contents_rules("actions"),), put=True, program_form=True),
        "triggers": InputField(_contents("triggers"), rules=(contents_rules("triggers"),), put=True, program_form=True),
    },
    state={
        "version_id": Computed(from_id=True, read=attrgetter("id")),
        "published_at": Computed(read=stamped("published_at")),
        "created_at": Computed(read=stamped("created_at")),
    },
)
"""``retain_on_delete`` mirrors the resource option of that name (the resource class passes it along), since a
version applied as retained may be replaced even when published: the engine then never deletes it. ``put``: what
an update changes through API calls (the rest are provider-only settings)."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs

_DEFAULT_MOVED = (
    "default: a connector's default version is declared once, with versori.ConnectorDefaultVersion("
    "connector_id=..., version=<this version>); remove `default` from this ConnectorVersion"
)


def _protected_replacement(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[CheckFailure]:
    """Failures for a replacement whose delete the API would refuse: the old version is published and was not
    applied with ``force_delete`` (the delete runs with the old state's settings)."""
    if not olds or olds.get("published") is not True:
        return []
    if olds.get("force_delete") is True or olds.get("retain_on_delete") is True:
        return []  # already applied: the delete is forced, or the engine keeps the old version
    failures = []
    for name in ("connector_id", "name", "from_version"):
        new = inputs.get(name)
        if has_unknown(new) or identical(olds.get(name), new) or SCHEMA.canonical_or_raw(name, olds.get(name)) == new:
            continue
        failures.append(
            CheckFailure(
                name,
                f"{name}: changing it replaces this version, which is published, and the API refuses "
                "to delete a published version without force. Either keep this resource and declare the new "
                "version as a new ConnectorVersion (a new resource name); or, in an `up` before this change, set "
                "force_delete=True (to delete the old version) or the resource option retain_on_delete=True (to "
                "leave it in place): a replacement deletes with the settings already applied",
            )
        )
    return failures


def _outputs(inputs: Mapping[str, Any], version: models.ConnectorVersion) -> dict[str, Any]:
    """The state; a draft has no ``published_at`` (left out rather than null)."""
    return {k: v for k, v in SPEC.state_of(inputs, SPEC.read_computed(version)).items() if v is not None}


def _live_inputs(version: models.ConnectorVersion, previous: Mapping[str, Any]) -> dict[str, Any]:
    live = {
        "connector_id": previous.get("connector_id"),
        "name": version.name,
        "from_version": previous.get("from_version"),
        "description": version.description or None,
        "published": version.published,
        "force_delete": previous.get("force_delete"),
        "adopt_existing": previous.get("adopt_existing"),
        "retain_on_delete": previous.get("retain_on_delete"),
        "owner": previous.get("owner"),
        **{kind: previous.get(kind) for kind in KINDS},
    }
    return SPEC.sparse({k: v for k, v in SCHEMA.inputs_of(live).items() if v is not None}, previous)


def _frozen_contents(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[CheckFailure]:
    """A content change to a version that is and stays published: refused, since subscribers run it."""
    if not olds or olds.get("published") is not True or inputs.get("published") is not True:
        return []
    if any(has_unknown(inputs.get(kind)) for kind in KINDS):
        return []
    if all(identical(olds.get(kind), inputs.get(kind)) for kind in KINDS if olds.get(kind) is not None):
        return []  # nothing managed changed (and nothing to validate)
    managed_before = {
        kind: SCHEMA.canonical_or_raw(kind, olds.get(kind)) for kind in KINDS if olds.get(kind) is not None
    }
    change = first_change(managed_before, {kind: inputs.get(kind) for kind in managed_before})
    if change is None:
        return []
    return [CheckFailure(change, _frozen_message(change, None))]


def _frozen_message(change: str, name: str | None) -> str:
    """Why a published version's contents cannot change, and the ways out; ``name`` only where values may be
    shown (an apply-time error, not a check failure, which never repeats an input)."""
    this, source = ("this version", "this version's name") if name is None else (f"version {name!r}", repr(name))
    return (
        f"{change}: {this} is published, and a published version's contents are immutable (connections run it). "
        f"Declare the change in a new version (a ConnectorVersion with from_version={source}, published when "
        "ready), or unpublish this one explicitly (published=False) in the same change"
    )


class ConnectorVersionProvider(DynamicProvider):
    """Create, publish, edit and delete a connector version."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        news = with_previous_owner(_olds, news)
        if "default" in news:
            rest = SCHEMA.check({k: v for k, v in news.items() if k != "default"}, _olds)
            return CheckResult(rest.inputs, [CheckFailure("default", _DEFAULT_MOVED), *rest.failures])
        result = SCHEMA.check(news, _olds)
        adopt = result.inputs.get("adopt_existing")
        if adopt is not None and not has_unknown(adopt) and adopt != result.inputs.get("name"):
            reason = "adopt_existing: a version is addressed by its name, so adopt_existing must equal name"
            result.failures.append(CheckFailure("adopt_existing", reason))
        if not result.failures:
            result.failures.extend(_protected_replacement(_olds, result.inputs))
            result.failures.extend(_frozen_contents(_olds, result.inputs))
        return result

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        # The name must stay unique within a connector: a replacement that keeps name and connector deletes first.
        same_slot = _olds.get("name") == _news.get("name") and _olds.get("connector_id") == _news.get("connector_id")
        return SCHEMA.diff(_olds, _news, delete_before_replace=same_slot)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        connector_id = props["connector_id"]
        where = f"in connector {connector_id}"
        # A new draft holds nothing unless drafted from another version: no need to read what it holds.
        empty: dict[str, Any] | None = None if props.get("from_version") else {kind: {} for kind in KINDS}
        version = create_or_adopt(
            Creation(
                kinds.CONNECTOR_VERSION,
                where,
                post=lambda: client.create_version(
                    connector_id,
                    models.ConnectorVersionCreate(name=props["name"], from_version=props.get("from_version")),
                ),
                converge=lambda existing: self._converge(client, connector_id, existing, props),
                complete=lambda created: self._converge(client, connector_id, created, props, empty),
                undo=lambda created: client.delete_version(connector_id, created.name, force=True),
                lost=lambda: lost_create(kinds.CONNECTOR_VERSION, client, props, where, enabled=self.adopt_owned()),
            ),
            client,
            props,
        )
        return CreateResult(version.id, _outputs(props, version))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client()
        try:
            version = client.get_version(props["connector_id"], props["name"])
        except NotFoundError:
            return ReadResult("", {})
        if version.id != id_:
            return ReadResult("", {})  # the name now belongs to another version: ours is gone
        managed = {kind: props[kind] for kind in KINDS if props.get(kind) is not None}
        from versori_pulumi._core.contents_sync import read_contents  # the contents' models: not for check or diff

        contents = read_contents(client, props["connector_id"], version.name, managed) if managed else {}
        inputs = _live_inputs(version, {**props, **contents})
        return ReadResult(id_, _outputs(inputs, version), inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        changed = set(SCHEMA.changed_fields(_olds, _news))
        if not changed & SPEC.put_fields:
            kept = {k: v for k, v in _olds.items() if k != "default"}  # "default" is pre-0.2 state
            return UpdateResult({**kept, **SCHEMA.inputs_of(_news)})  # provider-only settings: no API call
        client = self.client()
        current = client.get_version(_news["connector_id"], _news["name"])
        # Contents are written only when the program changed them, and then only the items that differ from what
        # this provider wrote last (the previous outputs): nothing is read but the ids those writes need. A kind
        # managed only now is read first (what from_version copied). Drift is refresh's job.
        contents = changed & set(KINDS)
        known = {kind: _olds[kind] for kind in KINDS if _olds.get(kind) is not None}
        version = self._converge(client, _news["connector_id"], current, _news, known, contents=bool(contents))
        return UpdateResult(_outputs(_news, version))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False)) or self.force_delete_published()
        delete_remote(
            lambda: self.client().delete_version(_props["connector_id"], _props["name"], force=force),
            f"version {_props.get('name')!r}",
            f"version {_props.get('name')}",
            reason="Published versions are kept unless force_delete=True or the provider setting "
            f"{CONFIG_FORCE_DELETE_PUBLISHED} is true",
            fix=PUBLISHED_DELETE_FIX,
        )

    # --- helpers ---

    @staticmethod
    def _converge(
        client: ConnectClient,
        connector_id: str,
        current: models.ConnectorVersion,
        want: Mapping[str, Any],
        fresh: Mapping[str, Any] | None = None,
        *,
        contents: bool = True,
    ) -> models.ConnectorVersion:
        """Bring one version to the wanted description and published state, in the order the API allows (content
        edits only on drafts): contents first, then the description, then publishing, so that a version is complete
        before anyone can use it. ``fresh`` is the live contents of the kinds it holds when known (an empty new
        draft, the previous outputs); the other managed kinds are read. A published
        version edited on the way keeps its default flag: the flag belongs to the connector's
        ConnectorDefaultVersion, and unpublishing clears it."""
        name = current.name
        description = want.get("description")
        publish = bool(want.get("published", False))
        version = current
        was_default = current.is_default
        managed = {kind: want.get(kind) for kind in KINDS if want.get(kind) is not None} if contents else {}
        if managed:
            from versori_pulumi._core.contents_sync import apply_contents, read_contents  # see read

            unknown = {kind: value for kind, value in managed.items() if fresh is None or kind not in fresh}
            live = {**(fresh or {}), **(read_contents(client, connector_id, name, unknown) if unknown else {})}
            seen = {kind: SCHEMA.canonical_or_raw(kind, value) for kind, value in live.items()}  # one form
            change = first_change(seen, {kind: SCHEMA.canonical_or_raw(kind, value) for kind, value in managed.items()})
            if change is not None:
                if version.published and publish:
                    raise VersoriError(_frozen_message(change, name))
                if version.published:
                    version = client.unpublish_version(connector_id, name)
                apply_contents(client, connector_id, name, managed, live)
        if (description or None) != (version.description or None):
            if version.published:
                version = client.unpublish_version(connector_id, name)
            version = client.update_version(connector_id, name, version.model_copy(update={"description": description}))
        if publish and not version.published:
            version = client.publish_version(connector_id, name)
        elif not publish and version.published:
            version = client.unpublish_version(connector_id, name)
        if was_default and version.published and not version.is_default:
            version = set_default_flag(client, connector_id, name, True)
        return version
