"""The native face's resource classes: ``pulumi.CustomResource`` of the ``versori`` package's tokens.

Each builds its property bag exactly as the dynamic face's class does (the same helpers of
:mod:`versori_pulumi.resources`), minus the pickled provider; keys travel camelCase (the schema's names) and read
back snake_case, as the Args name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any, ClassVar, TypeVar

import pulumi

from versori_pulumi import resources as dynamic
from versori_pulumi._core.secret_split import (
    CONFIG_SECRETS,
    CREDENTIAL_SECRETS,
    is_config_secret,
    is_credential_secret,
)
from versori_pulumi._core.spec import ResourceSpec
from versori_pulumi._program.wire import (
    auth_scheme_configs_to_wire,
    connection_credentials_to_wire,
    contents_to_wire,
    secrets_apart,
    variables_to_wire,
)
from versori_pulumi.bigquery_connector_provider import SPEC as BIGQUERY
from versori_pulumi.connection_provider import SPEC as CONNECTION
from versori_pulumi.connector_default_version_provider import SPEC as DEFAULT_VERSION
from versori_pulumi.connector_provider import SPEC as CONNECTOR
from versori_pulumi.connector_version_provider import SPEC as VERSION
from versori_pulumi.imported_connector_provider import SPEC as IMPORTED
from versori_pulumi.native.values import camel, snake

__all__ = [
    "BigQueryConnector",
    "Connection",
    "Connector",
    "ConnectorDefaultVersion",
    "ConnectorVersion",
    "ImportedConnector",
    "Provider",
]


def _token(name: str) -> str:
    return f"versori:index:{name}"


def _secrets(opts: pulumi.ResourceOptions | None, names: Sequence[str]) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=list(names)))


A = TypeVar("A")


def _args(args_type: type[A], args: A | None, kwargs: dict[str, Any]) -> A:
    """The Args given, or built from keyword arguments (the form ``pulumi import`` writes programs in)."""
    if args is not None:
        if kwargs:
            raise TypeError(f"give either an {args_type.__name__} or keyword arguments, not both: {sorted(kwargs)}")
        return args
    known = {f.name for f in fields(args_type)}  # type: ignore[arg-type]
    unknown = sorted(set(kwargs) - known)
    if unknown:
        raise TypeError(f"{args_type.__name__} has no field {', '.join(unknown)}")
    return args_type(**kwargs)


def _held_apart(props: dict[str, Any], name: str, given: Any) -> None:
    """Secret values given apart (as ``pulumi import`` writes them) join those the SDK split off."""
    if given:
        props[name] = pulumi.Output.all(props.get(name) or {}, given).apply(lambda both: {**both[1], **both[0]})


def _props(args: Any, spec: ResourceSpec) -> dict[str, Any]:
    """The dynamic face's property bag rule: the given inputs and the computed outputs, nothing more (each key
    costs the program an Output; the rest is served by :meth:`_Native.__getattr__`)."""
    props: dict[str, Any] = dynamic._props(args, spec)
    return props


class _Native(pulumi.CustomResource):
    """What the six classes share: the schema's camelCase on the wire, the Args' snake_case in Python; an output
    the property bag does not carry is the resource id (``connector_id`` of a connector: known at preview during
    an update) or an input the program left out, as ``check`` defaults it."""

    _spec: ClassVar[ResourceSpec]
    _args_type: ClassVar[type[Any]]
    _held_secrets: ClassVar[str | None] = None
    """The property that carries the resource's secret values apart from the rest (made a secret output)."""
    _type_token: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_spec" in cls.__dict__:  # one of the six (a program's subclass keeps its base's token)
            cls._type_token = _token(cls.__name__)

    def _register(
        self,
        resource_name: str,
        args: Any,
        opts: pulumi.ResourceOptions | None,
        kwargs: dict[str, Any],
        secrets_given: pulumi.Input[dict[str, Any]] | None = None,
    ) -> None:
        """The constructor the six share: the Args (given, or built from keyword arguments), their property bag
        with the class's own wire forms, the secret values given apart joined to those split off; registered."""
        args = _args(self._args_type, args, kwargs)
        props = _props(args, self._spec)
        props.update(self._wired(args, opts))
        if self._held_secrets is not None:
            _held_apart(props, self._held_secrets, secrets_given)
            opts = _secrets(opts, [camel(self._held_secrets)])
        super().__init__(self._type_token, resource_name, props, opts)
        dynamic._settled_by_registration(self)

    def _wired(self, args: Any, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        """The inputs the wire carries in another form than the Args hold them (none by default)."""
        del args, opts
        return {}

    def __getattr__(self, name: str) -> Any:
        spec = type(self).__dict__.get("_spec") or getattr(type(self), "_spec", None)
        if spec is None or name.startswith("_") or name not in spec.exposed:
            raise AttributeError(name)
        if name == spec.from_id:
            return self.id
        field = spec.inputs.get(name)
        default = field.default() if field is not None and field.default is not None else None
        return pulumi.Output.from_input(default)

    def translate_input_property(self, prop: str) -> str:
        return camel(prop)

    def translate_output_property(self, prop: str) -> str:
        return snake(prop)


class Provider(pulumi.ProviderResource):
    """An explicit ``versori`` provider (else the default one, configured by the stack's ``versori:*`` keys)."""

    def __init__(
        self,
        resource_name: str,
        *,
        api_key: pulumi.Input[str] | None = None,
        organisation_id: pulumi.Input[str] | None = None,
        base_url: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"apiKey": api_key, "organisationId": organisation_id, "baseUrl": base_url}
        super().__init__("versori", resource_name, props, _secrets(opts, ["apiKey"]))


class Connector(_Native):
    """An HTTP connector (``versori:index:Connector``)."""

    _spec = CONNECTOR
    _args_type = dynamic.ConnectorArgs
    _held_secrets = CONFIG_SECRETS

    connector_id: pulumi.Output[str]
    organisation_id: pulumi.Output[str]
    protocol: pulumi.Output[str]
    created_at: pulumi.Output[str]
    name: pulumi.Output[str]
    base_url: pulumi.Output[str]
    public: pulumi.Output[bool]
    documentation_url: pulumi.Output[str | None]
    image_url: pulumi.Output[str | None]
    tags: pulumi.Output[dict[str, list[str]]]
    categories: pulumi.Output[list[str]]
    connection_variables: pulumi.Output[list[dict[str, Any]]]
    auth_scheme_configs: pulumi.Output[list[dict[str, Any]]]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.ConnectorArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        auth_scheme_secrets: pulumi.Input[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs, auth_scheme_secrets)

    def _wired(self, args: dynamic.ConnectorArgs, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        wired: dict[str, Any] = {}
        configs = auth_scheme_configs_to_wire(args.auth_scheme_configs)
        if configs is not None:
            wired["auth_scheme_configs"], wired[CONFIG_SECRETS] = secrets_apart(configs, is_config_secret)
        wired["connection_variables"] = variables_to_wire(args.connection_variables)
        return wired


class BigQueryConnector(_Native):
    """A connector to one Google BigQuery dataset (``versori:index:BigQueryConnector``)."""

    _spec = BIGQUERY
    _args_type = dynamic.BigQueryConnectorArgs
    _held_secrets = CONFIG_SECRETS

    connector_id: pulumi.Output[str]
    organisation_id: pulumi.Output[str]
    protocol: pulumi.Output[str]
    created_at: pulumi.Output[str]
    name: pulumi.Output[str]
    dataset_id: pulumi.Output[str]
    auth_scheme_configs: pulumi.Output[list[dict[str, Any]]]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.BigQueryConnectorArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        auth_scheme_secrets: pulumi.Input[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs, auth_scheme_secrets)

    def _wired(self, args: dynamic.BigQueryConnectorArgs, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        return {"auth_scheme_configs": auth_scheme_configs_to_wire(args.auth_scheme_configs)}


class ConnectorVersion(_Native):
    """A version of a connector (``versori:index:ConnectorVersion``)."""

    _spec = VERSION
    _args_type = dynamic.ConnectorVersionArgs

    version_id: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    published: pulumi.Output[bool]
    published_at: pulumi.Output[str]
    created_at: pulumi.Output[str]
    description: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.ConnectorVersionArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs)

    def _wired(self, args: dynamic.ConnectorVersionArgs, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        wired = {kind: contents_to_wire(kind, getattr(args, kind)) for kind in ("definitions", "actions", "triggers")}
        if opts is not None and opts.retain_on_delete:
            wired["retain_on_delete"] = True  # lets check allow a replacement that will never delete remotely
        return wired


class ConnectorDefaultVersion(_Native):
    """The version a connector's ``default`` resolves to (``versori:index:ConnectorDefaultVersion``)."""

    _spec = DEFAULT_VERSION
    _args_type = dynamic.ConnectorDefaultVersionArgs

    connector_id: pulumi.Output[str]
    version: pulumi.Output[str]
    version_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.ConnectorDefaultVersionArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs)

    def _wired(self, args: dynamic.ConnectorDefaultVersionArgs, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        version = args.version
        if not isinstance(version, ConnectorVersion | dynamic.ConnectorVersion):
            return {}
        return {"version": version.name, "version_published": version.published, "version_id": version.version_id}


class Connection(_Native):
    """A connection of a connector (``versori:index:Connection``)."""

    _spec = CONNECTION
    _args_type = dynamic.ConnectionArgs
    _held_secrets = CREDENTIAL_SECRETS

    connection_id: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    variables: pulumi.Output[list[dict[str, Any]]]
    credentials: pulumi.Output[dict[str, Any]]
    credential_ids: pulumi.Output[dict[str, list[str]]]
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.ConnectionArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        credential_secrets: pulumi.Input[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs, credential_secrets)

    def _wired(self, args: dynamic.ConnectionArgs, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
        wired = {"variables": variables_to_wire(args.variables)}
        credentials = connection_credentials_to_wire(args.credentials)
        if credentials is not None:
            wired["credentials"], wired[CREDENTIAL_SECRETS] = secrets_apart(credentials, is_credential_secret)
        return wired


class ImportedConnector(_Native):
    """A public library connector version copied into the organisation (``versori:index:ImportedConnector``)."""

    _spec = IMPORTED
    _args_type = dynamic.ImportedConnectorArgs

    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    base_url: pulumi.Output[str]
    version_names: pulumi.Output[list[str]]
    auth_scheme_configs: pulumi.Output[list[dict[str, Any]]]
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: dynamic.ImportedConnectorArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        self._register(resource_name, args, opts, kwargs)
