"""End to end: a failing resource's error as the engine prints it, through the real CLI and provider host.

The mistakes a new user makes first (a wrong API key, no ``versori:*`` config, a base URL where nothing listens,
another organisation's id) each read as the short message of versori_pulumi._core.failures, on the progress line and in
the Diagnostics block, with no Python traceback; a refused connection fails the ``up`` within seconds. The other
cases (403, 404 of a parent, 409, 412, validation) are pinned on direct provider calls in
tests/framework/test_failures.py and through the provider host in tests/framework/test_provider_host_grpc.py.
"""

from __future__ import annotations

import gc
import socket
import time
from collections.abc import Mapping

import pytest
from pulumi import automation as auto

from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e

RESOURCE = "pulumi-python:dynamic/versori:Connector"


def program() -> None:
    from versori_pulumi import Connector, ConnectorArgs

    Connector("acme", ConnectorArgs(name="Acme", base_url="https://api.acme.test"))


def failed_up(factory: StackFactory, name: str, config: Mapping[str, str], secrets: Mapping[str, str]) -> str:
    """The output of an `up` that must fail; VERSORI_* from the caller's environment are blanked out."""
    stack = factory.create(program, stack_name=name, config=config, secrets=secrets)
    stack.workspace.env_vars.update({"VERSORI_API_KEY": "", "VERSORI_ORGANISATION_ID": "", "VERSORI_BASE_URL": ""})
    with pytest.raises(auto.CommandError) as info:
        stack.up()
    collect_failed_program()
    output = str(info.value)
    assert "Traceback" not in output, output[-3000:]
    return output


def collect_failed_program() -> None:
    """Collect now what a failed inline `up` leaves behind (the SDK's suspended program coroutine, whose finalizer
    runs Python code): collected later at a random point, CPython 3.11.7 can hit it in the middle of compiling a
    module and fail with "SystemError: AST constructor recursion depth mismatch"."""
    gc.collect()


def diagnostic(output: str, name: str = "acme") -> str:
    """The error text the engine prints under the resource in its Diagnostics block, without its indentation."""
    lines = output.splitlines()
    start = lines.index(f"  {RESOURCE} ({name}):") + 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line.removeprefix("    "))
    assert block and block[0].startswith("error: "), block
    block[0] = block[0].removeprefix("error: ")
    return "\n".join(block)


def progress_line(output: str, name: str = "acme") -> str:
    """What the progress display shows when the create fails: the message's first line."""
    marker = f"{RESOURCE} {name} **creating failed** error: "
    line = next(line for line in output.splitlines() if marker in line)
    return line.split(marker, 1)[1]


def test_wrong_api_key(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    config = {"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id}
    output = failed_up(stack_factory, "wrong-key", config, {"versori:apiKey": "not-the-right-key-42"})
    expected = (
        'Connector "Acme": create failed: the API answered HTTP 401 Unauthorized: missing or invalid API key '
        "(POST /o/local-org/protocols/http/connectors)\n"
        "fix: the API did not accept the key (from stack config versori:apiKey): set the organisation's key with "
        "`pulumi config set --secret versori:apiKey <key>` (or $VERSORI_API_KEY)"
    )
    assert diagnostic(output) == expected
    assert progress_line(output) == expected.split("\n")[0]
    assert "not-the-right-key-42" not in output


def test_no_versori_config(stack_factory: StackFactory) -> None:
    output = failed_up(stack_factory, "no-config", {}, {})
    assert diagnostic(output) == (
        'Connector "Acme": create failed: the Versori provider is not configured: no API key and no organisation id\n'
        "fix: `pulumi config set --secret versori:apiKey <key>` and `pulumi config set versori:organisationId <id>` "
        "in the stack, or set $VERSORI_API_KEY and $VERSORI_ORGANISATION_ID in the environment"
    )


def test_a_base_url_where_nothing_listens(stack_factory: StackFactory) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/api/connect/v1"
    config = {"versori:baseUrl": url, "versori:organisationId": "local-org"}
    started = time.monotonic()
    output = failed_up(stack_factory, "refused", config, {"versori:apiKey": "some-key-123"})
    elapsed = time.monotonic() - started
    first, fix = diagnostic(output).split("\n")
    assert first.startswith(
        f'Connector "Acme": create failed: could not connect to {url}: Connection refused (3 attempts'
    )
    assert fix == (
        f"fix: check versori:baseUrl (now {url}, from stack config versori:baseUrl): the Versori platform is "
        "https://platform.versori.com/api/connect/v1; a local `versori-emulator` serves "
        "http://127.0.0.1:8787/api/connect/v1"
    )
    assert elapsed < 30, f"the whole failed up took {elapsed:.1f} s"  # 62 s of retries before
    print(f"\nrefused base URL: the failed `up` took {elapsed:.1f} s in all ({first.rsplit('(', 1)[1]}")


def test_another_organisations_id(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    config = {"versori:baseUrl": emulator.base_url, "versori:organisationId": "someone-else"}
    output = failed_up(stack_factory, "other-org", config, {"versori:apiKey": emulator.api_key})
    assert diagnostic(output) == (
        'Connector "Acme": create failed: the API answered HTTP 404 Not Found: organisation someone-else not found '
        "(POST /o/someone-else/protocols/http/connectors)\n"
        "fix: check versori:organisationId (now 'someone-else', from stack config versori:organisationId): an API "
        "key sees only its own organisation"
    )
    assert emulator.api_key not in output
