"""Dynamic provider for a connector's default version: the one owner of the ``isDefault`` pointer.

Endpoints: GetConnectorVersion (the version to promote), ListConnectorVersions (which version is the default now),
UpdateConnectorVersion (``isDefault``; setting it on one version clears it on the others, docs/api-behaviour.md).

A connector has one default, so it is one resource per connector rather than a flag on each version: a program
cannot declare two defaults that fight each other on every ``up``, and promoting a release is the one-line diff
``version: "1.1.0" => "2.0.0"`` (an update in place). ``connector_id`` replaces. The resource id is the connector's
id. Delete clears the flag when it is still on this resource's version (``retain_on_delete`` keeps it).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from versori_pulumi import models
from versori_pulumi._core.input_schema import InputField
from versori_pulumi._core.results import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi._core.spec import Computed, ResourceSpec
from versori_pulumi._dynamic.provider import DynamicProvider
from versori_pulumi.errors import BadRequestError, NotFoundError, VersoriError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["ConnectorDefaultVersionProvider"]

log = logging.getLogger("versori_pulumi.provider.connector_default_version")


SPEC = ResourceSpec(
    inputs={
        "connector_id": InputField("Name", required=True, replace=True, output=True),
        "version": InputField("VersionName", required=True, output=True),
        "version_published": InputField("StrictBool", diffed=False, program=False),
        "version_id": InputField("Name", program=False),
    },
    state={"version_id": Computed(read=attrgetter("id"))},
)
"""``version_published`` and ``version_id`` come from the promoted ConnectorVersion when ``version`` is given as a
resource: promoting a draft fails at preview, and a version replaced under the same name (a new id) is marked
default again, since the new version starts without the flag. Given a name, ``version_id`` is an output only."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs


def _outputs(inputs: Mapping[str, Any], version: models.ConnectorVersion | None) -> dict[str, Any]:
    return SPEC.state_of(inputs, {} if version is None else SPEC.read_computed(version))


class ConnectorDefaultVersionProvider(DynamicProvider):
    """Point a connector's ``default`` at one published version, move it, and release it on delete."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = SCHEMA.check(news, _olds)
        if result.inputs.get("version_published") is False:
            reason = (
                "version: that ConnectorVersion is declared with published=False, and only a published "
                "version can be the default: publish it in the same change, or point `version` at a published one"
            )
            result.failures.append(CheckFailure("version", reason))
        return result

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        if _news.get("version_id") is None:  # version given by name: the id is an output, not a wish
            _olds = {k: v for k, v in _olds.items() if k != "version_id"}
        return SCHEMA.diff(_olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        version = self._promote(self.client(), props["connector_id"], props["version"])
        return CreateResult(props["connector_id"], _outputs(props, version))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        connector_id = props.get("connector_id") or id_
        try:
            current = _current_default(self.client(), connector_id)
        except NotFoundError:
            return ReadResult("", {})  # the connector is gone, and its default with it
        live = {**SCHEMA.inputs_of(props), "connector_id": connector_id}
        if current is None:
            live.pop("version", None)  # no default marked: the next up marks it again
            live.pop("version_id", None)
        else:
            live.update(version=current.name, version_id=current.id)
        return ReadResult(id_, _outputs(live, current), live)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        olds = _olds if _news.get("version_id") is not None else {k: v for k, v in _olds.items() if k != "version_id"}
        if not {"version", "version_id"} & set(SCHEMA.changed_fields(olds, _news)):
            return UpdateResult({**_olds, **SCHEMA.inputs_of(_news)})
        version = self._promote(self.client(), _news["connector_id"], _news["version"])
        return UpdateResult(_outputs(_news, version))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        client = self.client()
        connector_id, name = _props.get("connector_id") or _id, _props.get("version")
        try:
            set_default_flag(client, connector_id, str(name), False)
        except NotFoundError:
            log.info("default version %s of connector %s was already gone", name, connector_id)

    @staticmethod
    def _promote(client: ConnectClient, connector_id: str, name: str) -> models.ConnectorVersion:
        try:
            return set_default_flag(client, connector_id, name, True)
        except NotFoundError as exc:
            raise VersoriError(f"version: connector {connector_id} has no version {name!r}") from exc


def set_default_flag(client: ConnectClient, connector_id: str, name: str, value: bool) -> models.ConnectorVersion:
    """Mark (or unmark) one version as the default.

    UpdateConnectorVersion takes the whole version and refuses a stale read-only field (``isLatest`` moves when
    another version of the connector is published meanwhile, which the engine may be doing in parallel), so the
    version is read again and the write retried when the API answers 400.
    """
    for attempt in range(_ATTEMPTS):
        version = client.get_version(connector_id, name)
        if value and not version.published:
            raise VersoriError(
                f"version: {name!r} is a draft; only a published version can be the default (publish it first)"
            )
        if version.is_default == value:
            return version
        try:
            return client.update_version(connector_id, name, version.model_copy(update={"is_default": value}))
        except BadRequestError:
            if attempt + 1 == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")


_ATTEMPTS = 3


def _current_default(client: ConnectClient, connector_id: str) -> models.ConnectorVersion | None:
    """The version marked default (not the ``default`` reference, which falls back to ``latest``)."""
    return next((v for v in client.list_versions(connector_id) if v.is_default), None)
