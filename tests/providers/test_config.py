"""Provider configuration: one table of settings, one resolver (stack config, then environment, then default), the
same for the provider (its recorded ``configure()`` values) and the program (``pulumi.Config``)."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.runtime import config as runtime_config

from versori_pulumi._core.ownership import adopt_owned_enabled
from versori_pulumi.config import (
    ADOPT_OWNED,
    API_KEY,
    BASE_URL,
    CONCURRENCY,
    DEFAULT_BASE_URL,
    FORCE_DELETE_PUBLISHED,
    ORGANISATION_ID,
    SETTINGS,
    program_value,
    resolve,
    settings_from,
)
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.errors import ConfigurationError


def test_the_table_names_every_setting_once() -> None:
    assert [s.key for s in SETTINGS] == [
        "versori:apiKey",
        "versori:organisationId",
        "versori:baseUrl",
        "versori:concurrency",
        "versori:forceDeletePublished",
        "versori:adoptOwned",
    ]
    assert len({s.env for s in SETTINGS}) == len(SETTINGS) and all(s.env.startswith("VERSORI_") for s in SETTINGS)
    assert [s.key for s in SETTINGS if s.secret] == ["versori:apiKey"]
    assert (BASE_URL.default, CONCURRENCY.default, API_KEY.default) == (DEFAULT_BASE_URL, "8", "")


@pytest.mark.parametrize(
    ("config", "env", "expected"),
    [
        (
            {"versori:baseUrl": "http://config"},
            {"VERSORI_BASE_URL": "http://env"},
            ("http://config", "stack config versori:baseUrl"),
        ),
        ({"versori:baseUrl": ""}, {"VERSORI_BASE_URL": "http://env"}, ("http://env", "$VERSORI_BASE_URL")),
        ({}, {"VERSORI_BASE_URL": ""}, (DEFAULT_BASE_URL, "not set")),
    ],
    ids=["stack config first", "then the environment", "then the default"],
)
def test_resolve_reads_stack_config_then_environment_then_default(
    config: dict[str, str], env: dict[str, str], expected: tuple[str, str]
) -> None:
    assert resolve(BASE_URL, config.get, env) == expected


def test_the_process_environment_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSORI_ORGANISATION_ID", "org-env")
    assert resolve(ORGANISATION_ID, {}.get) == ("org-env", "$VERSORI_ORGANISATION_ID")
    assert resolve(ORGANISATION_ID, None) == ("org-env", "$VERSORI_ORGANISATION_ID")
    monkeypatch.delenv("VERSORI_ORGANISATION_ID")
    assert resolve(ORGANISATION_ID, None) == ("", "not set")


def test_the_provider_records_every_setting_of_the_table() -> None:
    config = {s.key: f"value of {s.key}" for s in SETTINGS} | {"other:key": "not ours"}
    provider = ConnectorProvider()
    provider.configure(ConfigureRequest(config))
    assert provider._config_values == {s.key: f"value of {s.key}" for s in SETTINGS}


def test_switches_and_client_settings_resolve_alike() -> None:
    config = {"versori:apiKey": "k", "versori:organisationId": "o", "versori:forceDeletePublished": "yes"}
    env = {"VERSORI_ADOPT_OWNED": "on", "VERSORI_CONCURRENCY": "4"}
    settings = settings_from(config.get, env)
    assert (settings.api_key, settings.organisation_id, settings.base_url, settings.concurrency) == (
        "k",
        "o",
        DEFAULT_BASE_URL,
        4,
    )
    assert adopt_owned_enabled(config.get, env)
    assert resolve(FORCE_DELETE_PUBLISHED, config.get, env)[0] == "yes"
    assert not adopt_owned_enabled({"versori:adoptOwned": "off"}.get, env)


def test_a_missing_key_names_both_ways_to_set_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({"versori:organisationId": "o"}.get, {})
    assert str(caught.value).startswith("the Versori provider is not configured: no API key")
    assert "`pulumi config set --secret versori:apiKey <key>` in the stack, or set $VERSORI_API_KEY" in str(
        caught.value
    )


def _in_program(config: dict[str, Any], read: str) -> Any:
    """``program_value(read)`` with the program's stack config set to ``config`` (in a context of its own)."""

    def run() -> Any:
        runtime_config.set_all_config(config)
        return program_value(read), adopt_owned_enabled(program_value, {})

    return contextvars.copy_context().run(run)


def test_a_program_reads_the_same_settings_through_pulumi_config() -> None:
    assert _in_program({"versori:adoptOwned": "true", "versori:baseUrl": "http://x"}, BASE_URL.key) == (
        "http://x",
        True,
    )
    assert _in_program({}, ADOPT_OWNED.key) == (None, False)
