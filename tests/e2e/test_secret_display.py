"""What a review shows of an OAuth 2.0 change, with the plain CLI in a project folder: the changed scope in the
program's names, never a secret value; then ``up``, and nothing left to change or to refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation as auto

from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parent / "projects" / "oauth_review"
SECRETS = ("app-s3cret-value", "code-s3cret-one", "code-s3cret-two")


def _section(text: str, resource: str) -> str:
    """The lines of ``preview --diff`` text about one resource (``Connector::acme``): from its header (the line
    before its urn) to the next resource's header."""
    lines = text.splitlines()
    urn = next(n for n, line in enumerate(lines) if line.strip().startswith("[urn=") and line.endswith(f"{resource}]"))
    headers = [n for n, line in enumerate(lines) if "pulumi-python:dynamic/versori:" in line and "[urn=" not in line]
    end = next((n for n in headers if n > urn), next(n for n, line in enumerate(lines) if line == "Resources:"))
    return "\n".join(lines[urn - 2 : end])


def test_a_scope_change_previews_as_the_scope_and_no_secret_shows(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    stack = stack_factory.create_project(
        stack_factory.project_folder(PROJECT),
        stack_name="review",
        config={
            "versori:baseUrl": emulator.base_url,
            "versori:organisationId": emulator.org_id,
            "review:scope": "read",
        },
        secrets={"versori:apiKey": emulator.api_key, "review:code": "code-s3cret-one"},
    )
    stack.up()
    stack.set_config("review:scope", auto.ConfigValue("write"))
    text: list[str] = []
    stack.preview(diff=True, on_output=text.append)
    shown = "\n".join(text)
    print("\npreview --diff of the scope change:\n" + shown)
    assert not any(secret in shown for secret in SECRETS)
    connector = _section(shown, "versori:Connector::acme")
    assert "default_scopes" in connector and '"read"' in connector and '"write"' in connector, connector
    assert "[secret] => [secret]" not in connector, connector
    assert "auth_scheme_secrets" not in connector, connector  # the client secret did not change
    connection = _section(shown, "versori:Connection::prod")
    assert "default_scopes" in connection and '"read" => "write"' in connection, connection
    assert "[secret]" not in connection and "versori:Connection: (update)" in shown, connection

    stack.set_config("review:code", auto.ConfigValue("code-s3cret-two", secret=True))
    text.clear()
    stack.preview(diff=True, on_output=text.append)
    shown = "\n".join(text)
    print("\npreview --diff with the credential changed too:\n" + shown)
    assert not any(secret in shown for secret in SECRETS)
    connection = _section(shown, "versori:Connection::prod")
    assert "credential_secrets: [secret] => [secret]" in connection and "default_scopes" in connection, connection
    assert "(replace)" in shown  # new secret data: a new connection

    stack.up()
    for step in ("preview", "refresh", "preview"):
        text.clear()
        try:
            if step == "refresh":
                stack.refresh(expect_no_changes=True, on_output=text.append)
            else:
                stack.preview(expect_no_changes=True, diff=True, on_output=text.append)
        except auto.CommandError as exc:
            raise AssertionError(f"{step} --expect-no-changes failed:\n{exc}") from exc
        assert not any(secret in "\n".join(text) for secret in SECRETS), step
