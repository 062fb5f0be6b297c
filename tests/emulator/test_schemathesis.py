"""Schemathesis drives the emulator with requests generated from the Connect API v1 spec: no answer may be a 5xx.

Every operation the emulator serves gets valid (positive) and invalid (negative) requests, authenticated with the
bearer key. Path parameters are sometimes swapped for ids that exist (the organisation, a seeded connector with
versions, a connection and an auth scheme config, a library connector), so requests reach past the 404 of a random
id into validation and state rules. Checks: ``not_a_server_error`` everywhere, and ``status_code_conformance``
(the status is declared by the operation, ``default`` included) everywhere but DeleteConnector, which declares only
204 although its 404/409 answers are documented (NOTES §10.3). The spec lives outside the repository
(``../shared/api/connect-api-v1.yaml`` from the repository root); the tests skip only when it is missing.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.emulator.app import api_operations

from .builders import (
    API_KEY_ID,
    action_body,
    api_key_config,
    basic_config,
    connection_body,
    create_connector,
    create_version,
    definition_body,
    trigger_body,
)
from .conftest import client_for

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import status_code_conformance  # noqa: E402

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "api" / "connect-api-v1.yaml"
pytestmark = pytest.mark.skipif(not SPEC_PATH.exists(), reason=f"spec not found at {SPEC_PATH}")

EXAMPLES = int(os.environ.get("VERSORI_SCHEMATHESIS_EXAMPLES", "12"))
"""Generated requests per operation and mode: 48 operations x 2 modes x 12 = 1152 requests (about two minutes);
set VERSORI_SCHEMATHESIS_EXAMPLES for a longer hunt."""

UNDECLARED_ERRORS = {("DELETE", "/o/{organisation_id}/connectors/{connector_id}")}
"""Operations whose error answers the spec does not declare (NOTES §10.3): held to ``not_a_server_error`` only."""

OPERATIONS = sorted(api_operations(), key=lambda op: (op[1], op[0]))
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


class Tally:
    """Requests sent and statuses seen, per operation, for the summary printed at the end."""

    def __init__(self) -> None:
        self.statuses: dict[str, Counter[int]] = {}

    def add(self, label: str, status: int) -> None:
        self.statuses.setdefault(label, Counter())[status] += 1

    def summary(self) -> str:
        total = sum(sum(c.values()) for c in self.statuses.values())
        codes = sum((c for c in self.statuses.values()), Counter[int]())
        lines = [f"schemathesis: {total} requests over {len(self.statuses)} operations; statuses {dict(codes)}"]
        lines += [f"  {label}: {dict(sorted(c.items()))}" for label, c in sorted(self.statuses.items())]
        return "\n".join(lines)


def _schema_examples_as_lists(node: Any) -> Any:
    """OpenAPI 3.1 schemas take ``examples`` as a list; the spec gives one schema a map (as parameters take)."""
    if isinstance(node, list):
        return [_schema_examples_as_lists(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _schema_examples_as_lists(value) for key, value in node.items()}
    if isinstance(out.get("examples"), dict) and "schema" not in out and "in" not in out:
        out["examples"] = list(out["examples"].values())
    return out


def adapted(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its map-shaped schema ``examples`` fixed and two types it leaves open given the shape
    docs/api-behaviour.md fixes (``Tags`` values are string lists, as its ``x-go-type`` says; CreateHTTPConnector's
    undefined ``connections`` is a list of ConnectionCreate, NOTES §10.1), so valid requests are valid for the
    emulator too and reach past its request validation."""
    spec = _schema_examples_as_lists(spec)
    schemas = spec["components"]["schemas"]
    schemas["Tags"]["additionalProperties"] = {"type": "array", "items": {"type": "string"}}
    create = schemas["HTTPConnectorCreate"]["properties"]
    create.setdefault("connections", {"type": "array", "items": {"$ref": "#/components/schemas/ConnectionCreate"}})
    return spec


@pytest.fixture(scope="module")
def api_schema() -> Any:
    return schemathesis.openapi.from_dict(adapted(yaml.safe_load(SPEC_PATH.read_text())))


known_ids: dict[tuple[str, str], str] = {}
"""Ids of the seeded children by (kind, name), for PUT bodies that must name their object."""


def _matching_ids(method: str, path: str, case: Any) -> None:
    """Make a PUT body name the object of its path, as the API requires, so valid bodies get past that 400."""
    body, params = case.body, case.path_parameters
    if method != "PUT" or not isinstance(body, dict):
        return
    if path.endswith("{connector_id}"):
        body.update(id=params["connector_id"], organisationId=params["organisation_id"])
    elif path.endswith("{auth_scheme_config_id}"):
        body["id"] = params["auth_scheme_config_id"]
    elif path.endswith("{connection_id}"):
        body["id"] = params["connection_id"]
    elif path.endswith(("{action_name}", "{trigger_name}", "{definition_name}")):
        kind = path.rsplit("{", 1)[1].split("_", 1)[0]
        body["id"] = known_ids.get((kind, params.get(f"{kind}_name", "")), body.get("id"))


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    counts = Tally()
    yield counts
    print("\n" + counts.summary())
    assert not any(status >= 500 for c in counts.statuses.values() for status in c), counts.summary()


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(strict=True) as emu:
        yield emu


@pytest.fixture
def known(server: EmulatorServer) -> dict[str, list[str]]:
    """A fresh organisation with one of everything; returns path values that exist, by parameter name."""
    server.set_faults(0.0, [], 0)
    server.reset(data=True)
    org = server.org_id
    with client_for(server) as http:
        connector = create_connector(http, org, "Fuzzed", authSchemeConfigs=[api_key_config(), basic_config()])
        create_version(http, org, connector["id"], "1.0.0", publish=True)
        create_version(http, org, connector["id"], "2.0.0")
        response = http.post(f"/o/{org}/connectors/{connector['id']}/connections", json=connection_body("prod"))
        assert response.status_code == 200, response.text
        connection = response.json()
        v = f"/o/{org}/connectors/{connector['id']}/versions/2.0.0"
        made = http.post(v + "/definitions", json={"definitions": [definition_body("Pet", {"type": "object"})]})
        assert made.status_code == 201, made.text
        action = http.post(
            v + "/actions", json=action_body("getPet", response_definitions=[{"definition": {"name": "Pet"}}])
        )
        trigger = http.post(v + "/triggers", json=trigger_body("petAdded"))
        assert action.status_code == trigger.status_code == 201
    known_ids.clear()
    known_ids.update(
        {
            ("definition", "Pet"): made.json()["definitions"][0]["id"],
            ("action", "getPet"): action.json()["id"],
            ("trigger", "petAdded"): trigger.json()["id"],
        }
    )
    return {
        "organisation_id": [org],
        "connector_id": [connector["id"], connector["id"], LIBRARY_SLACK_ID],
        "version": ["1.0.0", "2.0.0", "latest"],
        "connection_id": [connection["id"]],
        "auth_scheme_config_id": [API_KEY_ID, "01J0000000000000000000000Z"],
        "protocol_slug": ["http", "bigquery"],
        "action_name": ["getPet"],
        "trigger_name": ["petAdded"],
        "definition_name": ["Pet"],
        "schema_filename": [known_ids[("definition", "Pet")] + ".json", "Pet"],
    }


@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_error(
    api_schema: Any,
    server: EmulatorServer,
    known: dict[str, list[str]],
    tally: Tally,
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    operation = api_schema[path][method]
    checks = [not_a_server_error]
    if (method, path) not in UNDECLARED_ERRORS:
        checks.append(status_code_conformance)
    headers = {"Authorization": f"Bearer {server.api_key}"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), picks=st.lists(st.integers(0, 3), min_size=10))
    def run(case: Any, picks: list[int]) -> None:
        for index, (name, values) in enumerate(known.items()):
            # Mostly a value that exists (the org nearly always), else whatever was generated.
            if name in case.path_parameters and (picks[index] or name == "organisation_id"):
                case.path_parameters[name] = values[(picks[index] - 1) % len(values)]
        if mode is GenerationMode.POSITIVE:
            _matching_ids(method, path, case)
        response = case.call(base_url=server.base_url, headers=headers, timeout=10)
        tally.add(f"{method} {path}", response.status_code)
        case.validate_response(response, checks=checks, headers=headers)

    run()
