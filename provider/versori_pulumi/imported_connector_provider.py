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
from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import TypeAdapter

from versori_pulumi._inputs import InputField, InputSchema, has_unknown
from versori_pulumi._provider_base import VersoriProvider
from versori_pulumi._types import Name, StrictBool
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError
from versori_pulumi.models import AuthSchemeConfig, BigQueryConnector, ConnectorVersion, HTTPConnector

__all__ = ["ImportedConnectorProvider"]

log = logging.getLogger("versori_pulumi.provider.imported_connector")

_AUTH_CONFIGS: TypeAdapter[list[AuthSchemeConfig]] = TypeAdapter(list[AuthSchemeConfig])

SCHEMA = InputSchema(
    {
        "library_connector_id": InputField(TypeAdapter(Name), required=True, replace=True),
        "version": InputField(TypeAdapter(Name), default=lambda: "latest", replace=True),
        "force_delete": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "adopt_existing": InputField(TypeAdapter(Name), diffed=False),
        # Filled by check from the library (see the module docstring), never by the program:
        "name": InputField(TypeAdapter(str), diffed=False),
        "base_url": InputField(TypeAdapter(str), diffed=False),
        "version_names": InputField(TypeAdapter(list[str]), diffed=False),
        "auth_scheme_configs": InputField(_AUTH_CONFIGS, diffed=False),
    }
)

COPIED = ("name", "base_url", "version_names", "auth_scheme_configs")
"""What the import copies from the library version, known before it runs."""

OUTPUTS = ("connector_id", "name", "base_url", "version_names", "auth_scheme_configs", "created_at")


def _copied(connector: HTTPConnector | BigQueryConnector, versions: list[ConnectorVersion]) -> dict[str, Any]:
    """The fields an import copies, as the outputs carry them."""
    configs = [c.model_copy(update={"validation_messages": None}) for c in connector.auth_scheme_configs]
    return {
        "name": connector.name,
        "base_url": getattr(connector, "base_url", ""),
        "version_names": sorted(v.name for v in versions),
        "auth_scheme_configs": _AUTH_CONFIGS.dump_python(configs, mode="json", by_alias=True, exclude_none=True),
    }


def _outputs(inputs: Mapping[str, Any], connector: HTTPConnector | BigQueryConnector) -> dict[str, Any]:
    return {
        **SCHEMA.inputs_of(inputs),
        "connector_id": connector.id,
        **_copied(connector, connector.versions),
        "created_at": connector.created_at.isoformat().replace("+00:00", "Z"),
    }


def _library_version(connector: HTTPConnector | BigQueryConnector, ref: str) -> ConnectorVersion | None:
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


class ImportedConnectorProvider(VersoriProvider):
    """Import a public library connector version into the organisation, and remove it on delete."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = SCHEMA.check({k: v for k, v in news.items() if k not in COPIED})
        inputs = result.inputs
        source = (inputs.get("library_connector_id"), inputs.get("version"))
        if result.failures or has_unknown(source):
            return result
        if (_olds.get("library_connector_id"), _olds.get("version")) == source and all(k in _olds for k in COPIED):
            inputs.update({k: SCHEMA.canonical_or_raw(k, _olds[k]) for k in COPIED})
        else:
            inputs.update(self._from_library(str(source[0]), str(source[1])))
        return result

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return SCHEMA.diff(_olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        adopt = props.get("adopt_existing")
        if adopt:
            try:
                connector = client.get_connector(str(adopt))
            except NotFoundError:
                found = client.find_connector_by_name(str(adopt))
                if found is None:
                    raise VersoriError(f"adopt_existing: no connector with id or name {adopt!r}") from None
                connector = found
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
        try:
            self.client().delete_connector(_id, force=bool(_props.get("force_delete", False)))
        except NotFoundError:
            log.info("imported connector %s was already gone", _id)
        except ConflictError as exc:
            raise VersoriError(
                f"imported connector {_props.get('name', _id)!r} cannot be deleted: {exc.message}; "
                "set force_delete=True and run `pulumi up` before deleting it (the delete uses the settings "
                "already applied)"
            ) from exc
