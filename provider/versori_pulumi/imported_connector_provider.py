"""Dynamic provider for a connector imported from the public library.

Endpoints: ImportPublicConnectorVersion (``POST /o/{org}/connectors/{public_id}/versions/{version}/library/import``,
answers 200 with the new Connector), GetConnector, DeleteConnector.

The import copies one public connector version into the organisation as a new connector with a draft version, so
both inputs (``library_connector_id``, ``version``) replace: there is nothing to update in place but the
provider-only ``force_delete``. Outputs expose the new connector's id, name, base URL, auth scheme configs and
version names, so versions and connections can be built on it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import TypeAdapter

from versori_pulumi._inputs import InputField, InputSchema
from versori_pulumi._provider_base import VersoriProvider
from versori_pulumi._types import Name, StrictBool
from versori_pulumi.errors import ConflictError, NotFoundError, VersoriError
from versori_pulumi.models import AuthSchemeConfig, BigQueryConnector, HTTPConnector

__all__ = ["ImportedConnectorProvider"]

log = logging.getLogger("versori_pulumi.provider.imported_connector")

_AUTH_CONFIGS: TypeAdapter[list[AuthSchemeConfig]] = TypeAdapter(list[AuthSchemeConfig])

SCHEMA = InputSchema(
    {
        "library_connector_id": InputField(TypeAdapter(Name), required=True, replace=True),
        "version": InputField(TypeAdapter(Name), default=lambda: "latest", replace=True),
        "force_delete": InputField(TypeAdapter(StrictBool), default=lambda: False),
        "adopt_existing": InputField(TypeAdapter(Name), diffed=False),
    }
)

OUTPUTS = ("connector_id", "name", "base_url", "version_names", "auth_scheme_configs", "created_at")


def _outputs(inputs: Mapping[str, Any], connector: HTTPConnector | BigQueryConnector) -> dict[str, Any]:
    configs = [c.model_copy(update={"validation_messages": None}) for c in connector.auth_scheme_configs]
    return {
        **SCHEMA.inputs_of(inputs),
        "connector_id": connector.id,
        "name": connector.name,
        "base_url": getattr(connector, "base_url", ""),
        "version_names": sorted(v.name for v in connector.versions),
        "auth_scheme_configs": _AUTH_CONFIGS.dump_python(configs, mode="json", by_alias=True, exclude_none=True),
        "created_at": connector.created_at.isoformat().replace("+00:00", "Z"),
    }


class ImportedConnectorProvider(VersoriProvider):
    """Import a public library connector version into the organisation, and remove it on delete."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return SCHEMA.check(news)

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
        return ReadResult(id_, _outputs(inputs, connector), inputs)

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
                "set force_delete=True to delete it anyway"
            ) from exc
