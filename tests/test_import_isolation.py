"""Every module of the package imports on its own, first, in a fresh interpreter: an import cycle fails here.

A cycle between two modules often goes unnoticed because some third module happens to import one of them first;
importing each module alone, before anything else of the package is loaded, is the order that breaks it.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import versori_pulumi

MODULES = ["versori_pulumi"] + sorted(
    info.name
    for info in pkgutil.walk_packages(versori_pulumi.__path__, "versori_pulumi.")
    if not info.name.endswith(".__main__")  # running, not importing, is its job
)


def _import_alone(module: str) -> str | None:
    """None when ``module`` imports in a fresh interpreter, else the end of the traceback."""
    run = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    return None if run.returncode == 0 else f"{module}: {run.stderr.strip().splitlines()[-1]}"


def test_the_package_has_its_areas() -> None:
    for module in ("versori_pulumi.client._connectors", "versori_pulumi.models.connectors", "versori_pulumi.config"):
        assert module in MODULES


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        failures = [failure for failure in pool.map(_import_alone, MODULES) if failure is not None]
    assert failures == []


def test_the_client_does_not_import_the_configuration() -> None:
    """config builds clients (``client_for``); the client must not depend back on config (the old cycle)."""
    code = "import sys, versori_pulumi.client; print(sorted(m for m in sys.modules if m == 'versori_pulumi.config'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_client_loads_no_openapi_reader_nor_the_registry() -> None:
    """``import versori_pulumi.client`` stays light: the OpenAPI mapping (YAML, the spec validator) loads only when a
    lost import is settled by its document's title, and the registry of resource kinds is the providers', not the
    client's (the client settles a lost POST with its own finders)."""
    heavy = (
        "openapi_spec_validator",
        "jsonschema_rs",
        "yaml",
        "versori_pulumi._core.kinds",
        "versori_pulumi.openapi_import",
    )
    code = (
        "import sys, versori_pulumi.client; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m in {heavy!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    loads = "import sys, versori_pulumi.openapi_import; print('yaml' in sys.modules)"  # the check can see them load
    assert subprocess.run([sys.executable, "-c", loads], capture_output=True, text=True, check=True).stdout == "True\n"
