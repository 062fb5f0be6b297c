"""Every command the README documents, run as written (in a scratch state folder where it writes state).

The install commands (from a checkout and from a built wheel, each into a fresh virtualenv, with and without the
``emulator`` extra); the first program, which is ``examples/quickstart`` verbatim; the everyday commands, taken
from the README and run with bash in a scratch copy of that project folder against an emulator started as the
README starts it; ``scripts/demo.sh`` then ``scripts/demo.sh --destroy`` (the teardown must finish: published
versions are protected, so the demo declares ``force_delete`` on them), the emulator (with every flag its page
shows) and recovery CLIs, the developer checks, and ``scripts/test.sh`` with a pytest filter (the README's example
of passing arguments through).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from versori_pulumi.testing import pulumi_env

from .harness import require_language_host

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()
DOCS = REPO / "docs"
QUICKSTART = REPO / "examples" / "quickstart"
VENV_BIN = REPO / ".venv" / "bin"


def section(text: str, heading: str) -> str:
    """The text of the ``## heading`` section, up to the next ``## `` heading."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def commands(block: str) -> list[str]:
    """The block's command lines, each without its trailing comment."""
    lines = (re.sub(r"\s+#\s.*$", "", line).strip() for line in block.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def run(command: str, *, env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"`{command}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_the_readme_and_its_pages_show_these_commands() -> None:
    shown = {
        README: (
            "scripts/demo.sh",
            "scripts/test.sh",
            "scripts/demo.sh --destroy",
            "scripts/test.sh -k lifecycle",
            "versori-emulator --port 8787",
            "ruff check . && ruff format --check . && mypy",
        ),
        (DOCS / "recovery.md").read_text(): ("versori-recover-pending --stack NAME [--cwd PROJECT]",),
        (DOCS / "emulator.md").read_text(): ("versori-emulator [--host 127.0.0.1] [--port 8787]",),
    }
    for text, expected in shown.items():
        for command in expected:
            assert command in text, command


def test_the_readme_links_pages_that_exist() -> None:
    links = re.findall(r"\]\(((?:docs|examples)/[^)#]*)", README)
    assert len(links) > 15
    assert {"docs/programs.md", "docs/emulator.md", "docs/recovery.md", "docs/team-state.md"} <= set(links)
    missing = [link for link in links if not (REPO / link).exists()]
    assert missing == []


# --- Install ---


def _copy_source(destination: Path) -> Path:
    """What a checkout needs to build the package: pyproject.toml, README.md and provider/ (no build leftovers)."""
    destination.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, destination / name)
    leftovers = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    shutil.copytree(REPO / "provider", destination / "provider", ignore=leftovers)
    return destination


EXTRA_DISTRIBUTIONS = ("fastapi", "uvicorn", "starlette", "python_multipart", "multipart")
"""What the ``emulator`` extra brings (with its own dependencies not already needed by the package)."""


def _dependencies_without_the_extra(folder: Path) -> Path:
    """A folder of links to this interpreter's installed distributions, less versori-pulumi itself, the emulator
    extra's and the installer's own: the dependencies a fresh virtualenv sees, so that ``pip install`` resolves the
    package's declared requirements against them instead of downloading all of them again (the extra's
    distributions do come from the registry)."""
    site_packages = Path(next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()))
    skipped = ("versori", "__editable__", "pip", "setuptools", "_distutils_hack", "distutils-precedence", "_virtualenv")
    folder.mkdir()
    for entry in site_packages.iterdir():
        name = entry.name.lower()
        if not name.startswith(skipped + EXTRA_DISTRIBUTIONS):
            (folder / entry.name).symlink_to(entry)
    return folder


def _install_as_written(base: Path, block: str, dependencies: Path) -> list[str]:
    """Runs the block's commands one by one in a fresh virtualenv (which sees ``dependencies``), in a copy of the
    source; after each ``pip install`` checks what it installed: versori_pulumi from the virtualenv, and
    ``versori-emulator`` working exactly when the command names the ``emulator`` extra. Returns what went wrong."""
    source = _copy_source(base / "src")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    (next(venv.glob("lib/python3*/site-packages")) / "dependencies.pth").write_text(f"{dependencies}\n")
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    problems: list[str] = []
    for command in commands(block):
        done = subprocess.run(["bash", "-c", command], cwd=source, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            return [*problems, f"`{command}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"]
        if not command.startswith("pip install"):
            continue
        where = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import versori_pulumi; print(versori_pulumi.__file__)"],
            cwd=base,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if not where.stdout.startswith(str(venv)):
            problems.append(f"after `{command}` versori_pulumi is {where.stdout.strip()!r} {where.stderr[-500:]}")
        emulator = subprocess.run(
            [str(venv / "bin" / "versori-emulator"), "--help"], cwd=base, capture_output=True, text=True, timeout=120
        )
        if "[emulator]" in command:
            if emulator.returncode != 0 or "--fault-rate" not in emulator.stdout:
                problems.append(f"after `{command}` versori-emulator --help failed: {emulator.stderr[-1000:]}")
        elif emulator.returncode == 0 or "pip install 'versori-pulumi[emulator]'" not in emulator.stderr:
            problems.append(f"after `{command}` versori-emulator did not name the extra: {emulator.stderr[-1000:]}")
    return problems


def test_the_install_commands_from_a_checkout_and_from_a_wheel(tmp_path: Path) -> None:
    """Both blocks, each in its own fresh virtualenv: the package built and installed (its build requirements and
    the emulator extra's distributions from the registry), with its other dependencies already there."""
    checkout, wheel = blocks(section(README, "Install"), "bash")
    assert commands(checkout) == ["pip install .", "pip install '.[emulator]'"]
    assert commands(wheel)[0] == "python -m pip wheel --no-deps . -w dist"
    assert [c for c in commands(wheel) if c.startswith("pip install")] == [
        "pip install dist/versori_pulumi-0.2.0-py3-none-any.whl",
        "pip install 'dist/versori_pulumi-0.2.0-py3-none-any.whl[emulator]'",
    ]
    dependencies = _dependencies_without_the_extra(tmp_path / "dependencies")
    assert not list(dependencies.glob("fastapi*")) and list(dependencies.glob("pydantic*"))
    assert _install_as_written(tmp_path / "checkout", checkout, dependencies) == []
    assert _install_as_written(tmp_path / "wheel", wheel, dependencies) == []
    built = tmp_path / "wheel" / "src" / "dist"
    assert [p.name for p in built.iterdir()] == ["versori_pulumi-0.2.0-py3-none-any.whl"]  # --no-deps: ours only


# --- A first program and the everyday commands ---


def test_the_first_program_is_the_quickstart_verbatim() -> None:
    first = section(README, "A first program")
    assert blocks(first, "yaml") == [(QUICKSTART / "Pulumi.yaml").read_text()]
    assert blocks(first, "python") == [(QUICKSTART / "__main__.py").read_text()]
    assert "[`examples/quickstart/`](examples/quickstart/)" in first


SNAPSHOT = """
import json, sys
from versori_pulumi.client import ConnectClient

with ConnectClient(sys.argv[1], "local-org", "local-dev-key") as api:
    organisation = {}
    for connector in api.list_connectors():
        versions = {v.name: v.published for v in api.list_versions(connector.id)}
        organisation[connector.name] = {
            "versions": versions,
            "default": api.get_version(connector.id, "default").name if versions else None,
            "connections": sorted(c.name for c in api.list_connections(connector.id)),
        }
print(json.dumps(organisation, sort_keys=True))
"""
"""What the organisation holds: each connector's versions (published or not), default version and connections."""


def _start_emulator(command: str, port: int, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Starts the README's emulator command on ``port``; returns the process and the base URL it prints."""
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command.replace('8787', str(port))}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise AssertionError(f"the emulator did not start: {line}{process.stdout.read()}")
    return process, line.split("listening on", 1)[1].strip()


def test_the_everyday_commands_run_as_written(tmp_path: Path) -> None:
    """The README's emulator command, then its project commands with bash in a scratch copy of the quickstart
    folder (the project's ``virtualenv: ../../.venv`` still resolves: the copy sits at examples/quickstart under a
    folder whose .venv links to the repository's), state and Pulumi home in tmp_path. Each command's output is told
    apart by a marker, and the organisation is read right after ``up``."""
    require_language_host()
    start, everyday = blocks(section(README, "Everyday commands"), "bash")
    assert commands(start) == ["versori-emulator --port 8787"]
    steps = commands(everyday)
    assert steps[0] == "cd examples/quickstart"
    pulumi_steps = [s.split()[1] for s in steps if s.startswith("pulumi ")]
    assert pulumi_steps == [
        "stack",
        "config",
        "config",
        "config",
        "config",
        "preview",
        "up",
        "preview",
        "refresh",
        "destroy",
    ]

    checkout = tmp_path / "checkout"
    shutil.copytree(
        QUICKSTART, checkout / "examples" / "quickstart", ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml")
    )
    (checkout / ".venv").symlink_to(REPO / ".venv")
    snapshot = tmp_path / "snapshot.py"
    snapshot.write_text(SNAPSHOT)
    env = {
        **os.environ,
        **pulumi_env(state_dir=tmp_path / "state", pulumi_home=tmp_path / "home", python=str(VENV_BIN / "python")),
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env['PATH']}"  # versori-emulator, as after `pip install` in a venv
    port = free_port()
    emulator, base_url = _start_emulator(commands(start)[0], port, env)
    try:
        activate = "source .venv/bin/activate && source scripts/pulumi-env.sh"  # what the README says to run first
        assert f"run `{activate}` first" in re.sub(r"\s+", " ", section(README, "Everyday commands"))
        script = ["set -euo pipefail", f"cd {REPO} && {activate} && cd {checkout}"]
        for index, line in enumerate(everyday.replace("8787", str(port)).splitlines()):
            if not commands(line):
                continue
            script += [f"echo '@@@ {index}'", line]
            if line.startswith("pulumi up"):
                script.append(f"{VENV_BIN / 'python'} {snapshot} {base_url} > {tmp_path / 'after-up.json'}")
        run_ = subprocess.run(
            ["bash", "-c", "\n".join(script)], cwd=checkout, env=env, capture_output=True, text=True, timeout=600
        )
        output = run_.stdout + run_.stderr
        assert run_.returncode == 0, output[-4000:]
        outputs = dict(
            zip(
                [s for s in everyday.replace("8787", str(port)).splitlines() if commands(s)],
                re.split(r"^@@@ \d+\n", run_.stdout, flags=re.M)[1:],
                strict=True,
            )
        )
        by_command = {commands(line)[0]: text for line, text in outputs.items()}

        assert "+ 5 to create" in by_command["pulumi preview"], by_command["pulumi preview"]
        assert "+ 5 created" in by_command["pulumi up --yes"], by_command["pulumi up --yes"]
        after_up = json.loads((tmp_path / "after-up.json").read_text())
        assert after_up == {"Acme": {"versions": {"1.0.0": True}, "default": "1.0.0", "connections": ["production"]}}
        unchanged = by_command["pulumi preview --expect-no-changes"]
        assert "5 unchanged" in unchanged and not re.search(r"to (create|update|delete|replace)", unchanged), unchanged
        refresh = by_command["pulumi refresh --yes"]
        assert "5 unchanged" in refresh and not re.search(r"\d+ (updated|deleted)", refresh), refresh
        assert "- 5 deleted" in by_command["pulumi destroy --yes"], by_command["pulumi destroy --yes"]
        assert "acme-secret-key" not in output and "local-dev-key" not in output  # secrets are never printed
        emptied = subprocess.run(
            [str(VENV_BIN / "python"), str(snapshot), base_url], capture_output=True, text=True, timeout=120
        )
        assert json.loads(emptied.stdout) == {}, emptied.stderr
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


def test_demo_then_demo_destroy(tmp_path: Path) -> None:
    env = {"VERSORI_DEMO_STATE": str(tmp_path)}
    stack = f"--stack e2e-readme-{os.getpid()}"  # its Pulumi.<stack>.yaml beside Pulumi.yaml is never a user's
    up = run(f"scripts/demo.sh --port 0 {stack}", env=env)
    assert "[demo] preview: {'same': 7}" in up.stdout
    down = run(f"scripts/demo.sh --port 0 --destroy {stack}", env=env)
    assert "errored" not in down.stdout and "error:" not in down.stdout, down.stdout[-3000:]
    assert re.search(r"- 7 deleted", down.stdout), down.stdout[-2000:]
    assert not list(REPO.glob("Pulumi.e2e-readme-*.yaml"))  # the destroyed stack's config file went with it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_emulator_cli_with_the_documented_flags(tmp_path: Path) -> None:
    """Every flag docs/emulator.md shows, at once."""
    port = free_port()
    command = [
        str(REPO / ".venv" / "bin" / "versori-emulator"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--api-key",
        "local-dev-key",
        "--org-id",
        "local-org",
        "--db",
        str(tmp_path / "e.sqlite"),
        "--latency-ms",
        "0",
        "--fault-rate",
        "0",
        "--fault-statuses",
        "429,503,drop",
        "--fault-seed",
        "1",
        "--strict",
    ]
    shown = set(re.findall(r"\[(--[a-z-]+)", blocks((DOCS / "emulator.md").read_text(), "bash")[0]))
    assert shown == {arg for arg in command if arg.startswith("--")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/api/connect/v1/o/local-org/connectors"
        for _ in range(100):
            try:
                answer = httpx.get(url, headers={"Authorization": "Bearer local-dev-key"}, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the emulator did not answer")
        assert answer.status_code == 200 and answer.json()["connectors"] == []
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_recover_pending_cli_answers_help() -> None:
    result = run(".venv/bin/versori-recover-pending --help")
    assert "--stack" in result.stdout and "--cwd" in result.stdout


def test_the_developer_checks_and_test_sh_with_arguments() -> None:
    run("source .venv/bin/activate && ruff check . && ruff format --check . && mypy")
    result = run("scripts/test.sh -k test_all_is_sorted_and_resolves tests/test_exports.py", timeout=900)
    assert "1 passed" in result.stdout
