"""A typing suite: programs that must pass ``mypy --strict`` and programs that must fail it with the expected
messages. The reference pages are its source for outputs: every output a page lists is read as the type the page
gives, so a page promising an attribute the class lacks (or types otherwise) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api as mypy

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "resources"


def strict(path: Path) -> tuple[str, int]:
    out, err, status = mypy.run(["--strict", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"), str(path)])
    return out + err, status


CLASSES = {
    "connector.md": ("Connector", "c"),
    "bigquery_connector.md": ("BigQueryConnector", "bq"),
    "connector_version.md": ("ConnectorVersion", "v"),
    "connector_default_version.md": ("ConnectorDefaultVersion", "d"),
    "connection.md": ("Connection", "conn"),
    "imported_connector.md": ("ImportedConnector", "imp"),
}

PRELUDE = """\
from typing import Any

import pulumi

from versori_pulumi import (
    BigQueryConnector, BigQueryConnectorArgs, Connection, ConnectionArgs, Connector, ConnectorArgs,
    ConnectorDefaultVersion, ConnectorDefaultVersionArgs, ConnectorVersion, ConnectorVersionArgs, ImportedConnector,
    ImportedConnectorArgs,
)
from versori_pulumi.inputs import (
    ApiKeyAuthSchemeConfigArgs, ApiKeyAuthSchemeConfigArgsDict, AuthSchemeConfigOutputDict,
    ConnectionCredentialArgs, ConnectionCredentialsArgs, ConnectionVariableArgsDict, StringCredentialArgs,
)

c = Connector("c", ConnectorArgs(name="A", base_url="https://a.test",
    auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description="k", name="X-Key", in_="header")]))
bq = BigQueryConnector("bq", BigQueryConnectorArgs(name="B", dataset_id="p.d"))
v = ConnectorVersion("v", ConnectorVersionArgs(connector_id=c.connector_id, name="1.0.0"))
d = ConnectorDefaultVersion("d", ConnectorDefaultVersionArgs(connector_id=c.connector_id, version=v))
imp = ImportedConnector("imp", ImportedConnectorArgs(library_connector_id="01J6TJWQ00198HGX7G761XAPJ4"))
conn = Connection("conn", ConnectionArgs(connector_id=c.connector_id, name="prod",
    credentials=ConnectionCredentialsArgs(action=[ConnectionCredentialArgs(
        auth_scheme_config=c.auth_scheme_configs[0], credential=StringCredentialArgs(name="k", value="s"))])))
"""


def page_outputs(page: Path) -> list[tuple[str, str]]:
    """(name, type) of every row of a page's Outputs table."""
    section = page.read_text().split("## Outputs", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"^\| `(\w+)` \| `(Output\[.*?\])` \|", section, flags=re.M)
    return [(name, kind.replace("\\|", "|")) for name, kind in found]


def outputs_program() -> str:
    lines = [PRELUDE]
    for page, (_, var) in CLASSES.items():
        for name, kind in page_outputs(PAGES / page):
            lines.append(f"{var}_{name}: pulumi.{kind} = {var}.{name}")
    return "\n".join(lines) + "\n"


MUST_PASS = {
    "every output a page lists, as the type it gives": outputs_program(),
    "indexing a typed list output gives a typed element": PRELUDE
    + "first: pulumi.Output[AuthSchemeConfigOutputDict] = c.auth_scheme_configs[0]\n"
    + "ident: pulumi.Output[str] = c.auth_scheme_configs[0].apply(lambda config: config['id'])\n"
    + "copied: pulumi.Output[AuthSchemeConfigOutputDict] = imp.auth_scheme_configs[0]\n",
    "a complete dict form": PRELUDE
    + "key: ApiKeyAuthSchemeConfigArgsDict = {'scheme_type': 'api-key', 'description': 'k', 'name': 'X', "
    + "'in_': 'header'}\n"
    + "Connector('e', ConnectorArgs(name='E', base_url='https://e.test', auth_scheme_configs=[key]))\n",
}

MUST_FAIL: dict[str, tuple[str, list[str]]] = {
    "an output the class does not have": (
        PRELUDE + "x = c.documentation_uri\n",
        ['has no attribute "documentation_uri"'],
    ),
    "an optional output read as always set": (
        PRELUDE + "url: pulumi.Output[str] = c.documentation_url\n",
        ['Incompatible types in assignment (expression has type "Output[str | None]"'],
    ),
    "an element typed wrongly": (
        PRELUDE + "wrong: pulumi.Output[str] = c.auth_scheme_configs[0]\n",
        ['Incompatible types in assignment (expression has type "Output[AuthSchemeConfigOutputDict]"'],
    ),
    "a dict form without a required key (annotated)": (
        PRELUDE + "key: ApiKeyAuthSchemeConfigArgsDict = {'scheme_type': 'api-key', 'description': 'k', "
        "'in_': 'header'}\n",
        ['Missing key "name" for TypedDict "ApiKeyAuthSchemeConfigArgsDict"'],
    ),
    "a dict form without a required key (inline)": (
        PRELUDE + "Connector('e', ConnectorArgs(name='E', base_url='https://e.test', "
        "auth_scheme_configs=[{'scheme_type': 'api-key', 'description': 'k', 'in_': 'header'}]))\n",
        ['List item 0 has incompatible type "dict[str, str]"'],
    ),
    "an unknown scheme type": (
        PRELUDE + "key: ApiKeyAuthSchemeConfigArgsDict = {'scheme_type': 'apikey', 'description': 'k', "
        "'name': 'X', 'in_': 'header'}\n",
        [
            'Incompatible types (expression has type "Literal[\'apikey\']", TypedDict item "scheme_type" has type '
            "\"Literal['api-key']\")"
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(MUST_PASS))
def test_must_pass(name: str, tmp_path: Path) -> None:
    path = tmp_path / "program.py"
    path.write_text(MUST_PASS[name])
    text, status = strict(path)
    assert status == 0, f"{name}:\n{text}"


@pytest.mark.parametrize("name", sorted(MUST_FAIL))
def test_must_fail_with_the_expected_message(name: str, tmp_path: Path) -> None:
    source, expected = MUST_FAIL[name]
    path = tmp_path / "program.py"
    path.write_text(source)
    text, status = strict(path)
    assert status == 1, f"{name}: passed mypy --strict"
    for message in expected:
        assert message in text, f"{name}: {message!r} not in\n{text}"
    assert text.count("error:") == len(expected), text


def test_the_outputs_program_covers_every_page() -> None:
    program = outputs_program()
    for page, (_, var) in CLASSES.items():
        outputs = page_outputs(PAGES / page)
        assert outputs, page
        assert all(f"{var}_{name}:" in program for name, _ in outputs)
