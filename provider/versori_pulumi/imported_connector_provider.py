"""Dynamic provider for a connector imported from the public library.

Endpoints: ImportPublicConnectorVersion (``POST /o/{org}/connectors/{public_id}/versions/{version}/library/import``,
answers 200 with the new Connector), GetConnector, DeleteConnector.

The import copies one public connector version into the organisation as a new connector with a draft version, so
both inputs (``library_connector_id``, ``version``) replace: there is nothing to update in place but the
provider-only ``force_delete``. Outputs expose the new connector's id, name, base URL, auth scheme configs and
version names, so versions and connections can be built on it.

Those outputs are what the import copies from the library, so ``check`` fills them in as inputs (read once from the
public library when the source changes, then carried over from the previous inputs). Since a dynamic provider has
no preview, inputs are all the engine knows of a resource being created or updated: without this, changing
``force_delete`` would leave a connection on the import unknown at preview, and previewed as a replacement.
When the library cannot be read at preview (no credentials yet), they stay unknown until ``up``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from versori_pulumi import models
from versori_pulumi._core import kinds
from versori_pulumi._core.input_schema import InputField, has_unknown
from versori_pulumi._core.lifecycle import AUTH_CONFIGS, adopt, auth_configs_state, delete_remote, stamped
from versori_pulumi._core.results import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi._core.spec import Computed, ResourceSpec
from versori_pulumi._dynamic.provider import DynamicProvider
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError

__all__ = ["ImportedConnectorProvider"]

log = logging.getLogger("versori_pulumi.provider.imported_connector")

SPEC = ResourceSpec(
    inputs={
        "library_connector_id": InputField("Name", required=True, replace=True),
        "version": InputField("Name", default=lambda: "latest", replace=True),
        "force_delete": InputField("StrictBool", default=lambda: False),
        "adopt_existing": InputField("Name", diffed=False),
        "name": InputField("str", diffed=False, program=False),
        "base_url": InputField("str", diffed=False, program=False),
        "version_names": InputField("list[str]", diffed=False, program=False),
        "auth_scheme_configs": InputField(AUTH_CONFIGS, diffed=False, program=False),
    },
    state={
        "connector_id": Computed(from_id=True, read=attrgetter("id")),
        "name": Computed(read=lambda connector: _reads_copied("name", connector)),
        "base_url": Computed(read=lambda connector: _reads_copied("base_url", connector)),
        "version_names": Computed(read=lambda connector: _reads_copied("version_names", connector)),
        "auth_scheme_configs": Computed(read=lambda connector: _reads_copied("auth_scheme_configs", connector)),
        "created_at": Computed(read=stamped("created_at")),
    },
)
"""The copied fields are inputs (``check`` fills them) and outputs alike."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs

COPIED = tuple(name for name, field in SPEC.inputs.items() if not field.program)
"""What the import copies from the library version, known before it runs."""


if TYPE_CHECKING:  # the models load when a value is first read, not at import (a no-change preview needs none)
    AnyConnector = models.HTTPConnector | models.BigQueryConnector

_COPIERS: dict[str, Callable[[AnyConnector, list[models.ConnectorVersion]], Any]] = {
    "name": lambda connector, _versions: connector.name,
    "base_url": lambda connector, _versions: getattr(connector, "base_url", ""),
    "version_names": lambda _connector, versions: sorted(v.name for v in versions),
    "auth_scheme_configs": lambda connector, _versions: auth_configs_state(connector.auth_scheme_configs),
}
"""How each field an import copies is read: from the imported connector, or from the library's connector and the
one version the import copies (known before the import runs)."""


def _copied(connector: AnyConnector, versions: list[models.ConnectorVersion]) -> dict[str, Any]:
    """The fields an import copies, as the outputs carry them."""
    return {name: copy(connector, versions) for name, copy in _COPIERS.items()}


def _reads_copied(name: str, connector: AnyConnector) -> Any:
    """A copied field of the imported connector (the spec's ``read``)."""
    return _COPIERS[name](connector, connector.versions)


def _outputs(inputs: Mapping[str, Any], connector: AnyConnector) -> dict[str, Any]:
    return SPEC.state_of(inputs, SPEC.read_computed(connector))


def _library_version(
    connector: models.HTTPConnector | models.BigQueryConnector, ref: str
) -> models.ConnectorVersion | None:
    """The version an import of ``ref`` copies: a name, ``latest`` or ``default`` (falling back to latest)."""
    published = [v for v in connector.versions if v.published]
    latest = next((v for v in published if v.is_latest), None) or max(
        published, key=lambda v: v.published_at or v.created_at, default=None
    )
    if ref == "latest":
        return latest
    if ref == "default":
        return next((v for v in connector.versions if v.is_default), None) or latest
    return next((v for v in connector.versions if v.name == ref), None)


class ImportedConnectorProvider(DynamicProvider):
    """Import a public library connector version into the organisation, and remove it on delete."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = SCHEMA.check({k: v for k, v in news.items() if k not in COPIED}, _olds)
        inputs = result.inputs
        source = (inputs.get("library_connector_id"), inputs.get("version"))
        if result.failures or has_unknown(source):
            return result
        if (_olds.get("library_connector_id"), _olds.get("version")) == source and all(k in _olds for k in COPIED):
            inputs.update({k: _olds[k] for k in COPIED})  # as this check stored them: canonical already
        else:
            inputs.update(self._from_library(str(source[0]), str(SCHEMA.canonical_or_raw("version", source[1]))))
        return result

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return SCHEMA.diff(_olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        adopted = props.get("adopt_existing")
        if adopted:
            # No protocol check, unlike the connector providers': the library holds connectors of every protocol,
            # and an import copies whichever it is; nor any convergence: an import has nothing to update.
            connector = adopt(kinds.IMPORTED_CONNECTOR, client, props, str(adopted), "in the organisation")
            return CreateResult(connector.id, _outputs(props, connector))
        try:
            connector = client.import_library_version(props["library_connector_id"], props.get("version", "latest"))
        except ConflictError as exc:
            raise VersoriError(
                f"the organisation already has a connector imported from {props['library_connector_id']} "
                f"({exc.message}); set adopt_existing to its name to manage it with Pulumi"
            ) from exc
        except NotFoundError as exc:
            raise VersoriError(
                f"library connector {props['library_connector_id']!r} has no version {props.get('version')!r}"
            ) from exc
        return CreateResult(connector.id, _outputs(props, connector))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            connector = self.client().get_connector(id_)
        except NotFoundError:
            return ReadResult("", {})
        inputs = {k: v for k, v in SCHEMA.inputs_of(props).items() if v is not None}
        inputs.update(_copied(connector, connector.versions))  # as the next check carries them over
        return ReadResult(id_, _outputs(inputs, connector), inputs)

    def _from_library(self, library_connector_id: str, version: str) -> dict[str, Any]:
        """What an import of this library version will copy; nothing when the library cannot be read now."""
        try:
            client = self.client()
            found = next((c for c in client.list_public_connectors() if c.id == library_connector_id), None)
        except Exception as exc:  # no credentials or no network at preview: the outputs stay unknown until up
            log.info(
                "library connector %s not read at check (%s): its outputs are unknown until up",
                library_connector_id,
                type(exc).__name__,
            )
            return {}
        origin = _library_version(found, version) if found is not None else None
        return {} if found is None or origin is None else _copied(found, [origin])

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        return UpdateResult({**_olds, **SCHEMA.inputs_of(_news)})  # only provider-only settings can change in place

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False))
        delete_remote(
            lambda: self.client().delete_connector(_id, force=force),
            f"imported connector {_props.get('name', _id)!r}",
            f"imported connector {_id}",
            reason="It is in use or has published versions",
        )
