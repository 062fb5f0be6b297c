"""The package's import graph, read from the source (``ast``, nothing run), has no circle.

Every import counts: at module level, inside a function (a deferred import still ties the two modules), and under
``if TYPE_CHECKING:`` (a type-only import is still a dependency of the design: the old circle was the client
importing the resource registry, whose finders took the client as a type-checked parameter and called it back).
An arrow goes to the module a name comes from: ``from versori_pulumi import models`` to ``versori_pulumi.models``,
``from versori_pulumi import __version__`` to the package's ``__init__``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import versori_pulumi

PACKAGE = Path(versori_pulumi.__file__).parent

Graph = Mapping[str, frozenset[str]]


def modules_of(root: Path, package: str) -> dict[str, Path]:
    """Every module below ``root`` by dotted name (a package by its ``__init__.py``)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([package, *parts])] = path
    return found


def _targets(
    node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, names: Mapping[str, Path]
) -> Iterator[str]:
    """The modules of the package one import statement names (the nearest enclosing module of each)."""
    if isinstance(node, ast.Import):
        wanted = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            anchor = importer if is_package else importer.rpartition(".")[0]
            for _ in range(node.level - 1):
                anchor = anchor.rpartition(".")[0]
            base = f"{anchor}.{base}" if base else anchor
        wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base for alias in node.names]
    for target in wanted:
        while target and target not in names:
            target = target.rpartition(".")[0]
        if target and target != importer:
            yield target


def import_graph(root: Path, package: str) -> dict[str, frozenset[str]]:
    """Module -> the modules of the package it imports, anywhere in its source."""
    names = modules_of(root, package)
    graph: dict[str, frozenset[str]] = {}
    for name, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        statements = (node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom))
        is_package = path.name == "__init__.py"
        graph[name] = frozenset(t for node in statements for t in _targets(node, name, is_package, names))
    return graph


def circles(graph: Graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.get(step, ())))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


GRAPH = import_graph(PACKAGE, "versori_pulumi")


def test_the_graph_is_read_from_the_source() -> None:
    """The reading sees relative, absolute, deferred and type-only imports (else an empty graph would pass)."""
    assert {"versori_pulumi.errors", "versori_pulumi._platform"} <= GRAPH["versori_pulumi.config"]
    assert "versori_pulumi.client._http" in GRAPH["versori_pulumi.client._base"]  # relative
    assert "versori_pulumi.client" in GRAPH["versori_pulumi._core.kinds"]  # type-only
    assert "versori_pulumi.client" in GRAPH["versori_pulumi.config"]  # deferred, inside client_for
    assert len(GRAPH) > 50 and sum(map(len, GRAPH.values())) > 200


def test_the_package_has_no_import_circle() -> None:
    assert circles(GRAPH) == []


def test_the_client_depends_on_neither_the_registry_nor_the_openapi_mapping() -> None:
    """What ``versori_pulumi.client`` reaches through its imports, deferred ones included."""
    reached: set[str] = set()
    todo = ["versori_pulumi.client"]
    while todo:
        module = todo.pop()
        for target in GRAPH[module] - reached:
            reached.add(target)
            todo.append(target)
    assert not reached & {
        "versori_pulumi._core.kinds",
        "versori_pulumi.openapi_import",
        "versori_pulumi.openapi_check",
        "versori_pulumi.config",
        "versori_pulumi.resources",
    }


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.py": "from . import b\n", "b.py": "from pkg import a\n"}, [["pkg.a", "pkg.b"]]),
        (
            {
                "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.sub import c\n",
                "sub/__init__.py": "",
                "sub/c.py": "def f():\n    from ..a import x\n",
            },
            [["pkg.a", "pkg.sub.c"]],
        ),
        ({"a.py": "import pkg.b\n", "b.py": "import json\n"}, []),
    ],
    ids=["direct", "type-only and deferred", "none"],
)
def test_a_circle_is_found(tmp_path: Path, files: dict[str, str], expected: list[list[str]]) -> None:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    assert circles(import_graph(root, "pkg")) == expected


def external_imports(path: Path) -> set[str]:
    """The absolute module names one file imports, anywhere in it (``from a.b import c`` counts as ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module)
    return found


FACES = ("versori_pulumi._dynamic", "versori_pulumi._program", "versori_pulumi.native", "versori_pulumi.resources")


def test_the_core_knows_no_face() -> None:
    """The core serves both faces unchanged: none of its modules imports ``pulumi.dynamic`` (the dynamic provider
    protocol) or a face of this package, deferred and type-only imports included."""
    core = modules_of(PACKAGE / "_core", "versori_pulumi._core")
    assert len(core) > 10
    offending = {
        name: sorted(
            target
            for target in external_imports(path) | GRAPH[name]
            if target == "pulumi.dynamic" or target.startswith(("pulumi.dynamic.", *FACES))
        )
        for name, path in core.items()
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_a_face_import_would_be_seen() -> None:
    """The check above reads the kinds of import statement a face would come in by."""
    source = "from pulumi.dynamic import CheckResult\nimport pulumi.dynamic.config\n"
    path = PACKAGE.parent / "not-a-module.py"
    try:
        path.write_text(source)
        assert external_imports(path) == {"pulumi.dynamic", "pulumi.dynamic.config"}
    finally:
        path.unlink()
