"""The plugin's provider object: each request is translated and handed to the core provider of its kind.

The core is synchronous (httpx's client, its retries, its own concurrency limit): every call runs in a thread of a
pool wide enough that the engine's concurrent calls (it sends as many as ``--parallel`` allows) are never
serialised here; the API's own limit stays the client's (``versori:concurrency``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.failures import ProviderFailure
from versori_pulumi._core.input_schema import UNKNOWN
from versori_pulumi.native import PACKAGE
from versori_pulumi.native.diffs import detailed_diff
from versori_pulumi.native.invokes import invoke
from versori_pulumi.native.kinds import KINDS, ImportId, Kind, kind_of
from versori_pulumi.native.values import camel, plain, snake, to_inputs, to_properties

__all__ = ["NativeFailure", "VersoriNativeProvider"]

T = TypeVar("T")

_WORKERS = 64
"""Threads for core calls: above the engine's default parallelism (16 here, more with ``--parallel``)."""


class NativeFailure(Exception):
    """A failed call, its message written for people (the server hands exactly this text to the engine)."""


@cache
def schema_text() -> str:
    """The committed schema (``scripts/native_schema.py`` writes it)."""
    return resources.files("versori_pulumi.native").joinpath("schema.json").read_text(encoding="utf-8")


class VersoriNativeProvider(p.Provider):
    """The ``versori`` plugin: six resources and the lookups, each call onto the dynamic face's core."""

    def __init__(self, workers: int = _WORKERS) -> None:
        self._providers: dict[str, VersoriProvider] = {kind.token: kind.provider() for kind in KINDS}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="versori")
        self._config: dict[str, Any] = {}

    # --- plumbing ---

    async def _run(self, call: Callable[[], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, call)
        except ProviderFailure as exc:
            raise NativeFailure(str(exc)) from None

    async def _local(self, kind: Kind, call: Callable[[], T]) -> T:
        """A check or a diff: computed in place (no request, and the GIL would serialise the threads anyway) but
        for a kind whose check may ask the API (``kind.offline`` False), which runs in the pool."""
        if not kind.offline:
            return await self._run(call)
        try:
            return call()
        except ProviderFailure as exc:
            raise NativeFailure(str(exc)) from None

    def _core(self, kind: Kind) -> VersoriProvider:
        return self._providers[kind.token]

    def _resolve(self, kind: Kind, id_: str, props: Mapping[str, Any]) -> ImportId:
        """The core's id and properties for a resource id: a read with no state (an import) or an id in its import
        form (``<connector_id>/<id>``) reads the import id; else the id is the object's own."""
        if "/" in id_ or any(key not in props for key in kind.needs):
            found = kind.import_id(id_, self._core(kind))
            return ImportId(found.resource_id, {**found.props, **props})
        return ImportId(id_, dict(props))

    def _with_secret_slot(self, kind: Kind, bag: dict[str, Any]) -> dict[str, Any]:
        """On this face the secret values are always held apart: the core splits when the slot is present."""
        if kind.secrets and kind.secrets not in bag:
            return {**bag, kind.secrets: {}}
        return bag

    def _out(self, kind: Kind, bag: Mapping[str, Any]) -> dict[str, PropertyValue]:
        return to_properties(bag, (kind.secrets,) if kind.secrets else ())

    def _outputs(self, kind: Kind, bag: Mapping[str, Any]) -> dict[str, PropertyValue]:
        """A resource's outputs: the state, and each exposed input the program left out at its default (the state
        leaves defaults out; the schema's outputs name them, so the SDK's classes read them known)."""
        spec = kind.spec
        defaults = {
            name: spec.default(name)
            for name, field in spec.inputs.items()
            if field.output and field.default is not None and name not in bag
        }
        return self._out(kind, {**bag, **defaults})

    def _preview_outputs(self, kind: Kind, news: Mapping[str, Any], olds: Mapping[str, Any]) -> dict[str, Any]:
        """What a preview knows: the inputs as checked, and each computed output as the old state has it (an
        update keeps its ids) or unknown (a create)."""
        outputs = kind.spec.schema.inputs_of(news)
        if kind.secrets and kind.secrets in news:
            outputs[kind.secrets] = news[kind.secrets]
        for name in kind.computed():
            outputs[name] = olds.get(name, UNKNOWN)
        return outputs

    # --- the protocol ---

    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        return p.GetSchemaResponse(schema_text())

    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        return p.CheckResponse(inputs=request.new_inputs, failures=[])

    async def diff_config(self, request: p.DiffRequest) -> p.DiffResponse:
        return p.DiffResponse(changes=False)

    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        """The same ``versori:*`` keys as the dynamic face (its configure records them; the environment variables
        are read where they always are, :mod:`versori_pulumi.config`)."""
        config: dict[str, Any] = dict(request.variables)
        for key, value in request.args.items():
            full = f"{PACKAGE}:{key}"
            if full not in config and value.value is not None and not key.startswith("__"):
                config[full] = plain(value)
        self._config = config
        for core in self._providers.values():
            core.configure_values(config)
        return p.ConfigureResponse(accept_secrets=True, supports_preview=True, accept_resources=True)

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        kind = kind_of(request.type)
        olds, news = to_inputs(request.old_inputs), self._with_secret_slot(kind, to_inputs(request.new_inputs))
        result = await self._local(kind, lambda: self._core(kind).check(olds, news))
        failures = [p.CheckFailure(_program_path(f.property), f.reason) for f in result.failures or []]
        return p.CheckResponse(inputs=self._out(kind, result.inputs), failures=failures)

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        kind = kind_of(request.type)
        olds = self._with_secret_slot(kind, to_inputs(request.old_state))
        news = self._with_secret_slot(kind, to_inputs(request.new_inputs))
        for name in request.ignore_changes:
            key = _snake_top(name)
            if key in olds:
                news[key] = olds[key]
        result = await self._local(kind, lambda: self._core(kind).diff(request.resource_id, olds, news))
        return detailed_diff(kind, olds, news, result)

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        kind = kind_of(request.type)
        props = self._with_secret_slot(kind, to_inputs(request.properties))
        if request.preview:
            return p.CreateResponse(None, self._outputs(kind, self._preview_outputs(kind, props, {})))
        created = await self._run(lambda: self._core(kind).create(props))
        return p.CreateResponse(created.id, self._outputs(kind, created.outs or {}))

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        kind = kind_of(request.type)
        state = to_inputs(request.properties) or to_inputs(request.inputs)
        core = self._core(kind)

        def call() -> Any:
            found = self._resolve(kind, request.resource_id, state)
            return core.read(found.resource_id, self._with_secret_slot(kind, found.props))

        read = await self._run(call)
        if not read.id:
            return p.ReadResponse(None, {}, {})
        inputs = read.inputs if read.inputs is not None else {}
        return p.ReadResponse(read.id, self._outputs(kind, read.outs or {}), self._out(kind, inputs))

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        kind = kind_of(request.type)
        olds = self._with_secret_slot(kind, to_inputs(request.olds))
        news = self._with_secret_slot(kind, to_inputs(request.news))
        if request.preview:
            return p.UpdateResponse(self._outputs(kind, self._preview_outputs(kind, news, olds)))

        def call() -> Any:
            found = self._resolve(kind, request.resource_id, olds)
            return self._core(kind).update(found.resource_id, olds, news)

        updated = await self._run(call)
        return p.UpdateResponse(self._outputs(kind, updated.outs or {}))

    async def delete(self, request: p.DeleteRequest) -> None:
        kind = kind_of(request.type)
        props = to_inputs(request.properties)

        def call() -> None:
            found = self._resolve(kind, request.resource_id, props)
            self._core(kind).delete(found.resource_id, self._with_secret_slot(kind, found.props))

        await self._run(call)

    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        args = {key: plain(value) for key, value in request.args.items()}
        settings = self._config
        result = await self._run(lambda: invoke(request.tok, args, settings))
        return p.InvokeResponse(return_value={camel(k): v for k, v in to_properties(result).items()})


def _snake_top(path: str) -> str:
    return snake(path.split(".")[0].split("[")[0])


def _program_path(path: str) -> str:
    """A core failure's property path with its top-level name as the schema writes it."""
    head = path.split(".")[0].split("[")[0]
    return camel(head) + path[len(head) :]
