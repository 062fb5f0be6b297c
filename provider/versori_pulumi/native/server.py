"""The gRPC server of the plugin: the SDK's servicer, with failures handed to the engine as their message alone.

The SDK's servicer appends a Python traceback to every error it passes on; a user should read what failed and how
to fix it (the core's :class:`~versori_pulumi._core.failures.ProviderFailure` text), so an interceptor answers a
:class:`~versori_pulumi.native.provider.NativeFailure` with its own text (a full traceback with ``VERSORI_DEBUG=1``,
as on the dynamic face).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2_grpc

from versori_pulumi._core.failures import debug_requested
from versori_pulumi.native.provider import NativeFailure, VersoriNativeProvider

__all__ = ["serve"]

_OPTIONS = [("grpc.max_receive_message_length", 400 * 1024 * 1024), ("grpc.max_send_message_length", 400 * 1024 * 1024)]


def _failure_in(exc: BaseException) -> NativeFailure | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, NativeFailure):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class _PlainFailures(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Answers a failed call with the failure's message (no traceback appended)."""

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: grpc.HandlerCallDetails
    ) -> Any:
        handler = await continuation(details)
        if handler is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary

        async def behaviour(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                return await inner(request, context)
            except Exception as exc:
                failure = _failure_in(exc)
                if failure is None or debug_requested():
                    raise
                await context.abort(grpc.StatusCode.UNKNOWN, str(failure))

        return grpc.unary_unary_rpc_method_handler(
            behaviour,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def serve(args: list[str], version: str) -> None:
    """Serve the plugin: print the port (the engine reads it) and answer until the engine stops it."""
    parser = argparse.ArgumentParser(description="Pulumi resource plugin for the Versori Connect API")
    parser.add_argument("engine", help="the Pulumi engine's address")
    known, _ = parser.parse_known_args(args)

    async def run() -> None:
        server = grpc.aio.server(options=_OPTIONS, interceptors=[_PlainFailures()])
        servicer = ProviderServicer(args, version, VersoriNativeProvider(), engine_address=known.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.buffer.write(f"{port}\n".encode())
        sys.stdout.buffer.flush()
        await server.wait_for_termination()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
