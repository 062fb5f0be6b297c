"""The OpenAPI mapping (versori_pulumi.openapi_import) on its own: real-world-shaped documents in, create models out,
malformed documents refused with JSON Pointers into them. The fixtures are in tests/fixtures/openapi/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from document_damage import damaged, places
from versori_pulumi.models import AuthSchemeConfigAPIKey, AuthSchemeConfigOAuth2
from versori_pulumi.openapi_import import OpenAPIImportError, load_document, plan_import, pointer

FIXTURES = Path(__file__).parent / "fixtures" / "openapi"


def _schema(plan: Any, name: str) -> Any:
    definition = next(d for d in plan.definitions if d.name == name)
    return json.loads(definition.schema_.content)


def test_petstore_31_yaml() -> None:
    plan = plan_import((FIXTURES / "petstore-3.1.yaml").read_bytes())
    assert (plan.title, plan.version) == ("Petstore Plus", "2.1.0")
    assert plan.base_url == "https://eu.petstore.example/v2", "server variables take their defaults"
    assert plan.documentation_url == "https://docs.petstore.example"

    actions = {a.name: a for a in plan.actions}
    assert list(actions) == ["listPets", "createPet", "getPet", "deletePet", "get_owners_ownerId_pets"]
    get_pet = actions["getPet"]
    assert (get_pet.method, get_pet.path) == ("GET", "/pets/{{ param.petId }}")
    assert [(p.name, p.in_, p.required) for p in get_pet.parameters] == [("petId", "path", True)], "path-level"
    assert [(r.status, [d.definition.name for d in r.definitions]) for r in get_pet.responses] == [
        (200, ["Pet"]),
        (404, []),
    ]
    list_pets = actions["listPets"]
    assert [(p.name, p.type, p.default) for p in list_pets.parameters] == [
        ("limit", "integer", 20),
        ("tags", "string", None),
    ]
    assert [r.status for r in list_pets.responses] == [200, None], "default response, by $ref"
    assert actions["createPet"].request_body is not None and actions["createPet"].request_body.required
    assert [r.status for r in actions["createPet"].responses] == [201], "4XX is skipped"
    assert [p.default for p in actions["deletePet"].parameters] == [None, "cleanup"]

    definitions = {d.name: d for d in plan.definitions}
    assert set(definitions) == {
        "Pet",
        "NewPet",
        "Owner",
        "Category",
        "Tag",
        "PetList",
        "Problem",
        "get_owners_ownerId_pets_Response200",
    }
    assert definitions["PetList"].accept == ["application/json", "application/xml"]
    assert definitions["Problem"].accept == ["application/problem+json"]
    assert definitions["Pet"].description == "A pet with its owner"
    assert _schema(plan, "Pet")["allOf"][0] == {"$ref": "#/$defs/NewPet"}
    assert _schema(plan, "Owner")["properties"]["pets"]["items"] == {"$ref": "#/$defs/Pet"}, "cycles are kept"
    assert _schema(plan, "get_owners_ownerId_pets_Response200")["items"] == {"$ref": "#/$defs/Pet"}

    (trigger,) = plan.triggers
    assert (trigger.name, trigger.method) == ("petAdded", "POST")
    assert trigger.request_body is not None and trigger.request_body.definitions[0].definition.name == "Pet"

    kinds = [(c.scheme_type, c.description) for c in plan.auth_scheme_configs]
    assert kinds == [
        ("oauth2", "Petstore OAuth (authorizationCode)"),
        ("oauth2", "Petstore OAuth (clientCredentials)"),
        ("api-key", "api_key (apiKey)"),
        ("api-key", "bearer (http)"),
    ]
    code = plan.auth_scheme_configs[0]
    assert isinstance(code, AuthSchemeConfigOAuth2)
    assert code.grant.grant_type == "authorization_code" and code.default_scopes == ["read:pets"]
    assert [s.name for s in code.scopes] == ["read:pets", "write:pets"]
    client = plan.auth_scheme_configs[1]
    assert isinstance(client, AuthSchemeConfigOAuth2) and client.authorize_url == client.token_url
    bearer = plan.auth_scheme_configs[3]
    assert isinstance(bearer, AuthSchemeConfigAPIKey) and (bearer.name, bearer.in_) == ("Authorization", "header")

    summary, *rest = plan.messages
    assert summary.text == "imported 5 actions, 8 definitions, 1 triggers, 4 auth scheme configs"
    warnings = {m.detail[0] for m in rest if m.severity == "warning" and m.detail}
    assert warnings == {
        "#/paths/~1pets/get/parameters/1",
        "#/paths/~1pets/post/responses/4XX",
        "#/components/securitySchemes/petstore_auth/flows/implicit",
        "#/components/securitySchemes/bearer",
        "#/components/securitySchemes/oidc",
    }


def test_the_mapping_is_deterministic() -> None:
    data = (FIXTURES / "petstore-3.1.yaml").read_bytes()
    first, second = plan_import(data), plan_import(data)
    assert [c.id for c in first.auth_scheme_configs] == [c.id for c in second.auth_scheme_configs]
    assert first == second


def test_billing_30_json() -> None:
    plan = plan_import((FIXTURES / "billing-3.0.json").read_bytes(), source_url="https://files.example/specs/b.json")
    assert plan.base_url == "https://files.example/api", "a relative server resolves against the document's URL"
    assert [a.name for a in plan.actions] == ["post_invoices", "get_invoice"], "sanitised operationId, or method+path"
    request = plan.actions[0].request_body
    assert request is not None and request.definitions[0].definition.name == "post_invoices_Request"
    inline = _schema(plan, "post_invoices_Request")
    assert inline["properties"]["note"]["type"] == ["string", "null"], "3.0 nullable becomes a JSON Schema type"
    assert inline["properties"]["lines"]["items"] == {"$ref": "#/$defs/Line"}
    assert [c.scheme_type for c in plan.auth_scheme_configs] == ["basic-auth"]
    assert any(m.detail == ["#/paths/~1invoices/post/callbacks"] for m in plan.messages)
    no_url = plan_import((FIXTURES / "billing-3.0.json").read_bytes())
    assert no_url.base_url == "/api" and any(m.detail == ["#/servers/0/url"] for m in no_url.messages)


def test_a_document_without_servers_security_or_version_name() -> None:
    doc = {"openapi": "3.1.0", "info": {"title": "Bare", "version": "latest"}, "paths": {}}
    plan = plan_import(json.dumps(doc))
    assert (plan.version, plan.base_url) == ("1", "")
    assert [c.scheme_type for c in plan.auth_scheme_configs] == ["none"]
    assert {m.detail[0] for m in plan.messages if m.detail} == {"#/info/version", "#/servers"}


@pytest.mark.parametrize(
    ("name", "reason", "where"),
    [
        ("swagger-2.0.yaml", "OpenAPI 2.x", "#/swagger"),
        (
            "dangling-ref.yaml",
            "not valid OpenAPI 3.0.3",
            "#/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
        ),
        (
            "external-ref.json",
            "not valid OpenAPI 3.1.0",
            "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        ),
        ("invalid-structure.yaml", "not valid OpenAPI 3.1.0", "#/paths/~1a/get/responses/200/content"),
        ("not-yaml.txt", "neither valid JSON nor valid YAML (line 4", "#"),
        ("openapi-4.yaml", "3.0.x or 3.1.x", "#/openapi"),
        ("empty-title.yaml", "info.title", "#/info/title"),
    ],
)
def test_malformed_documents_are_refused_with_pointers(name: str, reason: str, where: str) -> None:
    with pytest.raises(OpenAPIImportError) as info:
        plan_import((FIXTURES / "malformed" / name).read_bytes())
    assert reason in info.value.reason
    assert all(m.severity == "error" for m in info.value.messages)
    assert where in [d for m in info.value.messages for d in m.detail or []]


def test_load_document_forces_a_filetype() -> None:
    assert load_document(b'{"a": 1}', "json") == {"a": 1}
    assert load_document("a: 1", "yaml") == {"a": 1}
    with pytest.raises(OpenAPIImportError):
        load_document("a: 1", "json")
    with pytest.raises(OpenAPIImportError):
        load_document("- 1\n- 2")
    assert pointer("paths", "/a/{b}", "get", 0) == "#/paths/~1a~1{b}/get/0"


def test_deep_references_are_inlined_and_their_cycles_cut() -> None:
    deep = "#/components/schemas/A/properties/b"
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Cycles", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": deep}}}}
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "b": {"type": "object", "properties": {"c": {"$ref": deep}}},
                        "d": {"$ref": "#/components/schemas/A"},
                    },
                },
                "B": {"$ref": "#/components/schemas/A", "description": "alias"},
            }
        },
    }
    plan = plan_import(json.dumps(doc))
    assert _schema(plan, "A")["properties"]["d"] == {"$ref": "#/$defs/A"}, "component self-reference kept"
    assert _schema(plan, "A")["properties"]["b"]["properties"]["c"] == {"type": "object", "properties": {"c": {}}}
    assert _schema(plan, "B") == {"$ref": "#/$defs/A", "description": "alias"}
    assert _schema(plan, "get_a_Response200") == {"type": "object", "properties": {"c": {}}}
    assert [m.detail for m in plan.messages if "cycle" in m.text] == [[deep]], "one message: warnings are grouped"


PETSTORE_DOC = load_document((FIXTURES / "petstore-3.1.yaml").read_bytes())
PETSTORE_PATHS = places(PETSTORE_DOC)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(PETSTORE_PATHS),
            st.one_of(st.none(), st.integers(), st.text(max_size=5), st.just({}), st.just([]), st.just("#/x")),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_document_is_mapped_or_refused_never_crashes(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    """Random values dropped into the petstore document: the import either maps it or refuses it with pointers."""
    document = damaged(PETSTORE_DOC, edits)
    try:
        plan = plan_import(json.dumps(document, default=str))
    except OpenAPIImportError as exc:
        assert exc.messages and all(m.severity == "error" for m in exc.messages)
        assert "cannot be mapped" not in exc.reason, f"a shape no rule foresaw: {exc.reason}"
    else:
        assert plan.title and plan.messages[0].severity == "info"


def test_reading_a_document_checks_the_meta_schema_without_importing_the_spec_validator(tmp_path: Path) -> None:
    """The meta-schema is a data file of openapi-spec-validator; reading it must not import that package (0.3 s of
    every program that reads a document), and the check still runs: a string default of a boolean warns."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Flags", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"Flag": {"type": "boolean", "default": "false"}}},
    }
    (tmp_path / "flags.json").write_text(json.dumps(document))
    code = (
        "import sys; from versori_pulumi.openapi import read_openapi; r = read_openapi('flags.json'); "
        "print('openapi_spec_validator' in sys.modules); print(any('default' in str(m) for m in r.messages))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]
