"""The reference pages in docs/resources/ document every input and output of their resource, with the facts taken
from the code (required, default, replaces), and every nested input class; the checker itself is shown to fail."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import versori_pulumi.inputs as inputs_module
from versori_pulumi import (
    bigquery_connector_provider,
    connection_provider,
    connector_default_version_provider,
    connector_provider,
    connector_version_provider,
    imported_connector_provider,
    resources,
)
from versori_pulumi._core.input_schema import InputSchema
from versori_pulumi._program.wire import _SECRET_DATA

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "resources"

SECTIONS = ("Example usage", "Inputs", "Outputs", "Check", "Adoption", "Deletion", "API calls")
"""The sections every page has, in the Terraform registry's manner."""


@dataclass(frozen=True)
class Resource:
    cls: type[Any]
    args: type[Any]
    provider: ModuleType
    """The provider module: its ``SCHEMA``, its ``OUTPUTS`` and, in its docstring, the endpoints it calls."""
    page: str

    @property
    def schema(self) -> InputSchema:
        schema: InputSchema = self.provider.SCHEMA
        return schema

    @property
    def output_names(self) -> set[str]:
        """Every public output: the provider's OUTPUTS, the class's typed attributes and its properties."""
        names = set(self.provider.OUTPUTS)
        for owner in self.cls.__mro__:  # the class and the shared bases it inherits outputs from
            if owner.__module__.startswith("versori_pulumi"):
                names |= {n for n in vars(owner).get("__annotations__", {}) if not n.startswith("_")}
                names |= {n for n, v in vars(owner).items() if isinstance(v, property) and not n.startswith("_")}
        return names | {"id"}


RESOURCES = [
    Resource(resources.Connector, resources.ConnectorArgs, connector_provider, "connector.md"),
    Resource(
        resources.ConnectorVersion, resources.ConnectorVersionArgs, connector_version_provider, "connector_version.md"
    ),
    Resource(
        resources.ConnectorDefaultVersion,
        resources.ConnectorDefaultVersionArgs,
        connector_default_version_provider,
        "connector_default_version.md",
    ),
    Resource(resources.Connection, resources.ConnectionArgs, connection_provider, "connection.md"),
    Resource(
        resources.ImportedConnector,
        resources.ImportedConnectorArgs,
        imported_connector_provider,
        "imported_connector.md",
    ),
    Resource(
        resources.BigQueryConnector,
        resources.BigQueryConnectorArgs,
        bigquery_connector_provider,
        "bigquery_connector.md",
    ),
]

NESTED = sorted(
    (
        obj
        for name, obj in vars(inputs_module).items()
        if name.endswith("Args") and isinstance(obj, type) and dataclasses.is_dataclass(obj)
    ),
    key=lambda c: c.__name__,
)
"""Every nested input class users build (the ``XArgsDict`` forms have the same fields plus the type tag)."""


# --- the checker ---


def sections(text: str, level: int) -> dict[str, str]:
    """The page's sections at one heading level, by title (the text up to the next heading of that level or
    above, fenced code ignored); a title ``\\`Name\\` (...)`` is keyed by ``Name``."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    fenced = False
    for line in text.splitlines():
        fenced ^= line.startswith("```")
        heading = None if fenced else re.match(r"^(#+) (.*)$", line)
        if heading and len(heading.group(1)) <= level:
            current = None
            if len(heading.group(1)) == level:
                title = heading.group(2).strip()
                code = re.match(r"`([^`]+)`", title)
                current = found.setdefault(code.group(1) if code else title, [])
            continue
        if current is not None:
            current.append(line)
    return {title: "\n".join(lines) for title, lines in found.items()}


def rows(section: str) -> dict[str, list[str]]:
    """A section's table rows keyed by the backticked name in their first cell: ``| `name` | ... |`` (an escaped
    ``\\|`` stays inside its cell, as in Markdown)."""
    table: dict[str, list[str]] = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            table[match.group(1)] = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(2))]
    return table


def _python_literal(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def resource_page_problems(text: str, resource: Resource) -> list[str]:
    """What a resource's page misses or states wrongly; empty when it is complete."""
    problems = [f"no section '## {title}'" for title in SECTIONS if title not in sections(text, 2)]
    token = f"pulumi-python:dynamic/versori:{resource.cls.__name__}"
    if token not in text:
        problems.append(f"the type token {token} is not stated")
    page = sections(text, 2)
    table = rows(page.get("Inputs", ""))
    for field in dataclasses.fields(resource.args):
        row = table.get(field.name)
        if row is None:
            problems.append(f"input {field.name}: not in the Inputs table")
            continue
        if len(row) < 5:
            problems.append(f"input {field.name}: expected | input | type | required | default | on change | ... |")
            continue
        _type, required, default, on_change = row[0], row[1], row[2], row[3]
        is_required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        if (required == "yes") != is_required:
            problems.append(f"input {field.name}: required is {'yes' if is_required else 'no'}, page says {required!r}")
        spec = resource.schema.fields[field.name]
        if spec.default is not None and f"`{_python_literal(spec.default())}`" not in default:
            problems.append(f"input {field.name}: default is {_python_literal(spec.default())}, page says {default!r}")
        if spec.default is None and "`" in default:
            problems.append(f"input {field.name}: has no default, page says {default!r}")
        if spec.replace != on_change.startswith("replaces"):
            problems.append(f"input {field.name}: {'replaces' if spec.replace else 'does not replace'}: {on_change!r}")
    outputs = rows(page.get("Outputs", ""))
    problems += [f"output {name}: not in the Outputs table" for name in sorted(resource.output_names - set(outputs))]
    calls = page.get("API calls", "")
    problems += [f"API calls: {op} is not named" for op in endpoints(resource) if not re.search(rf"\b{op}\b", calls)]
    return problems


def endpoints(resource: Resource) -> list[str]:
    """The API operations the provider module's docstring lists (its ``Endpoints:`` paragraph)."""
    doc = resource.provider.__doc__ or ""
    paragraph = re.sub(r"``[^`]*``", "", doc.partition("Endpoints:")[2].partition("\n\n")[0])
    return re.findall(r"\b[A-Z][a-z]+(?:[A-Z][A-Za-z]*)+\b", paragraph)


def nested_problems(text: str, cls: type[Any]) -> list[str]:
    """What the documentation of one nested input class (a ``### `Name``` section) misses."""
    section = sections(text, 3).get(cls.__name__)
    if section is None:
        return [f"{cls.__name__}: no section '### `{cls.__name__}`'"]
    problems = []
    if f"{cls.__name__}Dict" not in section:
        problems.append(f"{cls.__name__}: its dict form {cls.__name__}Dict is not named")
    table = rows(section)
    for field in dataclasses.fields(cls):
        row = table.get(field.name)
        if row is None:
            problems.append(f"{cls.__name__}.{field.name}: not in its table")
            continue
        is_required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        if len(row) < 2 or (row[1] == "yes") != is_required:
            problems.append(f"{cls.__name__}.{field.name}: required is {'yes' if is_required else 'no'}")
        secret = field.name in _SECRET_DATA or field.name == "client_secret" or field.name == "data"
        if secret and cls.__name__.endswith(("CredentialArgs", "GrantArgs")) and "secret" not in " ".join(row).lower():
            problems.append(f"{cls.__name__}.{field.name}: is stored as a secret, the page does not say so")
    return problems


# --- the pages ---


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.page)
def test_resource_page_is_complete(resource: Resource) -> None:
    text = (PAGES / resource.page).read_text()
    assert resource_page_problems(text, resource) == []


def test_every_nested_input_class_is_documented() -> None:
    texts = {path.name: path.read_text() for path in sorted(PAGES.glob("*.md"))}
    assert NESTED, "versori_pulumi.inputs has no Args classes?"
    for cls in NESTED:
        pages = [name for name, text in texts.items() if cls.__name__ in sections(text, 3)]
        assert pages, f"{cls.__name__} is documented on no page"
        for name in pages:
            assert nested_problems(texts[name], cls) == [], name


def test_index_and_readme_link_every_page() -> None:
    index = (PAGES / "README.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for resource in RESOURCES:
        assert f"]({resource.page})" in index, resource.page
        assert f"](docs/resources/{resource.page})" in readme, resource.page
    assert {p.name for p in PAGES.glob("*.md")} == {"README.md", *(r.page for r in RESOURCES)}


# --- the checker can fail ---


def _without_row(text: str, name: str) -> str:
    """The page with the table rows of one name removed (wherever they are)."""
    kept = "\n".join(line for line in text.splitlines() if not line.startswith(f"| `{name}` |"))
    assert kept != text.rstrip("\n"), f"no row {name}"
    return kept


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.page)
def test_a_page_missing_an_input_or_output_fails(resource: Resource) -> None:
    text = (PAGES / resource.page).read_text()
    for field in dataclasses.fields(resource.args):
        assert f"input {field.name}: not in the Inputs table" in resource_page_problems(
            _without_row(text, field.name), resource
        )
    for name in sorted(resource.output_names):
        assert f"output {name}: not in the Outputs table" in resource_page_problems(_without_row(text, name), resource)


def test_a_wrong_fact_fails() -> None:
    resource = RESOURCES[1]  # ConnectorVersion: name replaces, published defaults to False
    text = (PAGES / resource.page).read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `name` |"))
    wrong = text.replace(row, row.replace("| replaces", "| updates in place"))
    assert "input name: replaces: 'updates in place'" in resource_page_problems(wrong, resource)
    row = next(line for line in text.splitlines() if line.startswith("| `published` |"))
    wrong = text.replace(row, row.replace("`False`", "`True`"))
    assert any(p.startswith("input published: default is False") for p in resource_page_problems(wrong, resource))
    assert "no section '## Adoption'" in resource_page_problems(text.replace("## Adoption", "## Taking over"), resource)
    assert endpoints(resource)[:6] == [
        "CreateConnectorVersion",
        "GetConnectorVersion",
        "UpdateConnectorVersion",
        "PublishConnector",
        "UnpublishConnector",
        "DeleteConnectorVersion",
    ]
    assert "UpdateTrigger" in endpoints(resource)  # and the contents' operations
    calls = sections(text, 2)["API calls"]
    assert "API calls: UnpublishConnector is not named" in resource_page_problems(
        text.replace(calls, calls.replace("UnpublishConnector", "the unpublish call")), resource
    )


def test_a_nested_class_missing_a_field_fails() -> None:
    text = (PAGES / "connection.md").read_text()
    cls = inputs_module.BasicAuthCredentialArgs
    assert nested_problems(_without_row(text, "password"), cls) == [
        "BasicAuthCredentialArgs.password: not in its table"
    ]
    no_secret = "\n".join(
        line.replace("Secret", "Plain").replace("secret", "plain") if line.startswith("| `password` |") else line
        for line in text.splitlines()
    )
    assert nested_problems(no_secret, cls) == [
        "BasicAuthCredentialArgs.password: is stored as a secret, the page does not say so"
    ]
