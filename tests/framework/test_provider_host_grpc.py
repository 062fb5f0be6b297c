"""The real dynamic provider host (``python -m pulumi.dynamic``) driven over gRPC, as the engine drives it.

The ``__provider`` value is exactly what ``pulumi.dynamic.Resource`` stores (``serialize_provider``), so this proves
the pickled-by-reference providers load in a fresh host process, pick their configuration up from ``Configure``,
and answer every call, including several at once on the host's 4 threads.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider

CONNECTOR_TYPE = "pulumi-python:dynamic/versori:Connector"


def to_struct(props: dict[str, Any]) -> struct_pb2.Struct:
    """On a loop of its own, not ``asyncio.run``: that one leaves the thread without a current loop, and the SDK's
    mocked programs of later tests (tests/providers/test_program_wiring.py) would then run on two."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(rpc.serialize_properties(props, {}))
    finally:
        loop.close()


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    return dict(rpc.deserialize_properties(struct, keep_unknowns=True))


@pytest.fixture
def host(request: pytest.FixtureRequest) -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """The host process; indirect parametrisation may add ``env`` variables and command-line ``args``."""
    extra: dict[str, Any] = getattr(request, "param", {})
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERSORI_")} | extra.get("env", {})
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.dynamic", *extra.get("args", [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().decode().strip())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=30)
        yield provider_pb2_grpc.ResourceProviderStub(channel)
        channel.close()
    finally:
        proc.kill()
        _, stderr = proc.communicate(timeout=10)
        assert b"vk_" not in stderr


def configure(stub: provider_pb2_grpc.ResourceProviderStub, emulator: Any) -> None:
    args = to_struct(
        {
            "versori:apiKey": emulator.api_key,
            "versori:organisationId": emulator.org_id,
            "versori:baseUrl": emulator.base_url,
        }
    )
    stub.Configure(provider_pb2.ConfigureRequest(args=args, acceptSecrets=False))


def urn(name: str, typ: str = CONNECTOR_TYPE) -> str:
    return f"urn:pulumi:test::proj::{typ}::{name}"


def test_check_with_unknowns_needs_no_configuration(host: provider_pb2_grpc.ResourceProviderStub) -> None:
    provider = serialize_provider(ConnectorProvider())
    news = to_struct({"__provider": provider, "name": "Acme", "base_url": rpc.UNKNOWN})
    reply = host.Check(provider_pb2.CheckRequest(urn=urn("a"), olds=to_struct({}), news=news))
    assert list(reply.failures) == []
    assert isinstance(from_struct(reply.inputs)["base_url"], Unknown)

    bad = to_struct({"__provider": provider, "name": "", "base_url": "ftp://x"})
    reply = host.Check(provider_pb2.CheckRequest(urn=urn("a"), olds=to_struct({}), news=bad))
    assert {f.property for f in reply.failures} == {"name", "base_url"}


def test_full_lifecycle_over_grpc(host: provider_pb2_grpc.ResourceProviderStub, emulator: Any) -> None:
    configure(host, emulator)
    provider = serialize_provider(ConnectorProvider())
    props = {"__provider": provider, "name": "Grpc", "base_url": "https://grpc.test"}
    checked = host.Check(provider_pb2.CheckRequest(urn=urn("g"), olds=to_struct({}), news=to_struct(props))).inputs
    created = host.Create(provider_pb2.CreateRequest(urn=urn("g"), properties=checked))
    outs = created.properties
    assert from_struct(outs)["connector_id"] == created.id

    diff = host.Diff(provider_pb2.DiffRequest(id=created.id, urn=urn("g"), olds=outs, news=checked))
    assert diff.changes == provider_pb2.DiffResponse.DIFF_NONE

    renamed = to_struct({**props, "name": "Grpc 2"})
    news = host.Check(provider_pb2.CheckRequest(urn=urn("g"), olds=checked, news=renamed)).inputs
    diff = host.Diff(provider_pb2.DiffRequest(id=created.id, urn=urn("g"), olds=outs, news=news))
    assert diff.changes == provider_pb2.DiffResponse.DIFF_UNKNOWN and list(diff.replaces) == []
    updated = host.Update(provider_pb2.UpdateRequest(id=created.id, urn=urn("g"), olds=outs, news=news))
    assert from_struct(updated.properties)["name"] == "Grpc 2"

    read = host.Read(provider_pb2.ReadRequest(id=created.id, urn=urn("g"), properties=updated.properties))
    assert read.id == created.id and from_struct(read.inputs)["name"] == "Grpc 2"

    host.Delete(provider_pb2.DeleteRequest(id=created.id, urn=urn("g"), properties=updated.properties))
    gone = host.Read(provider_pb2.ReadRequest(id=created.id, urn=urn("g"), properties=updated.properties))
    assert gone.id == ""


def test_concurrent_creates_share_one_configured_host(
    host: provider_pb2_grpc.ResourceProviderStub, emulator: Any
) -> None:
    configure(host, emulator)
    connector = serialize_provider(ConnectorProvider())
    connection = serialize_provider(ConnectionProvider())

    def create(index: int) -> str:
        props = to_struct({"__provider": connector, "name": f"Parallel {index}", "base_url": "https://p.test"})
        checked = host.Check(provider_pb2.CheckRequest(urn=urn(f"p{index}"), olds=to_struct({}), news=props)).inputs
        return str(host.Create(provider_pb2.CreateRequest(urn=urn(f"p{index}"), properties=checked)).id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(12)))
    assert len(set(ids)) == 12

    props = {"__provider": connection, "connector_id": ids[0], "name": "c"}
    checked = host.Check(provider_pb2.CheckRequest(urn=urn("c"), olds=to_struct({}), news=to_struct(props))).inputs
    created = host.Create(provider_pb2.CreateRequest(urn=urn("c"), properties=checked))
    assert created.id


def test_missing_configuration_fails_the_call_clearly(host: provider_pb2_grpc.ResourceProviderStub) -> None:
    provider = serialize_provider(ConnectorProvider())
    props = to_struct({"__provider": provider, "name": "NoKey", "base_url": "https://x.test"})
    with pytest.raises(grpc.RpcError) as info:
        host.Create(provider_pb2.CreateRequest(urn=urn("n"), properties=props))
    assert "versori:apiKey" in str(info.value.details())


def test_a_failed_call_reads_as_its_message(host: provider_pb2_grpc.ResourceProviderStub, emulator: Any) -> None:
    """What the engine shows for a failed create is exactly the short message: no traceback, first line first."""
    args = to_struct(
        {
            "versori:apiKey": "wrong-key-0123",
            "versori:organisationId": emulator.org_id,
            "versori:baseUrl": emulator.base_url,
        }
    )
    host.Configure(provider_pb2.ConfigureRequest(args=args, acceptSecrets=False))
    props = to_struct(
        {"__provider": serialize_provider(ConnectorProvider()), "name": "Acme", "base_url": "https://a.test"}
    )
    with pytest.raises(grpc.RpcError) as info:
        host.Create(provider_pb2.CreateRequest(urn=urn("a"), properties=props))
    assert info.value.code() == grpc.StatusCode.UNKNOWN
    assert info.value.details() == (
        'Connector "Acme": create failed: the API answered HTTP 401 Unauthorized: missing or invalid API key '
        "(POST /o/local-org/protocols/http/connectors)\n"
        "fix: the API did not accept the key (from stack config versori:apiKey): set the organisation's key with "
        "`pulumi config set --secret versori:apiKey <key>` (or $VERSORI_API_KEY)"
    )


@pytest.mark.parametrize(
    "host", [{"env": {"VERSORI_DEBUG": "1"}}, {"args": ["-v=3"]}], indirect=True, ids=["VERSORI_DEBUG", "logflow-v"]
)
def test_tracebacks_when_asked_for(host: provider_pb2_grpc.ResourceProviderStub) -> None:
    props = to_struct(
        {"__provider": serialize_provider(ConnectorProvider()), "name": "NoKey", "base_url": "https://x.test"}
    )
    with pytest.raises(grpc.RpcError) as info:
        host.Create(provider_pb2.CreateRequest(urn=urn("n"), properties=props))
    details = str(info.value.details())
    message, _, rest = details.partition("\n\nVERSORI_DEBUG traceback:\nTraceback (most recent call last):\n")
    assert message.startswith('Connector "NoKey": create failed: the Versori provider is not configured')
    assert "versori_pulumi.errors.ConfigurationError: the Versori provider is not configured" in rest


def test_a_bug_keeps_the_hosts_traceback(host: provider_pb2_grpc.ResourceProviderStub, emulator: Any) -> None:
    """Only our own failures are shortened: anything else (here a KeyError) is reported as the host always did."""
    configure(host, emulator)
    props = to_struct({"__provider": serialize_provider(ConnectionProvider()), "name": "no-connector"})
    with pytest.raises(grpc.RpcError) as info:
        host.Create(provider_pb2.CreateRequest(urn=urn("k"), properties=props))
    details = str(info.value.details())
    assert details.startswith("Traceback (most recent call last):\n")
    assert details.rstrip().endswith("KeyError: 'connector_id'")
