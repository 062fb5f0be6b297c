"""The resources users declare in a Pulumi program: typed Args in, typed Outputs out.

Type tokens are fixed once and for all (``pulumi-python:dynamic/versori:<Name>``): changing one would make Pulumi
see every existing resource as deleted and a new one created. Every output is seeded in the property bag so it
resolves; outputs holding secrets are listed in ``additional_secret_outputs`` so state keeps them encrypted.

The identifiers other resources consume (``connector_id``, ``version_id``, ``connection_id``) are the resource's
``id``, not outputs of its own: a dynamic provider has no preview, so while a resource is updated in place the
engine knows only its inputs and its id, and an output-based id would be unknown to every dependent, each of which
would then preview as a replacement that ``up`` never performs.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar, cast

import pulumi
import pulumi.dynamic

from versori_pulumi._core.ownership import adopt_owned_enabled
from versori_pulumi._core.secret_split import (
    CONFIG_SECRETS,
    CREDENTIAL_SECRETS,
    is_config_secret,
    is_credential_secret,
    join,
)
from versori_pulumi._core.spec import ResourceSpec
from versori_pulumi._dynamic.provider import as_resource_provider
from versori_pulumi._program.echoed import Echoed, given_or_default
from versori_pulumi._program.lazy_spec import KindModule
from versori_pulumi._program.output_list import OutputList
from versori_pulumi._program.pickler import reset_pickler as _reset_pickler
from versori_pulumi._program.sdk_types import memoize_resource_types
from versori_pulumi._program.wire import (
    auth_scheme_configs_to_wire,
    connection_credentials_to_wire,
    contents_to_wire,
    secrets_apart,
    to_snake,
    variables_to_wire,
)
from versori_pulumi.config import program_value
from versori_pulumi.connection_provider import SPEC as CONNECTION
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import SPEC as CONNECTOR
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import SPEC as VERSION
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.inputs import (
    ActionArgs,
    ActionArgsDict,
    AuthSchemeConfigInput,
    AuthSchemeConfigOutputDict,
    ConnectionCredentialsArgs,
    ConnectionCredentialsArgsDict,
    ConnectionVariableArgs,
    ConnectionVariableArgsDict,
    DefinitionArgs,
    DefinitionArgsDict,
    TagsInput,
    TriggerArgs,
    TriggerArgsDict,
)

_BIGQUERY = KindModule("versori_pulumi.bigquery_connector_provider", "BigQueryConnectorProvider")
_DEFAULT_VERSION = KindModule("versori_pulumi.connector_default_version_provider", "ConnectorDefaultVersionProvider")
_IMPORTED = KindModule("versori_pulumi.imported_connector_provider", "ImportedConnectorProvider")
"""The kinds a program declares less often: their provider modules load when one is first declared."""

memoize_resource_types()  # the SDK's output types of our classes, once per class (not per resource)

__all__ = [
    "BigQueryConnector",
    "BigQueryConnectorArgs",
    "Connection",
    "ConnectionArgs",
    "Connector",
    "ConnectorArgs",
    "ConnectorDefaultVersion",
    "ConnectorDefaultVersionArgs",
    "ConnectorVersion",
    "ConnectorVersionArgs",
    "ImportedConnector",
    "ImportedConnectorArgs",
]


def _props(args: Any, spec: ResourceSpec) -> dict[str, Any]:
    """The dynamic resource's property bag: the inputs given, and the spec's computed outputs the class exposes
    seeded as None so that each resolves (None is not sent). Nothing more: every key costs the SDK an Output and
    its tasks, which the program's run waits on at its end (``asyncio.wait`` over every pending Output, again after
    each one completes), so a large program's no-change preview pays for each key, more than linearly
    (``bench/RESULTS.md``). Inputs the program leaves out are served by properties from the default ``check``
    gives them (:mod:`versori_pulumi._program.echoed`); the id-served output by a property from the resource id."""
    given = {f.name: getattr(args, f.name) for f in fields(args)}
    props = {name: value for name, value in given.items() if value is not None}
    seeded = (name for name, out in spec.state.items() if not (out.hidden or out.from_id or name in given))
    props.update(dict.fromkeys(seeded))
    return props


def _settled_by_registration(resource: pulumi.Resource) -> None:
    """Leave the resource's own Outputs (its id, urn and every key of its bag) out of the SDK's end-of-program wait.

    The SDK tracks every Output and, once the registrations are done, waits for the tracked ones with
    ``asyncio.wait(..., FIRST_COMPLETED)`` in a loop, adding and removing a callback on each pending one per round:
    a cost that grows with their count, and more than linearly (``bench/RESULTS.md``). A resource's own Outputs are
    resolved by its registration, which the SDK awaits on its own (its RPC manager) before that loop, so they add
    nothing to wait for: untracked (the SDK's own ``Output._untrack``, when it has one), the end of a large program's
    preview is that much shorter. Outputs derived from them (``apply``) stay tracked.
    """
    for value in vars(resource).values():
        untrack = getattr(value, "_untrack", None)
        if isinstance(value, pulumi.Output) and callable(untrack):
            untrack()


def _put_owner(props: dict[str, Any]) -> None:
    """Name this stack (``organization/project/stack``) for the large-stack mode's marker, when the mode is on
    (stack config ``versori:adoptOwned`` or ``VERSORI_ADOPT_OWNED``, as the provider reads it): off, the key would
    only cost an Output per resource. ``check`` keeps a name applied earlier (:func:`~versori_pulumi._core.ownership.
    with_previous_owner`), so a stack that leaves the mode keeps its markers and previews no change."""
    if adopt_owned_enabled(program_value):
        props["owner"] = f"{pulumi.get_organization()}/{pulumi.get_project()}/{pulumi.get_stack()}"
        props["owned"] = None  # only in this mode does the marker matter: the ``owned`` output then resolves


def _input_or_default(resource: pulumi.Resource, name: str, default: Any) -> pulumi.Output[Any]:
    """An input's output: the one in the property bag when the program gave the input, else the default ``check``
    gives it (what the state holds, unless a refresh found the object changed outside Pulumi)."""
    given: pulumi.Output[Any] | None = resource.__dict__.get(name)  # set by the SDK for every key of the bag
    return pulumi.Output.from_input(default) if given is None else given


def _put(props: dict[str, Any], name: str, value: Any) -> None:
    """Set an input in the property bag only when the program gave it (None is never sent anyway)."""
    if value is not None:
        props[name] = value


def _with_secrets(
    opts: pulumi.ResourceOptions | None, name: str, secrets: pulumi.Output[Any] | None
) -> pulumi.ResourceOptions | None:
    """The options, with the secrets' property marked secret in the state when the bag holds it."""
    if secrets is None:
        return opts
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=[name]))


class _ConnectorOutputs(pulumi.dynamic.Resource):
    """The outputs an HTTP and a BigQuery connector share (a base with no type token of its own: never registered)."""

    _SPEC: ClassVar[ResourceSpec]

    @property
    def auth_scheme_configs(self) -> OutputList[AuthSchemeConfigOutputDict]:
        """The auth scheme configs with their ids; pass one on as a connection credential's ``auth_scheme_config``."""
        return cast(OutputList[AuthSchemeConfigOutputDict], given_or_default(self, "auth_scheme_configs", snake=True))

    public = Echoed[bool]()
    documentation_url = Echoed[str | None]()
    image_url = Echoed[str | None]()
    tags = Echoed[dict[str, list[str]]]()
    categories = Echoed[list[str]]()

    @property
    def connector_id(self) -> pulumi.Output[str]:
        """The connector's id (the resource id: known at preview while the connector is updated in place)."""
        return self.id


@dataclass
class ConnectorArgs:
    """Inputs of an HTTP :class:`Connector`."""

    name: pulumi.Input[str]
    """Display name; unique within the organisation."""
    base_url: pulumi.Input[str]
    """Absolute http(s) URL every action's path is appended to."""
    public: pulumi.Input[bool] | None = None
    """List the connector in the public library (default False)."""
    documentation_url: pulumi.Input[str] | None = None
    """Link to the API's documentation."""
    image_url: pulumi.Input[str] | None = None
    """Icon URL."""
    tags: pulumi.Input[TagsInput] | None = None
    """Free-form tags: key to list of values."""
    categories: pulumi.Input[Sequence[str]] | None = None
    """Library categories (the API's Category enum, e.g. "CRM"); write-only in the API."""
    connection_variables: pulumi.Input[Sequence[ConnectionVariableArgs | ConnectionVariableArgsDict]] | None = None
    """Default variables copied into every connection."""
    auth_scheme_configs: pulumi.Input[Sequence[pulumi.Input[AuthSchemeConfigInput]]] | None = None
    """Auth scheme configs, one ``XAuthSchemeConfigArgs`` per scheme type (none, api-key, basic-auth, oauth2, hmac,
    certificate); ids are optional (derived, and kept across runs)."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use or holding published versions."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of an existing connector to take over instead of creating one; removing it later is no change."""


class Connector(_ConnectorOutputs, module="versori", name="Connector"):
    """An HTTP connector in the organisation."""

    _SPEC = CONNECTOR

    organisation_id: pulumi.Output[str]
    protocol: pulumi.Output[str]
    created_at: pulumi.Output[str]
    name: pulumi.Output[str]
    base_url: pulumi.Output[str]

    def __init__(self, resource_name: str, args: ConnectorArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        _reset_pickler()
        props = _props(args, CONNECTOR)
        configs = auth_scheme_configs_to_wire(args.auth_scheme_configs)
        secrets: pulumi.Output[dict[str, Any]] | None = None
        if configs is not None:  # the client secrets apart, so that only they preview as [secret]
            props["auth_scheme_configs"], secrets = secrets_apart(configs, is_config_secret)
            _put(props, CONFIG_SECRETS, secrets)
        _put(props, "connection_variables", variables_to_wire(args.connection_variables))
        _put_owner(props)
        provider = as_resource_provider(ConnectorProvider())
        super().__init__(provider, resource_name, props, _with_secrets(opts, CONFIG_SECRETS, secrets))
        self._config_secrets = secrets
        _settled_by_registration(self)

    @property
    def auth_scheme_configs(self) -> OutputList[AuthSchemeConfigOutputDict]:
        """The auth scheme configs with their ids and client secrets (then secret); pass one on as a connection
        credential's ``auth_scheme_config``."""
        configs: pulumi.Output[Any] | None = self.__dict__.get("auth_scheme_configs")
        secrets = self._config_secrets  # the program's own: a state written before has no such output (unknown
        # at preview), and the configs' outputs are the inputs applied
        if configs is None:
            return cast(
                OutputList[AuthSchemeConfigOutputDict],
                pulumi.Output.from_input(CONNECTOR.default("auth_scheme_configs")),
            )
        if secrets is None:
            return cast(OutputList[AuthSchemeConfigOutputDict], configs.apply(to_snake))
        joined = pulumi.Output.all(configs, secrets).apply(lambda both: to_snake(join(both[0], both[1])))
        return cast(OutputList[AuthSchemeConfigOutputDict], joined)

    connection_variables = Echoed[list[ConnectionVariableArgsDict]](snake=True)

    @property
    def owned(self) -> pulumi.Output[bool]:
        """Whether the connector carries this stack's marker (large-stack mode ``versori:adoptOwned``; else False)."""
        return _input_or_default(self, "owned", False)


@dataclass
class ConnectorVersionArgs:
    """Inputs of a :class:`ConnectorVersion` (the connector's default is a :class:`ConnectorDefaultVersion`)."""

    connector_id: pulumi.Input[str]
    """The owning connector's id (changing it replaces the version)."""
    name: pulumi.Input[str]
    """Version name, e.g. "2.0.0"; not "latest" or "default" (changing it replaces the version)."""
    from_version: pulumi.Input[str] | None = None
    """Name of the version whose actions, triggers and definitions are copied at creation (replaces on change)."""
    description: pulumi.Input[str] | None = None
    """What changed in this version."""
    published: pulumi.Input[bool] | None = None
    """Publish (True) or keep as a draft (False, the default)."""
    definitions: Mapping[str, DefinitionArgs | DefinitionArgsDict] | None = None
    """The version's definitions (JSON Schemas) by name; left out, the version's definitions are not managed."""
    actions: Mapping[str, ActionArgs | ActionArgsDict] | None = None
    """The version's actions by name; left out, not managed (``from_version``'s copies stay)."""
    triggers: Mapping[str, TriggerArgs | TriggerArgsDict] | None = None
    """The version's triggers by name; left out, not managed."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when published (applied before the delete: set it, run ``up``, then remove or rename)."""
    adopt_existing: pulumi.Input[str] | None = None
    """Name of an existing version to take over instead of creating one."""


class ConnectorVersion(pulumi.dynamic.Resource, module="versori", name="ConnectorVersion"):
    """A version of a connector: drafted (optionally from another), then published."""

    _SPEC = VERSION

    published_at: pulumi.Output[str]
    created_at: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: ConnectorVersionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        props = _props(args, VERSION)
        for kind in ("definitions", "actions", "triggers"):
            _put(props, kind, contents_to_wire(kind, getattr(args, kind)))
        _put_owner(props)
        if opts is not None and opts.retain_on_delete:
            props["retain_on_delete"] = True  # lets check allow a replacement that will never delete remotely
        super().__init__(as_resource_provider(ConnectorVersionProvider()), resource_name, props, opts)
        _settled_by_registration(self)

    published = Echoed[bool]()
    description = Echoed[str | None]()

    @property
    def version_id(self) -> pulumi.Output[str]:
        """The version's id (the resource id: known at preview while the version is updated in place)."""
        return self.id


@dataclass
class ConnectorDefaultVersionArgs:
    """Inputs of a :class:`ConnectorDefaultVersion`."""

    connector_id: pulumi.Input[str]
    """The connector whose default this is (changing it replaces the resource)."""
    version: pulumi.Input[str] | ConnectorVersion
    """The default version: a :class:`ConnectorVersion` of the connector (then a draft is refused at preview) or a
    version name. Changing it promotes another version in place."""


_default_owners: weakref.WeakKeyDictionary[Any, dict[Any, tuple[str, Any]]] = weakref.WeakKeyDictionary()


class _NoStack:
    """Stands in for the stack resource when a program runs without one (unit tests with mocks)."""


_NO_STACK = _NoStack()


def _claims() -> dict[Any, tuple[str, Any]]:
    """This program run's default-version owners (the stack resource is new at every run, also in-process)."""
    root = pulumi.runtime.settings.get_root_resource() or _NO_STACK
    return _default_owners.setdefault(root, {})


def _claim_default(resource_name: str, connector_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """Refuse a second ConnectorDefaultVersion of one connector: at once when both name the same connector output
    (``acme.connector_id``) or id, and when the id resolves otherwise (known at preview for an existing connector).
    Returns the connector id to register, carrying the check."""
    claims = _claims()

    def claim(key: Any, keep: Any) -> None:
        owner = claims.get(key)
        if owner is not None and owner[0] != resource_name:
            raise ValueError(
                f"ConnectorDefaultVersion {resource_name!r}: connector {'' if isinstance(key, int) else key + ' '}"
                f"already has its default version declared by ConnectorDefaultVersion {owner[0]!r}; a connector has "
                "one default: keep one ConnectorDefaultVersion per connector and change its `version`"
            )
        claims[key] = (resource_name, keep)

    if isinstance(connector_id, pulumi.Output):
        claim(id(connector_id), connector_id)  # the Output is kept alive in the claim, so its id stays unique
    elif isinstance(connector_id, str):
        claim(connector_id, None)

    def on_value(value: str) -> str:
        claim(value, None)
        return value

    return pulumi.Output.from_input(connector_id).apply(on_value)


class ConnectorDefaultVersion(pulumi.dynamic.Resource, module="versori", name="ConnectorDefaultVersion"):
    """The version a connector's ``default`` resolves to: one per connector, so promoting a release is one edit."""

    connector_id: pulumi.Output[str]
    version: pulumi.Output[str]
    version_id: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: ConnectorDefaultVersionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        version = args.version
        props = _props(args, _DEFAULT_VERSION.spec)
        props["connector_id"] = _claim_default(resource_name, args.connector_id)
        if isinstance(version, ConnectorVersion):
            props["version"] = version.name
            props["version_published"] = version.published
            props["version_id"] = version.version_id
        super().__init__(_DEFAULT_VERSION.new_provider(), resource_name, props, opts)
        _settled_by_registration(self)


@dataclass
class ConnectionArgs:
    """Inputs of a :class:`Connection`."""

    connector_id: pulumi.Input[str]
    """The owning connector's id (changing it replaces the connection)."""
    name: pulumi.Input[str]
    """Name, unique within the connector."""
    variables: pulumi.Input[Sequence[ConnectionVariableArgs | ConnectionVariableArgsDict]] | None = None
    """Variables (``{"name", "value"}``) available to actions as ``{{ conn.<name> }}``."""
    credentials: ConnectionCredentialsArgs | ConnectionCredentialsArgsDict | None = None
    """The credentials actions and triggers use, each for one of the connector's auth scheme configs; their secret
    values are stored as a secret of their own (``credential_secrets``). Changing a credential's name, type or
    secret data replaces the connection."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of an existing connection to take over instead of creating one."""


class Connection(pulumi.dynamic.Resource, module="versori", name="Connection"):
    """A connection of a connector: credentials (secret) and variables."""

    _SPEC = CONNECTION

    credential_ids: pulumi.Output[dict[str, list[str]]]
    created_at: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]

    def __init__(self, resource_name: str, args: ConnectionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        _reset_pickler()
        props = _props(args, CONNECTION)
        _put(props, "variables", variables_to_wire(args.variables))
        credentials = connection_credentials_to_wire(args.credentials)
        secrets: pulumi.Output[dict[str, Any]] | None = None
        if credentials is not None:  # the secret values apart, so that only they preview as [secret]
            props["credentials"], secrets = secrets_apart(credentials, is_credential_secret)
            _put(props, CREDENTIAL_SECRETS, secrets)
        _put_owner(props)
        super().__init__(
            as_resource_provider(ConnectionProvider()),
            resource_name,
            props,
            _with_secrets(opts, CREDENTIAL_SECRETS, secrets),
        )
        self._credential_secrets = secrets
        _settled_by_registration(self)

    variables = Echoed[list[ConnectionVariableArgsDict]](snake=True)

    @property
    def credentials(self) -> pulumi.Output[dict[str, Any]]:
        """The credentials as applied, their secret values included (then secret; data the API redacts are the
        values applied)."""
        plain: pulumi.Output[Any] | None = self.__dict__.get("credentials")
        secrets = self._credential_secrets  # the program's own (a state written before has no such output)
        if plain is None:
            return pulumi.Output.from_input(CONNECTION.default("credentials"))
        if secrets is None:
            return plain.apply(to_snake)
        return pulumi.Output.all(plain, secrets).apply(lambda both: to_snake(join(both[0], both[1])))

    @property
    def connection_id(self) -> pulumi.Output[str]:
        """The connection's id (the resource id: known at preview while the connection is updated in place)."""
        return self.id


@dataclass
class ImportedConnectorArgs:
    """Inputs of an :class:`ImportedConnector`."""

    library_connector_id: pulumi.Input[str]
    """Id of the public library connector to copy."""
    version: pulumi.Input[str] | None = None
    """Library version to copy: a name, or "latest" (the default) / "default"."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of a connector imported earlier to take over instead of importing again."""


class ImportedConnector(pulumi.dynamic.Resource, module="versori", name="ImportedConnector"):
    """A public library connector version copied into the organisation as a new connector."""

    _SPEC = _IMPORTED

    name: pulumi.Output[str]
    base_url: pulumi.Output[str]
    version_names: pulumi.Output[list[str]]
    created_at: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: ImportedConnectorArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        props = _props(args, _IMPORTED.spec)
        super().__init__(_IMPORTED.new_provider(), resource_name, props, opts)
        _settled_by_registration(self)

    @property
    def auth_scheme_configs(self) -> OutputList[AuthSchemeConfigOutputDict]:
        """The copied auth scheme configs with their ids; pass one on as a credential's ``auth_scheme_config``."""
        return cast(OutputList[AuthSchemeConfigOutputDict], given_or_default(self, "auth_scheme_configs", snake=True))

    @property
    def connector_id(self) -> pulumi.Output[str]:
        """The connector's id (the resource id: known at preview while the import is updated in place)."""
        return self.id


@dataclass
class BigQueryConnectorArgs:
    """Inputs of a :class:`BigQueryConnector`."""

    name: pulumi.Input[str]
    """Display name; unique within the organisation (among connectors of every protocol)."""
    dataset_id: pulumi.Input[str]
    """The BigQuery dataset, ``"<project_id>.<dataset_name>"``."""
    auth_scheme_configs: pulumi.Input[Sequence[pulumi.Input[AuthSchemeConfigInput]]] | None = None
    """How connections authenticate: a ``GoogleServiceAccountAuthSchemeConfigArgs`` (its connections then hold the
    account's JSON key file as a ``BinaryCredentialArgs``); ids are optional (derived, and kept across runs)."""
    public: pulumi.Input[bool] | None = None
    """List the connector in the public library (default False)."""
    documentation_url: pulumi.Input[str] | None = None
    """Link to the dataset's documentation."""
    image_url: pulumi.Input[str] | None = None
    """Icon URL."""
    tags: pulumi.Input[TagsInput] | None = None
    """Free-form tags: key to list of values."""
    categories: pulumi.Input[Sequence[str]] | None = None
    """Library categories (the API's Category enum); write-only in the API."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use or holding published versions."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of an existing BigQuery connector to take over instead of creating one."""


class BigQueryConnector(_ConnectorOutputs, module="versori", name="BigQueryConnector"):
    """A connector to one Google BigQuery dataset."""

    _SPEC = _BIGQUERY

    organisation_id: pulumi.Output[str]
    protocol: pulumi.Output[str]
    created_at: pulumi.Output[str]
    name: pulumi.Output[str]
    dataset_id: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: BigQueryConnectorArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        props = _props(args, _BIGQUERY.spec)
        _put(props, "auth_scheme_configs", auth_scheme_configs_to_wire(args.auth_scheme_configs))
        super().__init__(_BIGQUERY.new_provider(), resource_name, props, opts)
        _settled_by_registration(self)
