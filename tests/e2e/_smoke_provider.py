"""A trivial dynamic provider for the engine smoke test.

Each resource is a marker file, so the test can see that create and delete really ran in the
provider host; outputs report which interpreter that host is and whether versori_pulumi imports there.
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider


class EchoProvider(ResourceProvider):
    """Writes <folder>/<id> holding the message; echoes the message upper-cased."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        resource_id = uuid.uuid4().hex
        Path(props["folder"], resource_id).write_text(props["message"])
        spec = importlib.util.find_spec("versori_pulumi")
        outs = {
            **props,
            "echoed": props["message"].upper(),
            "host_python": sys.executable,
            "versori_pulumi_origin": spec.origin if spec else "",
        }
        return CreateResult(id_=resource_id, outs=outs)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [key for key in ("folder", "message") if olds.get(key) != news.get(key)]
        return DiffResult(changes=bool(changed), replaces=changed, delete_before_replace=True)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        Path(props["folder"], id_).unlink(missing_ok=True)


class Echo(Resource):
    """A marker file in folder holding message."""

    echoed: pulumi.Output[str]
    host_python: pulumi.Output[str]
    versori_pulumi_origin: pulumi.Output[str]

    def __init__(self, name: str, folder: str, message: str, opts: pulumi.ResourceOptions | None = None) -> None:
        props = {
            "folder": folder,
            "message": message,
            "echoed": None,
            "host_python": None,
            "versori_pulumi_origin": None,
        }
        super().__init__(EchoProvider(), name, props, opts)
