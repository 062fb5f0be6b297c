"""The typed snake_case inputs of :mod:`versori_pulumi.inputs` to the property bag the providers check.

Runs in the program. The bag names nested fields as the program writes them (``scheme_type``, ``in_``,
``auth_scheme_config``, ``value_base64``): that is the form ``check`` stores and previews show; camelCase exists only
on the wire, where the providers' calls put it. Each shape's tag is added from its class (``scheme_type``,
``grant_type``, a credential's ``type``). Values may be Pulumi Inputs at any depth: an Output where a whole shape goes
(an element of a connector's ``auth_scheme_configs``) is converted when it resolves, Outputs inside a shape are left
for the SDK to resolve, and secret fields are wrapped in ``Output.secret``. A key no shape knows is passed on
unchanged, so that ``check`` names it (``auth_scheme_configs[0].schemetype: unknown field``) instead of it being
dropped; dicts in the API's camelCase (0.1 programs) are passed on as written too (``check`` accepts both).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi

from versori_pulumi import inputs as i
from versori_pulumi._core.secret_split import FREE_FORM_DATA, SECRET_DATA, IsSecret, path_key, split
from versori_pulumi._core.secret_split import Path as SecretPath

__all__ = [
    "auth_scheme_configs_to_wire",
    "connection_credentials_to_wire",
    "contents_to_wire",
    "snake_case",
    "variables_to_wire",
]

Wire = dict[str, Any]

_SCHEME_TYPES: dict[type, str] = {
    i.NoAuthSchemeConfigArgs: "none",
    i.ApiKeyAuthSchemeConfigArgs: "api-key",
    i.BasicAuthSchemeConfigArgs: "basic-auth",
    i.OAuth2AuthSchemeConfigArgs: "oauth2",
    i.HmacAuthSchemeConfigArgs: "hmac",
    i.CertificateAuthSchemeConfigArgs: "certificate",
    i.GoogleServiceAccountAuthSchemeConfigArgs: "google-service-account",
}
_GRANT_TYPES: dict[type, str] = {
    i.OAuth2AuthorizationCodeGrantArgs: "authorization_code",
    i.OAuth2ClientCredentialsGrantArgs: "client_credentials",
    i.OAuth2PasswordGrantArgs: "password",
}
_CREDENTIAL_TYPES: dict[type, str] = {
    i.NoneCredentialArgs: "none",
    i.StringCredentialArgs: "string",
    i.BinaryCredentialArgs: "binary",
    i.BasicAuthCredentialArgs: "basic-auth",
    i.OAuth2ClientCredentialArgs: "oauth2-client",
    i.OAuth2TokenCredentialArgs: "oauth2-token",
    i.OAuth2CodeCredentialArgs: "oauth2-code",
    i.OAuth2PasswordCredentialArgs: "oauth2-password",
    i.CertificateCredentialArgs: "certificate",
    i.CustomFunctionCredentialArgs: "custom-function",
    i.JwtBearerCredentialArgs: "jwt-bearer",
}
_FREE_FORM_DATA = FREE_FORM_DATA

_WIRE_NAMES = {"in_": "in"}
_SNAKE_NAMES = {"in": "in_", "mTLSEnabled": "mtls_enabled", "mTLSCredentialId": "mtls_credential_id"}


def camel_case(key: str, renames: Mapping[str, str] = _WIRE_NAMES) -> str:
    """``default_scopes`` -> ``defaultScopes``; a key already in camelCase (or unknown) stays as it is."""
    if key in renames:
        return renames[key]
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest) if rest and head else key


def snake_case(key: str) -> str:
    """``schemeType`` -> ``scheme_type``, ``in`` -> ``in_``."""
    return _SNAKE_NAMES.get(key) or re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


_SECRET_DATA = SECRET_DATA
"""The secret fields of the credential types' data, as the Args name them (:mod:`versori_pulumi._core.secret_split`)."""


def _fields(value: Any) -> dict[str, Any]:
    """An Args instance or an ArgsDict as a plain dict, leaving out what is unset."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if getattr(value, f.name) is not None}
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if v is not None}
    raise TypeError(f"expected an Args object or a dict, got {type(value).__name__}")


def _lift(value: Any, convert: Callable[[Any], Any]) -> Any:
    """``convert(value)``, or its application once the value resolves when the whole value is an Output."""
    return value.apply(convert) if isinstance(value, pulumi.Output) else convert(value)


def _each(values: Any, convert: Callable[[Any], Any]) -> Any:
    """Convert every element of an Input list (the list itself may be an Output)."""
    return _lift(values, lambda items: [_lift(item, convert) for item in items])


def _secret(value: Any) -> Any:
    return pulumi.Output.secret(value)


def _scope(value: Any) -> Wire:
    return dict(_fields(value))


def _grant(value: Any) -> Wire:
    fields = _fields(value)
    tag = _GRANT_TYPES.get(type(value)) or fields.pop("grant_type", None)
    wire: Wire = {"grant_type": tag} if tag else {}
    for key, item in fields.items():
        wire[key] = _secret(item) if key in ("client_secret", "clientSecret") else item
    return wire


def auth_scheme_config_to_wire(value: Any) -> Wire:
    """One auth scheme config (Args, ArgsDict or a connector's output element) as the bag holds it."""
    fields = _fields(value)
    tag = _SCHEME_TYPES.get(type(value)) or fields.pop("scheme_type", None)
    wire: Wire = {"scheme_type": tag} if tag else {}
    for key, item in fields.items():
        if key == "grant":
            wire["grant"] = _lift(item, _grant)
        elif key == "scopes":
            wire["scopes"] = _each(item, _scope)
        else:
            wire[key] = item
    return wire


def secrets_apart(value: Any, is_secret: IsSecret) -> tuple[Any, pulumi.Output[dict[str, Any]] | None]:
    """A wire value without its secret parts, and an Output (secret) of those parts by path
    (:mod:`versori_pulumi._core.secret_split`): sent as two properties, so that only the secrets preview as
    ``[secret]``. None instead of the Output when the value can hold no secret (an api-key config): the property
    is then left out, since every key costs the SDK, the engine and the provider host on each preview, and the
    value's output is no secret.

    Walked as given; a part that is an Output is split once it resolves, and what is left of it is no secret (its
    secret parts are the ones ``is_secret`` names: a connector's config is a secret output for its client secret
    alone)."""
    found: list[pulumi.Output[dict[str, Any]]] = []

    def one(key: str, inner: Any) -> pulumi.Output[dict[str, Any]]:
        return pulumi.Output.from_input(inner).apply(lambda value: {} if value is None else {key: value})

    def walk(item: Any, at: SecretPath, parents: tuple[Mapping[str, Any], ...]) -> Any:
        if isinstance(item, pulumi.Output):
            found.append(item.apply(lambda value: split(value, is_secret, at, parents)[1]))
            return pulumi.Output.unsecret(item.apply(lambda value: split(value, is_secret, at, parents)[0]))
        if isinstance(item, Mapping):
            kept = {}
            inside = (*parents, item)
            for key, inner in item.items():
                step = (*at, key)
                if is_secret(step, inside):
                    if inner is not None:
                        found.append(one(path_key(step), inner))
                else:
                    kept[key] = walk(inner, step, inside)
            return kept
        if isinstance(item, list | tuple):
            return [walk(inner, (*at, index), parents) for index, inner in enumerate(item)]
        return item

    plain = walk(value, (), ())
    if not found:  # no secret anywhere, and no Output that could hold one
        return plain, None
    merged = pulumi.Output.all(*found).apply(lambda parts: {k: v for part in parts for k, v in part.items()})
    return plain, pulumi.Output.secret(merged)


def auth_scheme_configs_to_wire(values: Any) -> Any:
    """``ConnectorArgs.auth_scheme_configs`` on the wire."""
    return None if values is None else _each(values, auth_scheme_config_to_wire)


def variables_to_wire(values: Any) -> Any:
    """Connection variables (``ConnectionVariableArgs``, dicts) on the wire."""
    return None if values is None else _each(values, lambda v: dict(_fields(v)))


def _credential(value: Any) -> Wire:
    fields = _fields(value)
    tag = _CREDENTIAL_TYPES.get(type(value)) or fields.pop("type", None)
    name = fields.pop("name", None)
    if isinstance(fields.get("data"), Mapping):  # free-form data, or the 0.1 dict shape {name, type, data}
        everything = tag in _FREE_FORM_DATA
        data = {
            k: (_secret(v) if everything or snake_case(k) in _SECRET_DATA else v) for k, v in fields.pop("data").items()
        }
    else:
        data = {k: (_secret(v) if k in _SECRET_DATA else v) for k, v in fields.items()}
    return {"name": name, "type": tag, "data": data}


def _connection_credential(value: Any) -> Wire:
    fields = _fields(value)
    wire: Wire = {}
    for key, item in fields.items():
        if snake_case(key) == "auth_scheme_config":  # also the 0.1 camelCase shape
            wire["auth_scheme_config"] = _lift(item, auth_scheme_config_to_wire)
        elif key == "credential":
            wire["credential"] = _lift(item, _credential)
        else:
            wire[key] = item  # unknown: check names it
    return wire


def connection_credentials_to_wire(value: Any) -> Any:
    """``ConnectionArgs.credentials`` on the wire: ``{"action": [...], "trigger": [...]}``."""
    if value is None:
        return None

    def convert(credentials: Any) -> Wire:
        fields = _fields(credentials)
        return {
            key: _each(items, _connection_credential) if key in ("action", "trigger") else items
            for key, items in fields.items()
        }

    return _lift(value, convert)


def to_snake(value: Any, *, keep: frozenset[str] = frozenset({"tags"})) -> Any:
    """An output as the program reads it: every key in snake_case (but inside ``keep``, which hold user keys)."""
    if isinstance(value, Mapping):
        return {snake_case(k): (v if k in keep else to_snake(v, keep=keep)) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [to_snake(v, keep=keep) for v in value]
    return value


# --- a version's contents ---


def _parameter(value: Any) -> Wire:
    return {camel_case(k): v for k, v in _fields(value).items()}


def _links(value: Any) -> Wire:
    return {camel_case(k): (list(v) if k == "definitions" else v) for k, v in _fields(value).items()}


def _child(value: Any) -> Wire:
    wire: Wire = {}
    for key, item in _fields(value).items():
        if key == "parameters":
            wire["parameters"] = [_parameter(p) for p in item]
        elif key == "request_body":
            wire["requestBody"] = _links(item)
        elif key == "responses":
            wire["responses"] = [_links(r) for r in item]
        else:
            wire[camel_case(key)] = item
    return wire


def _definition(value: Any) -> Wire:
    fields = _fields(value)
    wire: Wire = {camel_case(k): (list(v) if k == "accept" else v) for k, v in fields.items() if k != "schema"}
    if "schema" in fields:
        wire["schema"] = fields["schema"]  # a JSON Schema: its keys are the schema's own, never renamed
    return wire


def contents_to_wire(kind: str, values: Any) -> Any:
    """``ConnectorVersionArgs.definitions``/``actions``/``triggers`` (name -> Args) on the wire; names kept.

    Known contents are sent in the canonical form ``check`` stores (defaults filled in, e.g. a definition's
    ``accept``), so that the next preview's ``check`` finds them identical to what it accepted and need not validate
    them (:mod:`versori_pulumi._core.input_schema`); contents holding an Output, or not valid, go as written, for
    ``check``.
    """
    if values is None:
        return None
    convert = _definition if kind == "definitions" else _child
    wire = _lift(values, lambda items: {name: _lift(item, convert) for name, item in items.items()})
    return _canonical_when_known(kind, wire)


def _plain(value: Any) -> bool:
    """Whether a value is plain JSON at every depth (no Output, no other Input)."""
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def _canonical_when_known(kind: str, wire: Any) -> Any:
    if not _plain(wire):
        return wire
    from versori_pulumi.connector_version_provider import SCHEMA  # the provider's own form; raw when invalid

    return SCHEMA.canonical_or_raw(kind, wire)
