"""The programs users copy type-check under ``mypy --strict``: the demo, the examples, the README's snippets and the
reference pages' examples; and a misspelt nested key does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api as mypy

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = [ROOT / "demo" / "__main__.py", *sorted((ROOT / "examples").glob("*/__main__.py"))]


def strict(path: Path) -> tuple[str, int]:
    out, err, status = mypy.run(["--strict", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"), str(path)])
    return out + err, status


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: str(p.relative_to(ROOT)))
def test_program_type_checks_strictly(program: Path) -> None:
    text, status = strict(program)
    assert status == 0, text


def snippets(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)


def readme_snippets() -> list[str]:
    """The README's and the guide pages' snippets (docs/*.md: writing programs, upgrading, ...)."""
    return [
        snippet for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))] for snippet in snippets(page)
    ]


REFERENCE_PAGES = sorted((ROOT / "docs" / "resources").glob("*.md"))


def test_readme_snippets_type_check_strictly(tmp_path: Path) -> None:
    snippets = readme_snippets()
    assert snippets, "the README shows no Python"
    for index, snippet in enumerate(snippets):
        path = tmp_path / f"readme_{index}.py"
        path.write_text(snippet)
        text, status = strict(path)
        assert status == 0, f"README snippet {index}:\n{snippet}\n{text}"


@pytest.mark.parametrize("page", [p for p in REFERENCE_PAGES if p.name != "README.md"], ids=lambda p: p.name)
def test_reference_page_examples_type_check_strictly(page: Path, tmp_path: Path) -> None:
    found = snippets(page)
    assert found, f"{page.name} shows no Python example"
    for index, snippet in enumerate(found):
        path = tmp_path / f"{page.stem}_{index}.py"
        path.write_text(snippet)
        text, status = strict(path)
        assert status == 0, f"{page.name} example {index}:\n{snippet}\n{text}"


def test_a_misspelt_nested_key_fails_mypy(tmp_path: Path) -> None:
    path = tmp_path / "typo.py"
    path.write_text(
        "from versori_pulumi import Connector, ConnectorArgs\n"
        "from versori_pulumi.inputs import ApiKeyAuthSchemeConfigArgs, ApiKeyAuthSchemeConfigArgsDict\n"
        "as_dict: ApiKeyAuthSchemeConfigArgsDict = {'scheme_type': 'api-key', 'description': 'k', 'name': 'X',\n"
        "                                          'in_': 'header', 'schemetype': 'x'}\n"
        "Connector('a', ConnectorArgs(name='A', base_url='https://a.test',\n"
        "          auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description='k', nmae='X', in_='header')]))\n"
    )
    text, status = strict(path)
    assert status == 1
    assert 'Extra key "schemetype"' in text and 'Unexpected keyword argument "nmae"' in text, text
