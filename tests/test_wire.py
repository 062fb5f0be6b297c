"""The typed snake_case inputs reach the provider in the program's own names (camelCase exists only on the wire),
with secrets marked secret."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pulumi
import pytest

from versori_pulumi import inputs as i
from versori_pulumi._program.wire import (
    auth_scheme_config_to_wire,
    camel_case,
    connection_credentials_to_wire,
    snake_case,
    to_snake,
)
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.models import CredentialType

SCHEMES: list[tuple[Any, dict[str, Any]]] = [
    (i.NoAuthSchemeConfigArgs(description="n"), {"scheme_type": "none", "description": "n"}),
    (
        i.ApiKeyAuthSchemeConfigArgs(description="k", name="X-Key", in_="header", id="01J"),
        {"scheme_type": "api-key", "description": "k", "name": "X-Key", "in_": "header", "id": "01J"},
    ),
    (i.BasicAuthSchemeConfigArgs(description="b"), {"scheme_type": "basic-auth", "description": "b"}),
    (
        i.HmacAuthSchemeConfigArgs(
            description="h", name="Sig", in_="query", algorithm="sha256", digest_inputs=["body"]
        ),
        {
            "scheme_type": "hmac",
            "description": "h",
            "name": "Sig",
            "in_": "query",
            "algorithm": "sha256",
            "digest_inputs": ["body"],
        },
    ),
    (i.CertificateAuthSchemeConfigArgs(description="c"), {"scheme_type": "certificate", "description": "c"}),
    (
        {"scheme_type": "api-key", "description": "k", "name": "X-Key", "in_": "cookie"},
        {"scheme_type": "api-key", "description": "k", "name": "X-Key", "in_": "cookie"},
    ),
]


@pytest.mark.parametrize(("typed", "wire"), SCHEMES)
def test_each_scheme_type_reaches_the_provider_in_program_names(typed: Any, wire: dict[str, Any]) -> None:
    assert auth_scheme_config_to_wire(typed) == wire
    checked = ConnectorProvider().check({}, {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [wire]})
    assert checked.failures == []


async def resolved(value: Any) -> tuple[Any, bool]:
    """The value with every nested Output resolved, and whether any of them was secret."""
    if isinstance(value, pulumi.Output):
        inner, secret = await resolved(await value.future())
        return inner, secret or bool(await value.is_secret())
    if isinstance(value, dict):
        pairs = [(k, await resolved(v)) for k, v in value.items()]
        return {k: v for k, (v, _) in pairs}, any(s for _, (_, s) in pairs)
    if isinstance(value, list):
        items = [await resolved(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def test_oauth2_config_grant_and_scopes_with_a_secret_client_secret() -> None:
    asyncio.run(_oauth2())


async def _oauth2() -> None:
    typed = i.OAuth2AuthSchemeConfigArgs(
        description="o",
        authorize_url="https://o.test/a",
        token_url="https://o.test/t",
        grant=i.OAuth2AuthorizationCodeGrantArgs(client_id="cid", client_secret="shh"),
        scopes=[i.OAuth2ScopeArgs(name="read"), {"name": "write", "description": "w"}],
        default_scopes=["read"],
        mtls_enabled=False,
    )
    wire = auth_scheme_config_to_wire(typed)
    secret = wire["grant"].pop("client_secret")
    assert wire == {
        "scheme_type": "oauth2",
        "description": "o",
        "authorize_url": "https://o.test/a",
        "token_url": "https://o.test/t",
        "grant": {"grant_type": "authorization_code", "client_id": "cid"},
        "scopes": [{"name": "read"}, {"name": "write", "description": "w"}],
        "default_scopes": ["read"],
        "mtls_enabled": False,
    }
    assert await resolved(secret) == ("shh", True)


CREDENTIALS: list[tuple[Any, str, dict[str, Any]]] = [
    (i.NoneCredentialArgs(name="n"), "none", {}),
    (i.StringCredentialArgs(name="s", value="v"), "string", {"value": "v"}),
    (i.BinaryCredentialArgs(name="b", value_base64="AA=="), "binary", {"value_base64": "AA=="}),
    (i.BasicAuthCredentialArgs(name="b", username="u", password="p"), "basic-auth", {"username": "u", "password": "p"}),
    (
        i.OAuth2ClientCredentialArgs(
            name="c",
            client_id="id",
            client_secret="cs",
            authorize_url="https://a",
            token_url="https://t",
            mtls_enabled=True,
        ),
        "oauth2-client",
        {
            "client_id": "id",
            "client_secret": "cs",
            "authorize_url": "https://a",
            "token_url": "https://t",
            "mtls_enabled": True,
        },
    ),
    (
        i.OAuth2TokenCredentialArgs(name="t", scopes=["a"], access_token="at", refresh_token="rt"),
        "oauth2-token",
        {"scopes": ["a"], "access_token": "at", "refresh_token": "rt"},
    ),
    (i.OAuth2CodeCredentialArgs(name="c", code="x", state="s"), "oauth2-code", {"code": "x", "state": "s"}),
    (
        i.OAuth2PasswordCredentialArgs(name="p", username="u", password="p"),
        "oauth2-password",
        {"username": "u", "password": "p"},
    ),
    (
        i.CertificateCredentialArgs(name="c", certificate="CERT", key="KEY", ca="CA"),
        "certificate",
        {"certificate": "CERT", "key": "KEY", "ca": "CA"},
    ),
    (i.CustomFunctionCredentialArgs(name="f", data={"fn": "x"}), "custom-function", {"fn": "x"}),
    (i.JwtBearerCredentialArgs(name="j", data={"jwt": "x"}), "jwt-bearer", {"jwt": "x"}),
    ({"type": "string", "name": "s", "value": "v"}, "string", {"value": "v"}),
]


def test_every_credential_type_has_a_shape() -> None:
    assert {ctype for _, ctype, _ in CREDENTIALS} == {t.value for t in CredentialType}


@pytest.mark.parametrize(("typed", "ctype", "data"), CREDENTIALS)
def test_each_credential_type_reaches_the_wire_with_its_secrets_secret(
    typed: Any, ctype: str, data: dict[str, Any]
) -> None:
    asyncio.run(_credential(typed, ctype, data))


async def _credential(typed: Any, ctype: str, data: dict[str, Any]) -> None:
    config = i.ApiKeyAuthSchemeConfigArgs(description="k", name="X", in_="header", id="01J")
    wire = connection_credentials_to_wire(
        i.ConnectionCredentialsArgs(trigger=[{"auth_scheme_config": config, "credential": typed}])
    )
    item = wire["trigger"][0]
    assert item["auth_scheme_config"] == {
        "scheme_type": "api-key",
        "description": "k",
        "name": "X",
        "in_": "header",
        "id": "01J",
    }
    credential, _ = await resolved(item["credential"])
    assert credential == {
        "name": typed.name if not isinstance(typed, dict) else typed["name"],
        "type": ctype,
        "data": data,
    }
    secret_keys = {"value", "value_base64", "password", "client_secret", "access_token", "refresh_token", "code", "key"}
    for key, value in item["credential"]["data"].items():
        is_secret = await value.is_secret() if isinstance(value, pulumi.Output) else False
        assert is_secret == (key in secret_keys or ctype in ("custom-function", "jwt-bearer")), key


def test_a_misspelt_nested_key_reaches_check_and_is_named() -> None:
    typo: Any = {"scheme_type": "api-key", "description": "k", "name": "X", "in_": "header", "schemetype": "x"}
    wire = auth_scheme_config_to_wire(typo)
    checked = ConnectorProvider().check({}, {"name": "A", "base_url": "https://a.test", "auth_scheme_configs": [wire]})
    assert [f.property for f in checked.failures] == ["auth_scheme_configs[0].schemetype"]
    assert "unknown field" in checked.failures[0].reason


def test_names_round_trip_between_snake_and_camel_case() -> None:
    for snake, camel in [("scheme_type", "schemeType"), ("in_", "in"), ("value_base64", "valueBase64"), ("id", "id")]:
        assert camel_case(snake) == camel and snake_case(camel) == snake
    assert snake_case("mTLSEnabled") == "mtls_enabled"
    output = {"schemeType": "oauth2", "grant": {"grantType": "password", "clientId": "c"}, "tags": {"keepThis": ["x"]}}
    assert to_snake(output) == {
        "scheme_type": "oauth2",
        "grant": {"grant_type": "password", "client_id": "c"},
        "tags": {"keepThis": ["x"]},
    }


def test_the_secret_data_fields_are_the_models_secret_fields_in_snake_case() -> None:
    """The program side's list of secret credential fields is the models' (written out only to keep pydantic out of
    the program's imports)."""
    from versori_pulumi._program.wire import _SECRET_DATA, snake_case
    from versori_pulumi.models import SECRET_CREDENTIAL_FIELDS

    assert _SECRET_DATA == {snake_case(key) for keys in SECRET_CREDENTIAL_FIELDS.values() for key in keys}


def test_a_program_imports_neither_pydantic_nor_a_model() -> None:
    """What a program imports (the resource classes, their Args, the wire conversion) loads no pydantic and no API
    model: the language host starts a fresh interpreter for every preview, and that import is paid each time."""
    import subprocess
    import sys

    code = (
        "import sys, versori_pulumi, versori_pulumi.resources, versori_pulumi.inputs, versori_pulumi._program.wire\n"
        "from versori_pulumi import Connection, Connector, ConnectorVersion\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'pydantic' or m.startswith('versori_pulumi.models.')]\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_program_loads_the_provider_modules_of_the_kinds_it_declares() -> None:
    """The BigQuery and imported connectors' provider modules load when a program first declares one (or reads the
    class's spec), not with ``versori_pulumi.resources``: each preview's fresh program pays only for its kinds."""
    import subprocess
    import sys

    lazy = ["versori_pulumi.bigquery_connector_provider", "versori_pulumi.imported_connector_provider"]
    code = (
        "import sys, json, versori_pulumi.resources as r\n"
        "from versori_pulumi import BigQueryConnector, Connection, Connector, ConnectorVersion, ImportedConnector\n"
        f"lazy = {lazy!r}\n"
        "before = [m for m in lazy if m in sys.modules]\n"
        "specs = [BigQueryConnector._SPEC, ImportedConnector._SPEC]\n"
        "from versori_pulumi.bigquery_connector_provider import SPEC as B\n"
        "from versori_pulumi.imported_connector_provider import SPEC as I\n"
        "print(json.dumps([before, [m for m in lazy if m in sys.modules], specs[0] is B and specs[1] is I]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [[], lazy, True]


def test_a_value_without_secrets_costs_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """An api-key config holds no secret: it has no secrets property at all (None: the class leaves the key out of
    its bag, since each key costs the SDK, the engine and the host on every preview), and no Output is gathered."""
    asyncio.run(_no_secrets(monkeypatch))


async def _no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    from versori_pulumi._core.secret_split import is_config_secret
    from versori_pulumi._program.wire import auth_scheme_configs_to_wire, secrets_apart

    gathered: list[Any] = []
    real_all = pulumi.Output.all
    monkeypatch.setattr(pulumi.Output, "all", lambda *a, **k: gathered.append(a) or real_all(*a, **k))
    configs = auth_scheme_configs_to_wire([i.ApiKeyAuthSchemeConfigArgs(description="k", name="X-Key", in_="header")])
    plain, secrets = secrets_apart(configs, is_config_secret)
    assert plain == [{"scheme_type": "api-key", "description": "k", "name": "X-Key", "in_": "header"}]
    assert secrets is None
    assert gathered == []
    oauth = {"scheme_type": "oauth2", "grant": {"grant_type": "client_credentials", "client_secret": "shh"}}
    _, secrets = secrets_apart([oauth], is_config_secret)
    assert await resolved(secrets) == ({'[0, "grant", "client_secret"]': "shh"}, True)
    assert gathered  # the contrast: secrets found are gathered
