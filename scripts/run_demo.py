"""Run the demo stack (Pulumi.yaml + demo/) against the embedded emulator: `pulumi up`, then a `pulumi preview` that
must show no changes.

The project runs as a user runs it: the pinned CLI on the repository's own folder (its `Pulumi.yaml`, the
`.venv` it names, Pulumi's Python language host), the stack's config in `Pulumi.<stack>.yaml` beside it (ignored by
git). Without a language host (scripts/setup-pulumi.sh says where it looks) the same program runs inline through the
Automation API instead, and this says so. State lives in `.pulumi-state/` (a file backend) and the emulator persists
to `.pulumi-state/emulator.sqlite`, so a second run finds what the first made and changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml
from pulumi import automation as auto
from semver import VersionInfo

from versori_pulumi.testing import PULUMI_VERSION, cli_root, has_language_host, pulumi_env

REPO = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("VERSORI_DEMO_STATE", REPO / ".pulumi-state"))
API_KEY = "local-dev-key"
ORG_ID = "local-org"


def free_port(preferred: int) -> int:
    """The preferred port when it is free (so the stack's provider config stays the same between runs), else any."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no obstacle
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            return 0
    return preferred


def start_emulator(preferred_port: int) -> tuple[subprocess.Popen[str], str]:
    """The emulator on a free loopback port, persisted next to the stack state; returns it and its base URL."""
    port = str(free_port(preferred_port))
    cmd = [sys.executable, "-m", "versori_pulumi.emulator", "--port", port, "--db", str(STATE / "emulator.sqlite")]
    cmd += ["--api-key", API_KEY, "--org-id", ORG_ID]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"listening on (\S+)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"the emulator did not start: {line!r}")
    return proc, match.group(1)


def stack_for(base_url: str, stack_name: str) -> auto.Stack:
    """The demo stack on the repository's project folder (inline only when no language host is at hand)."""
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    env = pulumi_env(state_dir=STATE / "backend", pulumi_home=REPO / ".pulumi-home")
    opts = auto.LocalWorkspaceOptions(
        pulumi_home=env["PULUMI_HOME"],
        env_vars=env,
        pulumi_command=auto.PulumiCommand(root=str(cli_root()), version=VersionInfo.parse(PULUMI_VERSION)),
    )
    if has_language_host():
        stack = auto.create_or_select_stack(stack_name=stack_name, work_dir=str(REPO), opts=opts)
    else:
        print("[demo] NOTE: no pulumi-language-python (see scripts/setup-pulumi.sh): running the program inline")
        stack = inline_stack(project, stack_name, opts)
    stack.set_all_config(
        {
            "versori:baseUrl": auto.ConfigValue(base_url),
            "versori:organisationId": auto.ConfigValue(ORG_ID),
            "versori:apiKey": auto.ConfigValue(API_KEY, secret=True),
            f"{project['name']}:acmeApiKey": auto.ConfigValue("demo-acme-key", secret=True),
        }
    )
    return stack


def inline_stack(project: dict[str, str], stack_name: str, opts: auto.LocalWorkspaceOptions) -> auto.Stack:
    """The project's program served in-process, its workspace under the state folder."""
    main = REPO / project.get("main", ".") / "__main__.py"
    work_dir = STATE / "workspace"
    work_dir.mkdir(parents=True, exist_ok=True)
    opts.work_dir = str(work_dir)
    assert opts.env_vars is not None
    opts.project_settings = auto.ProjectSettings(
        name=project["name"],
        runtime="python",
        description=project.get("description"),
        backend=auto.ProjectBackend(url=opts.env_vars["PULUMI_BACKEND_URL"]),
    )
    return auto.create_or_select_stack(
        stack_name=stack_name,
        project_name=project["name"],
        program=lambda: runpy.run_path(str(main), run_name="__main__"),
        opts=opts,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--port", type=int, default=8787, help="emulator port to prefer (a free one if taken)")
    parser.add_argument("--destroy", action="store_true", help="destroy the stack at the end (and empty the emulator)")
    args = parser.parse_args()
    STATE.mkdir(exist_ok=True)
    emulator, base_url = start_emulator(args.port)
    print(f"[demo] emulator at {base_url}", flush=True)
    try:
        stack = stack_for(base_url, args.stack)
        started = time.monotonic()
        print("[demo] pulumi up", flush=True)
        up = stack.up(on_output=print)
        print(f"[demo] up: {up.summary.resource_changes} in {time.monotonic() - started:.1f} s", flush=True)
        print("[demo] pulumi preview (expect no changes)", flush=True)
        preview = stack.preview(on_output=print, expect_no_changes=True)
        changed = {op: n for op, n in preview.change_summary.items() if op != "same" and n}
        print(f"[demo] preview: {preview.change_summary}", flush=True)
        if changed:
            print(f"[demo] FAILED: the preview after up wants changes: {changed}", file=sys.stderr)
            return 1
        if args.destroy:
            stack.destroy(on_output=print)
            stack.workspace.remove_stack(stack.name)  # its Pulumi.<stack>.yaml goes with it
        return 0
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
