"""Unknown request fields: the default emulator ignores them, as the platform (a Go service) does; strict mode, which
every other test fixture uses, answers 400 naming them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import TypeAdapter, ValidationError

from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.emulator.__main__ import _parser
from versori_pulumi.emulator.lenient import strip_unknown, validate_lenient
from versori_pulumi.models import HTTPConnectorCreate

from .builders import api_key_config, assert_error, connector_body, fields
from .conftest import client_for


@pytest.fixture(scope="module")
def lenient() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server


def _body_with_unknowns() -> dict[str, object]:
    return connector_body(
        "Drift",
        futureField={"x": 1},
        authSchemeConfigs=[api_key_config(rotationPolicy="weekly")],
    )


def test_default_mode_ignores_unknown_fields(lenient: EmulatorServer) -> None:
    with client_for(lenient) as http:
        response = http.post(f"/o/{lenient.org_id}/protocols/http/connectors", json=_body_with_unknowns())
        assert response.status_code == 201, response.text
        created = response.json()
        assert "futureField" not in created and "rotationPolicy" not in created["authSchemeConfigs"][0]
        assert created["authSchemeConfigs"][0]["name"] == "X-Api-Key"
        version = http.post(
            f"/o/{lenient.org_id}/connectors/{created['id']}/versions", json={"name": "1.0.0", "labels": ["x"]}
        )
        assert version.status_code == 201, version.text
        # Ignoring unknown fields never hides a genuine error in the same body.
        bad = http.post(f"/o/{lenient.org_id}/protocols/http/connectors", json={"name": "N", "extra": 1})
        assert fields(bad) == ["baseUrl"] and bad.status_code == 400


def test_strict_mode_rejects_unknown_fields(emu: EmulatorServer) -> None:
    with client_for(emu) as http:
        response = http.post(f"/o/{emu.org_id}/protocols/http/connectors", json=_body_with_unknowns())
        assert_error(response, 400)
        # Auth scheme configs are read models (shared by reads and writes), which tolerate unknown fields anyway.
        assert fields(response) == ["futureField"]
        assert http.get(f"/o/{emu.org_id}/connectors").json()["totalCount"] == 0


def test_strict_is_a_cli_flag() -> None:
    assert _parser().parse_args(["--strict"]).strict is True
    assert _parser().parse_args([]).strict is False


def test_validate_lenient_strips_only_unknown_fields() -> None:
    adapter = TypeAdapter(HTTPConnectorCreate)
    data = _body_with_unknowns()
    assert validate_lenient(adapter, data, strict=False).auth_scheme_configs[0].id == api_key_config()["id"]
    assert "futureField" in data, "the caller's body is not modified"
    with pytest.raises(ValidationError):
        validate_lenient(adapter, data, strict=True)
    with pytest.raises(ValidationError):
        validate_lenient(adapter, {"name": "x"}, strict=False)
    assert strip_unknown({"a": 1}, [{"type": "missing", "loc": ("a",)}]) is None


def test_unknown_fields_in_contents_and_import_bodies(lenient: EmulatorServer, emu: EmulatorServer) -> None:
    """The rule holds for bodies the emulator validates itself too (a multipart import's metadata part)."""
    document = b"openapi: 3.1.0\ninfo: {title: Tiny, version: '1'}\npaths: {}\n"
    metadata = (None, '{"format": "openapi", "source": "cli"}', "application/json")
    with client_for(lenient) as http:
        response = http.post(
            f"/o/{lenient.org_id}/protocols/http/import", files={"file": ("t", document), "metadata": metadata}
        )
        assert response.status_code == 201, response.text
        v = f"/o/{lenient.org_id}/connectors/{response.json()['connector']['id']}/versions/1"
        action = {"type": "http", "name": "a", "method": "GET", "path": "/", "responses": [{"status": 200}], "x-tag": 1}
        assert http.post(v + "/actions", json=action).status_code == 201
    with client_for(emu) as http:
        response = http.post(
            f"/o/{emu.org_id}/protocols/http/import", files={"file": ("t", document), "metadata": metadata}
        )
        assert_error(response, 400)
        assert fields(response) == ["metadata.source"]
