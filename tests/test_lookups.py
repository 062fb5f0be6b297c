"""The program-side lookups against the emulator: typed snake_case results, clear errors naming what exists,
configuration from stack config or the environment, and no key in any error."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from typing import Any

import pulumi.runtime.config as runtime_config
import pytest

from versori_pulumi import lookups
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.errors import ConfigurationError, UnauthorizedError
from versori_pulumi.lookups import LookupFailed
from versori_pulumi.models import (
    AuthSchemeConfigGoogleServiceAccount,
    AuthSchemeConfigOAuth2,
    BigQueryConnectorCreate,
    Category,
    ConnectorVersionCreate,
    HTTPConnectorCreate,
    OAuth2GrantAuthorizationCode,
)


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[ConnectClient]:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as client:
        yield client


def test_library_connector_by_name(api: ConnectClient) -> None:
    before = api.request_count
    slack = lookups.get_library_connector("Slack", client=api)
    assert api.request_count - before == 1  # one filtered listing
    assert slack.id == LIBRARY_SLACK_ID and slack.name == "Slack" and slack.protocol == "http"
    assert slack.public and slack.base_url and slack.dataset_id is None
    assert slack.version_names and slack.default_version in slack.version_names
    config = slack.auth_scheme_configs[0]
    assert "scheme_type" in config and "schemeType" not in config  # snake_case, as connection credentials take it
    assert lookups.get_library_connector("Slack", protocol="http", client=api).id == slack.id


def test_unknown_library_name_names_what_exists(api: ConnectClient) -> None:
    with pytest.raises(LookupFailed) as info:
        lookups.get_library_connector("Slakc", client=api)
    message = str(info.value)
    assert "'Slakc'" in message and "'Slack'" in message and "'Shopify'" in message
    assert message.endswith("(did you mean 'Slack'?)")
    with pytest.raises(
        LookupFailed, match="no public library bigquery connector is named 'Slack'; the library has: none"
    ):
        lookups.get_library_connector("Slack", protocol="bigquery", client=api)
    assert isinstance(info.value, LookupError)


def test_organisation_connector_by_name(api: ConnectClient) -> None:
    secret = "oauth-client-secret-never-returned"
    grant = OAuth2GrantAuthorizationCode(client_id="cid", client_secret=secret)  # type: ignore[arg-type]
    oauth = AuthSchemeConfigOAuth2(
        id="01J0000000000000000000000O",
        description="oauth",
        authorize_url="https://a.test/auth",
        token_url="https://a.test/token",
        grant=grant,
    )
    web = api.create_http_connector(
        HTTPConnectorCreate(name="Web", base_url="https://web.test", auth_scheme_configs=[oauth])
    )
    api.create_version(web.id, ConnectorVersionCreate(name="1.0.0"))
    api.publish_version(web.id, "1.0.0")
    api.create_version(web.id, ConnectorVersionCreate(name="2.0.0-draft"))
    bq = api.create_bigquery_connector(BigQueryConnectorCreate(name="Warehouse", dataset_id="acme-data.sales"))
    api.upsert_auth_scheme_config(
        bq.id, AuthSchemeConfigGoogleServiceAccount(id="01J0000000000000000000000S", description="sa")
    )

    found = lookups.get_connector("Web", client=api)
    assert found.id == web.id and found.base_url == "https://web.test" and found.organisation_id == api.organisation_id
    assert sorted(found.version_names) == ["1.0.0", "2.0.0-draft"] and found.default_version == "1.0.0"
    assert secret not in repr(found) and "client_secret" not in found.auth_scheme_configs[0].get("grant", {})
    warehouse = lookups.get_connector("Warehouse", client=api)
    assert warehouse.protocol == "bigquery" and warehouse.dataset_id == "acme-data.sales" and warehouse.base_url is None
    assert warehouse.auth_scheme_configs == [
        {"id": "01J0000000000000000000000S", "description": "sa", "scheme_type": "google-service-account"}
    ]
    assert warehouse.default_version is None  # nothing published

    with pytest.raises(
        LookupFailed,
        match=r"no connector in the organisation is named 'web'; it has: 'Warehouse', 'Web' \(did you mean 'Web'\?\)$",
    ):
        lookups.get_connector("web", client=api)


def test_catalogue_lookups(api: ConnectClient) -> None:
    assert lookups.get_categories(client=api) == [c.value for c in Category]
    protocols = lookups.get_protocols(client=api)
    assert sorted(p.slug for p in protocols) == ["bigquery", "http"]
    assert lookups.get_protocol("bigquery", client=api).name == "BigQuery"
    with pytest.raises(LookupFailed, match="no protocol 'ftp'; the organisation has: 'bigquery', 'http'"):
        lookups.get_protocol("ftp", client=api)

    http = lookups.get_auth_schemes(client=api)
    assert {s.type for s in http} >= {"none", "api-key", "oauth2"} and {s.protocol for s in http} == {"http"}
    assert [s.type for s in lookups.get_auth_schemes("bigquery", client=api)] == ["google-service-account"]
    assert lookups.get_auth_scheme("bigquery", "google-service-account", client=api).name
    with pytest.raises(LookupFailed, match="no protocol 'grpc'; the organisation has: 'bigquery', 'http'"):
        lookups.get_auth_schemes("grpc", client=api)
    with pytest.raises(
        LookupFailed, match=r"protocol 'bigquery' has no auth scheme 'api-key'; it has: 'google-service-account'"
    ):
        lookups.get_auth_scheme("bigquery", "api-key", client=api)


def _in_program(config: dict[str, str], fn: Any) -> Any:
    """Run ``fn`` with the stack config a program sees (as the engine sets it), in its own context."""

    def run() -> Any:
        runtime_config.set_all_config(config, secret_keys=["versori:apiKey"])
        return fn()

    return contextvars.copy_context().run(run)


def test_configuration_from_stack_config_then_environment(emulator: EmulatorServer, monkeypatch: Any) -> None:
    for name in ("VERSORI_API_KEY", "VERSORI_ORGANISATION_ID", "VERSORI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="versori:apiKey"):
        lookups.get_categories()

    config = {
        "versori:apiKey": emulator.api_key,
        "versori:organisationId": emulator.org_id,
        "versori:baseUrl": emulator.base_url,
    }
    assert _in_program(config, lambda: lookups.get_protocol("http").slug) == "http"

    monkeypatch.setenv("VERSORI_API_KEY", emulator.api_key)
    monkeypatch.setenv("VERSORI_ORGANISATION_ID", emulator.org_id)
    monkeypatch.setenv("VERSORI_BASE_URL", emulator.base_url)
    assert lookups.get_library_connector("Slack").id == LIBRARY_SLACK_ID

    wrong = "vk_wrong_key_that_must_not_be_printed"
    with pytest.raises(UnauthorizedError) as info:
        _in_program({**config, "versori:apiKey": wrong}, lambda: lookups.get_library_connector("Slack"))
    assert wrong not in str(info.value)


class _TwoSlacks:
    """A library with two connectors of one name (the emulator's seeded library has unique names)."""

    def __init__(self, real: ConnectClient) -> None:
        slack = next(c for c in real.list_public_connectors() if c.name == "Slack")
        self.connectors = [slack, slack.model_copy(update={"id": "01J0000000000000000000SLK2"})]

    def list_public_connectors(self, *, name: str | None = None) -> list[Any]:
        return [c for c in self.connectors if name is None or name.lower() in c.name.lower()]


def test_two_library_connectors_of_one_name_are_not_guessed(api: ConnectClient) -> None:
    library: Any = _TwoSlacks(api)
    with pytest.raises(
        LookupFailed, match=r"2 public library connectors are named 'Slack' \(ids .*SLK2\): pass protocol="
    ):
        lookups.get_library_connector("Slack", client=library)
