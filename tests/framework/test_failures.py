"""What a person reads when a provider call fails (versori_pulumi._core.failures), called directly on the providers.

Each case is one a user meets (wrong key, no config, nothing listening, another organisation's id, 403, a parent's
404, 409, 412, validation errors, an API that stays busy) and the test pins the whole text: the resource, the
operation, the API's status and message, and the fix. The same text through the real provider host and CLI is in
test_provider_host_grpc.py and tests/e2e/test_errors.py.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from client_fakes import API_KEY, BASE, ORG, FakeClock, Router, error, ok
from versori_pulumi import config as config_module
from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.failures import ProviderFailure
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.errors import VersoriError
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider
from versori_pulumi.models import ConnectorVersionCreate, HTTPConnectorCreate

API_KEY_CONFIG = {"id": "key", "schemeType": "api-key", "description": "key", "name": "X-Api-Key", "in": "header"}
SECRET = "s3cr3t-credential-value-9f2e"
ACME = {"name": "Acme", "base_url": "https://api.acme.test"}
BASE_URL_FIX = (
    "the Versori platform is https://platform.versori.com/api/connect/v1; a local `versori-emulator` serves "
    "http://127.0.0.1:8787/api/connect/v1"
)

Make = Callable[..., Any]


@pytest.fixture(autouse=True)
def no_versori_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("VERSORI_API_KEY", "VERSORI_ORGANISATION_ID", "VERSORI_BASE_URL", "VERSORI_DEBUG"):
        monkeypatch.delenv(var, raising=False)


def configured(cls: type[VersoriProvider], **raw: str) -> Any:
    provider = cls()
    provider.configure(ConfigureRequest(Config(raw, "test")))
    return provider


@pytest.fixture
def make(emulator: EmulatorServer) -> Make:
    """A provider configured for the emulator; keyword arguments override config keys (``organisationId=...``)."""

    def build(cls: type[VersoriProvider], **override: str) -> Any:
        raw = {"apiKey": emulator.api_key, "organisationId": emulator.org_id, "baseUrl": emulator.base_url}
        return configured(cls, **{f"versori:{k}": v for k, v in {**raw, **override}.items()})

    return build


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[ConnectClient]:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as client:
        yield client


def failure(call: Callable[[], Any]) -> str:
    """The message of the ProviderFailure a call raises; it never chains the original (no traceback noise)."""
    with pytest.raises(ProviderFailure) as info:
        call()
    assert info.value.__cause__ is None and info.value.__suppress_context__
    return str(info.value)


def scripted(monkeypatch: pytest.MonkeyPatch, cls: type[VersoriProvider], router: Router, clock: FakeClock) -> Any:
    """A provider whose process-wide client (config.client_for) answers from a scripted router."""
    provider = configured(cls, **{"versori:apiKey": API_KEY, "versori:organisationId": ORG, "versori:baseUrl": BASE})
    client = ConnectClient(BASE, ORG, API_KEY, transport=httpx.MockTransport(router), sleep=clock.sleep, clock=clock)
    monkeypatch.setitem(config_module._clients, provider.settings().cache_key, client)
    return provider


# --- configuration a new user gets wrong ---


def test_wrong_api_key(make: Make) -> None:
    text = failure(lambda: make(ConnectorProvider, apiKey="not-the-right-key").create(ACME))
    assert text == (
        'Connector "Acme": create failed: the API answered HTTP 401 Unauthorized: missing or invalid API key '
        "(POST /o/local-org/protocols/http/connectors)\n"
        "fix: the API did not accept the key (from stack config versori:apiKey): set the organisation's key with "
        "`pulumi config set --secret versori:apiKey <key>` (or $VERSORI_API_KEY)"
    )
    assert "not-the-right-key" not in text


def test_wrong_api_key_from_the_environment(make: Make, monkeypatch: pytest.MonkeyPatch, emulator: Any) -> None:
    monkeypatch.setenv("VERSORI_API_KEY", "env-key-that-is-wrong")
    provider = configured(
        ConnectorProvider, **{"versori:organisationId": emulator.org_id, "versori:baseUrl": emulator.base_url}
    )
    text = failure(lambda: provider.create(ACME))
    assert "fix: the API did not accept the key (from $VERSORI_API_KEY)" in text
    assert "env-key-that-is-wrong" not in text


def test_no_versori_config() -> None:
    text = failure(lambda: ConnectorProvider().create(ACME))
    assert text == (
        'Connector "Acme": create failed: the Versori provider is not configured: no API key and no organisation id\n'
        "fix: `pulumi config set --secret versori:apiKey <key>` and `pulumi config set versori:organisationId <id>` "
        "in the stack, or set $VERSORI_API_KEY and $VERSORI_ORGANISATION_ID in the environment"
    )


def test_only_the_organisation_missing() -> None:
    text = failure(lambda: configured(ConnectorProvider, **{"versori:apiKey": "k-123456"}).create(ACME))
    assert text == (
        'Connector "Acme": create failed: the Versori provider is not configured: no organisation id\n'
        "fix: `pulumi config set versori:organisationId <id>` in the stack, or set $VERSORI_ORGANISATION_ID in the "
        "environment"
    )


def test_a_base_url_where_nothing_listens_fails_fast() -> None:
    with socket_without_listener() as url:
        provider = configured(
            ConnectorProvider, **{"versori:apiKey": "k-123456", "versori:organisationId": "o", "versori:baseUrl": url}
        )
        started = time.monotonic()
        text = failure(lambda: provider.create(ACME))
        elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    first, fix = text.split("\n")
    assert first.startswith(
        f'Connector "Acme": create failed: could not connect to {url}: Connection refused (3 attempts in '
    )
    assert fix == f"fix: check versori:baseUrl (now {url}, from stack config versori:baseUrl): {BASE_URL_FIX}"


def test_a_refused_read_fails_fast_too() -> None:
    with socket_without_listener() as url:
        provider = configured(
            ConnectorVersionProvider,
            **{"versori:apiKey": "k-123456", "versori:organisationId": "o", "versori:baseUrl": url},
        )
        started = time.monotonic()
        text = failure(lambda: provider.read("v-1", {"connector_id": "c-1", "name": "1.0.0"}))
    assert time.monotonic() - started < 5
    assert text.startswith(
        f'ConnectorVersion "1.0.0" of connector c-1 (id v-1): refresh failed: could not connect to {url}: '
        "Connection refused"
    )


def test_another_organisations_id(make: Make) -> None:
    text = failure(lambda: make(ConnectorProvider, organisationId="someone-else").create(ACME))
    assert text == (
        'Connector "Acme": create failed: the API answered HTTP 404 Not Found: organisation someone-else not found '
        "(POST /o/someone-else/protocols/http/connectors)\n"
        "fix: check versori:organisationId (now 'someone-else', from stack config versori:organisationId): an API "
        "key sees only its own organisation"
    )


def test_a_refresh_with_another_organisations_id_keeps_the_resource(make: Make, api: ConnectClient) -> None:
    """Without the check, every read would answer "gone" and refresh would drop the whole stack from the state."""
    made = api.create_http_connector(HTTPConnectorCreate(name="Acme", base_url="https://api.acme.test"))
    assert make(ConnectorProvider).read(made.id, ACME).id == made.id
    text = failure(lambda: make(ConnectorProvider, organisationId="someone-else").read(made.id, ACME))
    assert text == (
        f'Connector "Acme" (id {made.id}): refresh failed: the object was not found, and neither was its '
        "organisation: the resource stays in the state (the API answered HTTP 404 Not Found: organisation "
        "someone-else not found; GET /o/someone-else/connectors)\n"
        "fix: check versori:organisationId (now 'someone-else', from stack config versori:organisationId): an API "
        "key sees only its own organisation"
    )
    api.delete_connector(made.id, force=True)
    assert make(ConnectorProvider).read(made.id, ACME).id == ""  # really gone: reported as gone


def test_a_base_url_that_is_not_the_api_root(emulator: EmulatorServer) -> None:
    wrong = emulator.base_url.removesuffix("/connect/v1")  # a server answers, but not with the Connect API
    provider = configured(
        ConnectorProvider,
        **{"versori:apiKey": emulator.api_key, "versori:organisationId": emulator.org_id, "versori:baseUrl": wrong},
    )
    text = failure(lambda: provider.create(ACME))
    first, fix = text.split("\n")
    assert first.startswith('Connector "Acme": create failed: the API answered HTTP 404 Not Found: ')
    assert fix == f"fix: check versori:baseUrl (now {wrong}, from stack config versori:baseUrl): {BASE_URL_FIX}"


def test_an_import_into_another_organisation_shows_the_apis_reason(make: Make) -> None:
    text = failure(
        lambda: make(ImportedConnectorProvider, organisationId="someone-else").create(
            {"library_connector_id": LIBRARY_SLACK_ID}
        )
    )
    first, fix = text.split("\n")
    assert first.startswith(f"ImportedConnector (library connector {LIBRARY_SLACK_ID!r}, version 'latest'): create ")
    assert "the API answered HTTP 404 Not Found: organisation someone-else not found" in first
    assert fix.startswith("fix: check versori:organisationId (now 'someone-else'")


# --- what the API refuses ---


def test_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    router = Router().on("POST", r".*", error(403, "key lacks the connectors:write permission"))
    text = failure(lambda: scripted(monkeypatch, ConnectorProvider, router, FakeClock()).create(ACME))
    assert text == (
        'Connector "Acme": create failed: the API answered HTTP 403 Forbidden: key lacks the connectors:write '
        f"permission (POST /o/{ORG}/protocols/http/connectors)\n"
        f"fix: the key (from stack config versori:apiKey) may not create Connector objects in organisation {ORG!r}: "
        "use a key of that organisation with the permission, or check versori:organisationId (now "
        f"{ORG!r}, from stack config versori:organisationId): an API key sees only its own organisation"
    )


def test_a_parents_404(make: Make) -> None:
    text = failure(lambda: make(ConnectorVersionProvider).create({"connector_id": "c-gone", "name": "1.0.0"}))
    assert text == (
        'ConnectorVersion "1.0.0" of connector c-gone: create failed: the API answered HTTP 404 Not Found: '
        "connector c-gone not found (POST /o/local-org/connectors/c-gone/versions)\n"
        "fix: check the input connector_id ('c-gone'): organisation 'local-org' has no such connector (deleted "
        "outside Pulumi? `pulumi refresh` shows it)"
    )
    text = failure(lambda: make(ConnectionProvider).create({"connector_id": "c-gone", "name": "prod"}))
    assert text.startswith('Connection "prod" of connector c-gone: create failed: the API answered HTTP 404')
    assert text.endswith(
        "fix: check the input connector_id ('c-gone'): organisation 'local-org' has no such connector "
        "(deleted outside Pulumi? `pulumi refresh` shows it)"
    )


def test_a_missing_from_version(make: Make, api: ConnectClient) -> None:
    made = api.create_http_connector(HTTPConnectorCreate(name="Acme", base_url="https://api.acme.test"))
    props = {"connector_id": made.id, "name": "2.0.0", "from_version": "0.9.0"}
    text = failure(lambda: make(ConnectorVersionProvider).create(props))
    assert text == (
        f'ConnectorVersion "2.0.0" of connector {made.id}: create failed: the API answered HTTP 404 Not Found: '
        f"version '0.9.0' not found (POST /o/local-org/connectors/{made.id}/versions)\n"
        f"fix: check the input from_version ('0.9.0'): connector {made.id} has no such version"
    )


def test_a_name_conflict_keeps_the_providers_advice_and_adds_the_answer(make: Make, api: ConnectClient) -> None:
    api.create_http_connector(HTTPConnectorCreate(name="Acme", base_url="https://api.acme.test"))
    text = failure(lambda: make(ConnectorProvider).create(ACME))
    assert text.startswith("Connector \"Acme\": create failed: a connector named 'Acme' already exists")
    assert "set adopt_existing='Acme'" in text
    assert text.endswith("(the API answered HTTP 409 Conflict; POST /o/local-org/protocols/http/connectors)")
    assert "\n" not in text


def test_a_raw_409_on_update(monkeypatch: pytest.MonkeyPatch) -> None:
    router = Router().on("PUT", r".*", error(409, "connector is being modified"))
    provider = scripted(monkeypatch, ConnectorProvider, router, FakeClock())
    olds = {**ACME, "tags": {}}
    text = failure(lambda: provider.update("c1", olds, {**olds, "base_url": "https://new.test"}))
    assert text == (
        'Connector "Acme" (id c1): update failed: the API answered HTTP 409 Conflict: connector is being modified '
        f"(PUT /o/{ORG}/connectors/c1)\n"
        "fix: the object's current state forbids this change (see the API's message); `pulumi refresh` shows it"
    )


def test_deleting_a_published_version(make: Make, api: ConnectClient) -> None:
    made = api.create_http_connector(HTTPConnectorCreate(name="Acme", base_url="https://api.acme.test"))
    api.create_version(made.id, ConnectorVersionCreate(name="1.0.0"))
    api.publish_version(made.id, "1.0.0")
    text = failure(lambda: make(ConnectorVersionProvider).delete("v-1", {"connector_id": made.id, "name": "1.0.0"}))
    assert text.startswith(f'ConnectorVersion "1.0.0" of connector {made.id} (id v-1): delete failed: ')
    assert "force_delete=True" in text
    assert text.endswith(
        f"(the API answered HTTP 409 Conflict; DELETE /o/local-org/connectors/{made.id}/versions/1.0.0)"
    )


def test_a_connection_in_use_412(make: Make, api: ConnectClient, emulator: EmulatorServer) -> None:
    made = api.create_http_connector(
        HTTPConnectorCreate.model_validate(
            {"name": "Acme", "baseUrl": "https://api.acme.test", "authSchemeConfigs": [API_KEY_CONFIG]}
        )
    )
    credentials = {
        "action": [
            {
                "authSchemeConfig": API_KEY_CONFIG,
                "credential": {"name": "k", "type": "string", "data": {"value": SECRET}},
            }
        ]
    }
    props = {"connector_id": made.id, "name": "prod", "credentials": credentials}
    created = make(ConnectionProvider).create(props)
    emulator.mark_in_use("connection", created.id)
    text = failure(lambda: make(ConnectionProvider).delete(created.id, props))
    assert text.startswith(f'Connection "prod" of connector {made.id} (id {created.id}): delete failed: ')
    assert "set force_delete=True" in text
    assert text.endswith(
        f"(the API answered HTTP 412 Precondition Failed; DELETE /o/local-org/connectors/{made.id}/connections/"
        f"{created.id})"
    )
    assert SECRET not in text


def test_validation_errors_name_the_inputs(make: Make) -> None:
    props = {"name": "Twice", "base_url": "https://x.test", "auth_scheme_configs": [API_KEY_CONFIG, API_KEY_CONFIG]}
    text = failure(lambda: make(ConnectorProvider).create(props))
    assert text == (
        'Connector "Twice": create failed: the API answered HTTP 400 Bad Request: auth scheme config id key is '
        "repeated (POST /o/local-org/protocols/http/connectors)\n"
        "  auth_scheme_configs[1].id: auth scheme config id key is repeated\n"
        "fix: change the input(s) named above"
    )


def test_a_validation_error_never_shows_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an API that quotes the offending value back gets it masked; the API key is masked the same way."""
    echo = error(
        400,
        f"value {SECRET} is not a valid key for {API_KEY}",
        fields=[{"field": "credentials.action[0].credential.data.value", "message": f"{SECRET} is too weak"}],
    )
    router = Router().on("POST", r".*", echo)
    credentials = {
        "action": [
            {
                "authSchemeConfig": API_KEY_CONFIG,
                "credential": {"name": "k", "type": "string", "data": {"value": SECRET}},
            }
        ]
    }
    provider = scripted(monkeypatch, ConnectionProvider, router, FakeClock())
    text = failure(lambda: provider.create({"connector_id": "c1", "name": "prod", "credentials": credentials}))
    assert text == (
        'Connection "prod" of connector c1: create failed: the API answered HTTP 400 Bad Request: value **** is not '
        f"a valid key for **** (POST /o/{ORG}/connectors/c1/connections)\n"
        "  credentials.action[0].credential.data.value: **** is too weak\n"
        "fix: change the input(s) named above"
    )


def test_inputs_the_models_refuse_never_quote_values(make: Make) -> None:
    """check() catches these first; if one reaches create, pydantic's text (which quotes inputs) is not shown."""
    bad = {
        "action": [
            {
                "authSchemeConfig": {**API_KEY_CONFIG, "id": "zz"},
                "credential": {"name": "k", "type": "basic-auth", "data": {"value": SECRET}},
            }
        ]
    }
    text = failure(lambda: make(ConnectionProvider).create({"connector_id": "c1", "name": "prod", "credentials": bad}))
    assert text.startswith(
        'Connection "prod" of connector c1: create failed: the inputs do not fit the API\'s '
        "ConnectionCredentialsCreate (3 errors)\n"
    )
    assert "  action.0.credential.data.username: Field required\n" in text
    assert text.endswith("fix: change the input(s) named above")
    assert SECRET not in text


def test_the_debug_traceback_masks_secrets_too(make: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSORI_DEBUG", "1")
    bad = {
        "action": [
            {
                "authSchemeConfig": {**API_KEY_CONFIG, "id": "zz"},
                "credential": {"name": "k", "type": "basic-auth", "data": {"value": SECRET}},
            }
        ]
    }
    with pytest.raises(ProviderFailure) as info:
        make(ConnectionProvider).create({"connector_id": "c1", "name": "prod", "credentials": bad})
    assert SECRET in str(info.value.__cause__)  # pydantic quotes it: the raw error must not be shown as is
    report = info.value.report(debug=True)
    assert "pydantic_core._pydantic_core.ValidationError" in report and "input_value='****'" in report
    assert SECRET not in report


# --- an API that stays busy: still patient, then one clear line ---


@pytest.mark.parametrize(
    ("status", "phrase", "fix"),
    [
        (
            429,
            "Too Many Requests",
            "the API is rate-limiting this key: run again in a minute, or with less parallelism (`--parallel 4`)",
        ),
        (
            503,
            "Service Unavailable",
            "the API is failing: run again later; if it persists, report the time and the request to Versori",
        ),
    ],
)
def test_busy_answers_are_retried_patiently_then_explained(
    monkeypatch: pytest.MonkeyPatch, status: int, phrase: str, fix: str
) -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", error(status, "slow down"))
    provider = scripted(monkeypatch, ConnectorVersionProvider, router, clock)
    provider.client()._session.policy.uniform = lambda _low, high: high  # the longest backoff: no jitter
    olds = {"connector_id": "c1", "name": "1.0.0", "description": "a"}
    text = failure(lambda: provider.update("v1", olds, {**olds, "description": "b"}))
    assert len(router.requests) == 8 and clock.now == 0.25 + 0.5 + 1 + 2 + 4 + 8 + 8  # all attempts, backing off
    assert text == (
        f'ConnectorVersion "1.0.0" of connector c1 (id v1): update failed: the API answered HTTP {status} {phrase}: '
        f"slow down (GET /o/{ORG}/connectors/c1/versions/1.0.0; 8 attempts in 23.8 s)\n"
        f"fix: {fix}"
    )


def test_an_answer_of_the_wrong_shape_points_at_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    router = Router().on("GET", r".*", ok({"unexpected": True}))
    provider = scripted(monkeypatch, ConnectorVersionProvider, router, FakeClock())
    olds = {"connector_id": "c1", "name": "1.0.0", "description": "a"}
    text = failure(lambda: provider.update("v1", olds, {**olds, "description": "b"}))
    first, fix = text.split("\n")
    assert first.startswith(
        f'ConnectorVersion "1.0.0" of connector c1 (id v1): update failed: GET /api/connect/v1/o/{ORG}/connectors/c1/'
        "versions/1.0.0: HTTP 200 body did not match the expected schema: 4 error(s) at id, name, createdAt, updatedAt"
    )
    assert fix == f"fix: check that versori:baseUrl ({BASE}) is the Connect API v1 root"


# --- debug and pass-through ---


def test_debug_keeps_the_chain(make: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSORI_DEBUG", "1")
    with pytest.raises(ProviderFailure) as info:
        make(ConnectorProvider, apiKey="not-the-right-key").create(ACME)
    assert type(info.value.__cause__).__name__ == "UnauthorizedError"
    report = info.value.report(debug=True)
    assert report.startswith(str(info.value) + "\n\nVERSORI_DEBUG traceback:\nTraceback (most recent call last):")
    assert "UnauthorizedError: POST /o/local-org/protocols/http/connectors: HTTP 401" in report
    assert info.value.report(debug=False) == str(info.value)


def test_bugs_are_not_disguised(make: Make) -> None:
    """An exception that is not about the API (a bug) keeps its type and traceback."""
    with pytest.raises(KeyError):
        make(ConnectorVersionProvider).create({"name": "1.0.0"})  # no connector_id: check() would have refused it


def test_check_and_diff_are_not_wrapped() -> None:
    assert not hasattr(ConnectorProvider.check, "__versori_operation__")
    for operation in ("create", "read", "update", "delete"):
        method = getattr(ConnectorProvider, operation)
        assert method.__versori_operation__ == operation
        assert method.__qualname__ == f"ConnectorProvider.{operation}"


def test_a_failure_is_a_versori_error() -> None:
    assert issubclass(ProviderFailure, VersoriError)


def test_missing_configuration_is_one_clear_error(monkeypatch: Any) -> None:
    for var in ("VERSORI_API_KEY", "VERSORI_ORGANISATION_ID", "VERSORI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    provider = ConnectorProvider()
    with pytest.raises(VersoriError, match="versori:apiKey") as info:
        provider.create({"name": "x", "base_url": "https://x.test"})
    assert "VERSORI_API_KEY" in str(info.value) and "versori:organisationId" in str(info.value)


# --- helpers ---


@contextlib.contextmanager
def socket_without_listener() -> Iterator[str]:
    """A loopback URL on a port that was just free: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}/api/connect/v1"
