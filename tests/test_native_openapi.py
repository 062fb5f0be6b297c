"""versori:index:readOpenapi: an OpenAPI document's text mapped as read_openapi maps a file, for YAML programs."""

from __future__ import annotations

from pathlib import Path

import pytest

from versori_pulumi.errors import VersoriError
from versori_pulumi.native.invokes import invoke
from versori_pulumi.openapi import read_openapi

DOCUMENT = Path(__file__).resolve().parents[1] / "examples" / "openapi-release-yaml" / "crm.yaml"
CONFIG = {"versori:apiKey": "k", "versori:organisationId": "o"}


def test_read_openapi_invoke_gives_what_the_program_reader_gives() -> None:
    result = invoke("versori:index:readOpenapi", {"document": DOCUMENT.read_text()}, CONFIG)
    program = read_openapi(DOCUMENT)
    assert (result["name"], result["version"], result["base_url"]) == (program.name, program.version, program.base_url)
    assert sorted(result["actions"]) == sorted(program.actions) == ["createDeal", "getContact", "listContacts"]
    assert result["actions"]["getContact"]["path"] == "/people/{{ param.id }}"
    assert sorted(result["definitions"]) == sorted(program.definitions)
    assert result["auth_scheme_configs"][0]["name"] == "X-Api-Key"
    assert result["messages"] == [str(m) for m in program.messages]


def test_read_openapi_invoke_names_the_problems() -> None:
    with pytest.raises(VersoriError, match=r"crm-bad\.yaml: ") as info:
        bad = {"document": "openapi: 3.1.0\npaths: 7\n", "source": "crm-bad.yaml"}
        invoke("versori:index:readOpenapi", bad, CONFIG)
    assert "\n  - #/paths: paths must be an object" in str(info.value)
