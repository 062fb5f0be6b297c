"""A null dynamic provider: the engine's floor for the benchmark, on the same program shape, with no HTTP.

It stores its inputs as outputs and does nothing else, so a stack of these costs what the engine, the language
host, the SDK's dynamic-provider machinery (dill, gRPC, the 4-thread host) cost, and no more. The benchmark runs
the same N x (connector, version, connection) shape with it, side by side with the real providers, and divides.
Installed in the package so the provider host imports it by reference, as it does ours.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
import pulumi.dynamic

from versori_pulumi._program.pickler import reset_pickler

__all__ = ["NullProvider", "NullResource"]


class NullProvider(pulumi.dynamic.ResourceProvider):
    """Check passes the inputs through; diff compares them (no change, or an update); create/update/read echo them;
    delete does nothing."""

    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
        return pulumi.dynamic.CheckResult(news, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        keys = (set(_olds) | set(_news)) - {"__provider"}
        changed = any(_olds.get(key) != _news.get(key) for key in keys)
        return pulumi.dynamic.DiffResult(changes=changed)  # an update when any input differs, as ours says

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        return pulumi.dynamic.CreateResult(uuid.uuid4().hex, props)

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        return pulumi.dynamic.ReadResult(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        return pulumi.dynamic.UpdateResult(_news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NullResource(pulumi.dynamic.Resource, module="null", name="Null"):
    """One null resource: ``props`` are its inputs (nested values and Outputs allowed), echoed as outputs."""

    def __init__(self, resource_name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None) -> None:
        reset_pickler()  # the same SDK workaround as ours, so the floor is not slowed by the SDK's pickler chain
        super().__init__(NullProvider(), resource_name, dict(props), opts)
