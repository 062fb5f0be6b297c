"""The core's results carry exactly the attributes Pulumi's dynamic provider host reads off the SDK's own.

The host (``python -m pulumi.dynamic``) reads a provider's answer by attribute, so the dynamic face hands it the
core's results unchanged; a renamed field here would reach users as a failed call in the host, which
tests/framework/test_provider_host_grpc.py drives for real.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pulumi.dynamic as sdk
import pytest

from versori_pulumi._core import results

PAIRS: list[tuple[type[Any], Any]] = [
    (results.CheckFailure, sdk.CheckFailure("name", "name is required")),
    (results.CheckResult, sdk.CheckResult({"name": "x"}, [])),
    (results.DiffResult, sdk.DiffResult(changes=True, replaces=[], stables=[], delete_before_replace=False)),
    (results.CreateResult, sdk.CreateResult("id-1", {"name": "x"})),
    (results.ReadResult, sdk.ReadResult("id-1", {"name": "x"}, {"name": "x"})),
    (results.UpdateResult, sdk.UpdateResult({"name": "x"})),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=[ours.__name__ for ours, _ in PAIRS])
def test_the_same_attributes_as_the_sdk(ours: type[Any], theirs: Any) -> None:
    assert {f.name for f in dataclasses.fields(ours)} == set(vars(theirs))


def test_defaults_match_the_sdk() -> None:
    """A result built with only what the providers pass reads as the SDK's would."""
    for ours, theirs in [
        (results.DiffResult(), sdk.DiffResult()),
        (results.CreateResult("id-1"), sdk.CreateResult("id-1")),
        (results.ReadResult(), sdk.ReadResult()),
        (results.UpdateResult(), sdk.UpdateResult()),
    ]:
        assert dataclasses.asdict(ours) == vars(theirs)
