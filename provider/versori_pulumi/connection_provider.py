"""Dynamic provider for a Connection: a connector's credentials (secret) and variables.

Endpoints: CreateConnectorConnection (``POST .../connections``, answers 200), GetConnection, UpdateConnection
(``PUT``), DeleteConnection (412 while in use unless ``force``), and ListConnectorConnections to adopt by name.

``name`` and ``variables`` update in place. Credentials are created inline with the connection and their secret
data cannot be changed afterwards (UpdateConnection only reorders credentials and edits their auth scheme config),
so a change to a credential's name, type, data, or to the set of credentials replaces the connection; a change
to a credential's auth scheme config alone (same scheme type) updates in place. The API redacts secrets on read,
so refresh can see every drift except a secret value changed out of band.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from versori_pulumi import models
from versori_pulumi._core import kinds
from versori_pulumi._core.input_schema import InputField, has_unknown
from versori_pulumi._core.lazy_types import LazyAdapter
from versori_pulumi._core.lifecycle import (
    Creation,
    create_or_adopt,
    delete_remote,
    lost_create,
    names_conflict,
    stamped,
    without_messages,
)
from versori_pulumi._core.masking import as_applied, config_as_applied, holds_mask, masks
from versori_pulumi._core.ownership import with_previous_owner
from versori_pulumi._core.results import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from versori_pulumi._core.secret_split import (
    CREDENTIAL_SECRETS,
    is_credential_secret,
    join,
    joined_props,
    split,
    split_props,
)
from versori_pulumi._core.spec import Computed, ResourceSpec
from versori_pulumi._dynamic.provider import DynamicProvider
from versori_pulumi.errors import ConflictError, NotFoundError, PreconditionFailedError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["ConnectionProvider"]


SIDES = ("action", "trigger")
CREDENTIAL_CLASSES = {
    "none": "NoneCredentialArgs",
    "string": "StringCredentialArgs",
    "binary": "BinaryCredentialArgs",
    "basic-auth": "BasicAuthCredentialArgs",
    "oauth2-client": "OAuth2ClientCredentialArgs",
    "oauth2-token": "OAuth2TokenCredentialArgs",
    "oauth2-code": "OAuth2CodeCredentialArgs",
    "oauth2-password": "OAuth2PasswordCredentialArgs",
    "certificate": "CertificateCredentialArgs",
    "custom-function": "CustomFunctionCredentialArgs",
    "jwt-bearer": "JwtBearerCredentialArgs",
}
"""Credential type -> the program's class for it (named, not imported: the provider host never loads the program's
input classes); a mismatch names the classes that fit. ``tests/providers/test_connection.py`` holds it equal to
:mod:`versori_pulumi._program.wire`'s own map."""
_AUTH_CONFIG = LazyAdapter("AuthSchemeConfig")


def _credential_fits_scheme(value: dict[str, Any], _inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for side in SIDES:
        for index, item in enumerate(value.get(side, [])):
            scheme = item["auth_scheme_config"]["scheme_type"]  # the canonical (program) form: see SPEC
            ctype = models.CredentialType(item["credential"]["type"])
            if not models.scheme_accepts_credential(scheme, ctype):
                fits = [
                    name
                    for tag, name in CREDENTIAL_CLASSES.items()
                    if models.scheme_accepts_credential(scheme, models.CredentialType(tag))
                ]
                use = f": use {' or '.join(fits)}" if fits else ""
                yield (
                    f".{side}[{index}].credential.type",
                    f"a {ctype.value!r} credential does not fit a {scheme!r} auth scheme config{use}",
                )


SPEC = ResourceSpec(
    inputs={
        "connector_id": InputField("Name", required=True, replace=True, output=True),
        "name": InputField("Name", required=True, output=True, put=True),
        "variables": InputField("list[ConnectionVariable]", default=list, output=True, put=True),
        "credentials": InputField(
            "ConnectionCredentialsCreate",
            default=lambda: {"action": [], "trigger": []},
            rules=(_credential_fits_scheme,),
            output=True,
            put=True,
            program_form=True,
        ),
        "force_delete": InputField("StrictBool", default=lambda: False),
        "adopt_existing": InputField("Name", diffed=False),
        "owner": InputField("str", diffed=False, program=False),
    },
    state={
        "connection_id": Computed(from_id=True, read=attrgetter("id")),
        "credential_ids": Computed(read=lambda connection: _credential_ids(connection)),
        "created_at": Computed(read=stamped("created_at")),
    },
)
"""``put``: what UpdateConnection carries (credentials only through their ids and auth scheme configs)."""

SCHEMA = SPEC.schema
OUTPUTS = SPEC.outputs


def _secret_shape(credentials: Any) -> Any:
    """What of the credentials only a new connection can change: everything but the auth scheme configs' details."""
    if not isinstance(credentials, Mapping) or has_unknown(credentials):
        return credentials
    try:
        return {
            side: [
                (item["auth_scheme_config"]["scheme_type"], item["auth_scheme_config"]["id"], item["credential"])
                for item in credentials.get(side, [])
            ]
            for side in SIDES
        }
    except (KeyError, TypeError):
        return credentials  # not the shape check gives (e.g. state from elsewhere): compared as is, so it replaces


def _same_credential(live: models.ConnectionCredential, wanted: Mapping[str, Any]) -> bool:
    """Whether a live (redacted) credential is the one an input describes; oauth2-code reads back as a token."""
    live_type = live.credential.type
    wanted_type = wanted["credential"]["type"]
    types_match = live_type.value == wanted_type or (
        wanted_type == models.CredentialType.OAUTH2_CODE.value and live_type == models.CredentialType.OAUTH2_TOKEN
    )
    return (
        types_match
        and live.credential.name == wanted["credential"]["name"]
        and live.auth_scheme_config.scheme_type == wanted["authSchemeConfig"]["schemeType"]
    )


def _live_credential(live: models.ConnectionCredential, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The credential as read, its data kept as applied where the read masks or omits it (:func:`as_applied`).

    An oauth2-code credential reads back as the token it was exchanged for, so nothing of it can be compared: it
    stays as applied."""
    applied = wanted["credential"]
    if applied["type"] == models.CredentialType.OAUTH2_CODE.value:
        return dict(applied)
    ctype = live.credential.type
    fields = models.SECRET_CREDENTIAL_FIELDS
    secret = fields.get(ctype) if ctype in fields else None  # None: free-form data, every value secret
    data = live.credential.data if isinstance(live.credential.data, Mapping) else {}
    old_data = applied.get("data") if isinstance(applied.get("data"), Mapping) else {}
    return {**applied, "data": as_applied(data, old_data, secret)}


def _live_credentials(connection: models.Connection, previous: Mapping[str, Any]) -> dict[str, Any]:
    """Credentials as inputs, from the live connection: what the read masks or omits (secret data, the client secret
    of the connection's copy of an OAuth 2.0 config) comes from the previous inputs where the live credential is
    still the same one; other values are as read, and a credential that is not the same one stays redacted (so
    drift shows as a change)."""
    result: dict[str, Any] = {}
    for side in SIDES:
        wanted = list(previous.get(side, [])) if isinstance(previous, Mapping) else []
        items = []
        for index, live in enumerate(getattr(connection.credentials, side)):
            config = without_messages(live.auth_scheme_config)
            if index < len(wanted) and _same_credential(live, wanted[index]):
                config = config_as_applied(config, wanted[index].get("authSchemeConfig"))
                credential = _live_credential(live, wanted[index])
            else:
                credential = {
                    "name": live.credential.name,
                    "type": live.credential.type.value,
                    "data": live.credential.data,
                }
            items.append({"authSchemeConfig": config, "credential": credential})
        result[side] = items
    return result


def _credential_ids(connection: models.Connection) -> dict[str, list[str]]:
    return {side: [c.id for c in getattr(connection.credentials, side)] for side in SIDES}


def _outputs(inputs: Mapping[str, Any], connection: models.Connection) -> dict[str, Any]:
    return SPEC.state_of(inputs, SPEC.read_computed(connection))


def _joined(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the credentials' secrets back inside them (:mod:`versori_pulumi._core.secret_split`)."""
    return joined_props(props, "credentials", CREDENTIAL_SECRETS)


def _split(props: Mapping[str, Any]) -> dict[str, Any]:
    """A property bag with the credentials' secret values in their own property (present, maybe empty)."""
    return split_props(props, "credentials", CREDENTIAL_SECRETS, is_credential_secret)


def _with_masked_secrets_known(olds: dict[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """``olds`` itself when its credentials' secrets hold no mask of the value the program now gives; else a copy
    holding the program's values there (a state born of an import: the read could only record the API's masks)."""
    if not holds_mask(olds.get("credentials")):
        return olds  # the usual case, decided without loading a model (a no-change preview stays light)
    old_credentials = SCHEMA.canonical_or_raw("credentials", olds.get("credentials"))
    new_credentials = SCHEMA.canonical_or_raw("credentials", news.get("credentials"))
    if has_unknown(new_credentials) or not isinstance(old_credentials, Mapping):
        return olds
    old_plain, old_secrets = split(old_credentials, is_credential_secret)
    _new_plain, new_secrets = split(new_credentials, is_credential_secret)
    taken = {
        key: new_secrets[key]
        for key, value in old_secrets.items()
        if isinstance(value, str)
        and value
        and isinstance(new_secrets.get(key), str)
        and value != new_secrets[key]
        and masks(value, new_secrets[key])
    }
    return olds if not taken else {**olds, "credentials": join(old_plain, {**old_secrets, **taken})}


def _replaced_parts(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """Which of the two properties a replacement for the credentials comes from (both when not apart)."""
    if CREDENTIAL_SECRETS not in news or has_unknown(news.get(CREDENTIAL_SECRETS)):
        return ["credentials", CREDENTIAL_SECRETS] if CREDENTIAL_SECRETS in news else ["credentials"]
    old_plain, old_secrets = split(_joined(olds).get("credentials"), is_credential_secret)
    new_plain = SCHEMA.canonical_or_raw("credentials", news.get("credentials"))
    parts = [] if SCHEMA.canonical_or_raw("credentials", old_plain) == new_plain else ["credentials"]
    if old_secrets != news.get(CREDENTIAL_SECRETS):
        parts.append(CREDENTIAL_SECRETS)
    return parts or ["credentials"]


class ConnectionProvider(DynamicProvider):
    """Create, update, adopt and delete a connection with inline credentials.

    A program holds the credentials' secret values apart (``credential_secrets``): every step works on the two
    joined, and answers them apart again when they came so."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        olds, joined = _joined(_olds), _joined(news)
        result = SCHEMA.check(with_previous_owner(olds, joined), olds)
        if CREDENTIAL_SECRETS not in news:
            return result
        if has_unknown(news[CREDENTIAL_SECRETS]):
            inputs = {
                **result.inputs,
                "credentials": news.get("credentials"),
                CREDENTIAL_SECRETS: news[CREDENTIAL_SECRETS],
            }
            return CheckResult({k: v for k, v in inputs.items() if v is not None}, result.failures)
        return CheckResult(_split(result.inputs), result.failures)

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        olds, news = _joined(_olds), _joined(_news)
        # After `pulumi import` the state holds only the API's masks of the secret values: the program's values are
        # taken as the ones the platform holds (an update that records them), not as a rotation (a replacement).
        known = _with_masked_secrets_known(olds, news)
        result = self._diff(known, news)
        replaces = list(result.replaces or [])
        if "credentials" in replaces:
            replaces = [r for r in replaces if r != "credentials"] + _replaced_parts(_olds, _news)
        stables = list(result.stables or [])
        if "credentials" in stables and known is olds:
            stables.append(CREDENTIAL_SECRETS)
        changes = True if known is not olds else result.changes
        return DiffResult(changes, replaces, stables, result.delete_before_replace)

    def _diff(self, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        result = SCHEMA.diff(_olds, _news)
        replaces = list(result.replaces or [])
        if "credentials" in (result.stables or []) or result.changes is False:
            return result
        old_shape = _secret_shape(SCHEMA.canonical_or_raw("credentials", _olds.get("credentials")))
        new_shape = _secret_shape(SCHEMA.canonical_or_raw("credentials", _news.get("credentials")))
        if old_shape != new_shape or has_unknown(new_shape):
            replaces.append("credentials")
        same_slot = _olds.get("name") == _news.get("name") and _olds.get("connector_id") == _news.get("connector_id")
        return DiffResult(
            changes=None,  # the engine lists the changed inputs (see InputSchema.diff)
            replaces=replaces,
            stables=result.stables,
            delete_before_replace=bool(replaces) and same_slot,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self._create(_joined(props))
        outs = created.outs or {}
        return CreateResult(created.id, _split(outs) if CREDENTIAL_SECRETS in props else outs)

    def _create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client()
        connector_id = props["connector_id"]
        where = f"in connector {connector_id}"
        body = models.ConnectionCreate(
            name=props["name"],
            variables=[models.ConnectionVariable.model_validate(v) for v in props.get("variables", [])],
            credentials=models.ConnectionCredentialsCreate.model_validate(props.get("credentials", {})),
        )
        connection = create_or_adopt(
            Creation(
                kinds.CONNECTION,
                where,
                post=lambda: client.create_connection(connector_id, body),
                converge=lambda existing: self._converge(client, connector_id, existing, props),
                lost=lambda: lost_create(kinds.CONNECTION, client, props, where, enabled=self.adopt_owned()),
            ),
            client,
            props,
        )
        return CreateResult(connection.id, _outputs(props, connection))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """As a connector's (``ConnectorProvider.read``): a 0.2 state holding secret data is read without inputs, so
        that the engine keeps the state's own, marked secret under the names they had."""
        if CREDENTIAL_SECRETS in props:
            read = self._read(id_, _joined(props))
            if not read.id:
                return read
            return ReadResult(read.id, _split(read.outs or {}), _split(read.inputs or {}))
        read = self._read(id_, props)
        credentials = props.get("credentials")
        if read.id and SCHEMA.in_wire_form("credentials", credentials) and split(credentials, is_credential_secret)[1]:
            return ReadResult(read.id, read.outs, None)
        return read

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            connection = self.client().get_connection(props["connector_id"], id_)
        except NotFoundError:
            return ReadResult("", {})
        previous = props.get("credentials") or {}
        live = {
            "connector_id": props["connector_id"],
            "name": connection.name,
            "variables": [v.wire() for v in connection.variables],
            "credentials": _live_credentials(connection, SCHEMA.wire_or_raw("credentials", previous)),
            "force_delete": props.get("force_delete"),
            "adopt_existing": props.get("adopt_existing"),
            "owner": props.get("owner"),
        }
        inputs = SPEC.sparse({k: v for k, v in SCHEMA.inputs_of(live).items() if v is not None}, props)
        outputs = _outputs(inputs, connection)
        if SCHEMA.in_wire_form("credentials", previous):  # a state an earlier release wrote: kept in its form
            inputs["credentials"] = outputs["credentials"] = SCHEMA.wire_or_raw("credentials", inputs["credentials"])
        return ReadResult(id_, outputs, inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        updated = self._update(_id, _joined(_olds), _joined(_news))
        outs = updated.outs or {}
        return UpdateResult(_split(outs) if CREDENTIAL_SECRETS in _news else outs)

    def _update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        changed = set(SCHEMA.changed_fields(_olds, _news))
        if not changed & SPEC.put_fields:
            return UpdateResult({**_olds, **SCHEMA.inputs_of(_news)})  # provider-only settings: no API call
        body = models.ConnectionUpdate(
            id=_id,
            name=_news["name"],
            variables=[models.ConnectionVariable.model_validate(v) for v in _news.get("variables", [])],
            credentials=self._credentials_update(_olds, _news) if "credentials" in changed else None,
        )
        renamed = _olds.get("name") != _news.get("name")
        with names_conflict("connection", _news["name"], f"in connector {_news['connector_id']}", renamed):
            connection = self.client().update_connection(_news["connector_id"], _id, body)
        return UpdateResult(_outputs(_news, connection))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        force = bool(_props.get("force_delete", False))
        delete_remote(
            lambda: self.client().delete_connection(_props["connector_id"], _id, force=force),
            f"connection {_props.get('name', _id)!r}",
            f"connection {_id}",
            refusals=(PreconditionFailedError, ConflictError),
        )

    # --- helpers ---

    @staticmethod
    def _credentials_update(olds: Mapping[str, Any], news: Mapping[str, Any]) -> models.ConnectionCredentialsUpdate:
        """Re-send the existing credential ids (same order) with their new auth scheme configs."""
        ids = olds.get("credential_ids") or {}
        credentials = SCHEMA.wire_or_raw("credentials", news.get("credentials")) or {}
        return models.ConnectionCredentialsUpdate(
            **{
                side: [
                    models.ConnectionCredentialUpdate(
                        id=cid, auth_scheme_config=_AUTH_CONFIG.validate_python(item["authSchemeConfig"])
                    )
                    for cid, item in zip(ids.get(side, []), credentials.get(side, []), strict=False)
                ]
                for side in SIDES
            }
        )

    @staticmethod
    def _converge(
        client: ConnectClient, connector_id: str, current: models.Connection, want: Mapping[str, Any]
    ) -> models.Connection:
        """Adopt: take the live connection's credentials as they are (their secrets cannot be set after creation)
        and apply the wanted name and variables."""
        variables = [models.ConnectionVariable.model_validate(v) for v in want.get("variables", [])]
        if current.name == want["name"] and current.variables == variables:
            return current
        return client.update_connection(
            connector_id, current.id, models.ConnectionUpdate(id=current.id, name=want["name"], variables=variables)
        )
