"""No change the provider detects is ever reported as ``same``.

``diff`` answers a change as *unknown* so that the engine diffs the old and new inputs itself and reports which
inputs changed (``diffReasons``): the dynamic provider protocol has no field for them. The engine then turns an
input diff that finds nothing into "no change", whatever the provider said. These properties model the engine's
side exactly as ``pkg/resource/deploy/step_generator.go`` (``diffResource``) does it, on random programs and edits:
whenever a provider sees a change, the engine's input diff sees at least the same inputs change, so the step is an
update or a replacement, never ``same``. The real engine is exercised by ``tests/e2e/test_plan_equals_apply.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.input_schema import has_unknown

from .test_check_fuzz import COMPUTED, FUZZ, IDS, PLAUSIBLE, PROVIDERS, outputs_like, strategies

MANY = settings(FUZZ, max_examples=2500)
"""Plausible programs are valid only now and then (unknowns, names out of range), so draw many: ~2 s each."""


def engine_input_diff(old_inputs: Mapping[str, Any], new_inputs: Mapping[str, Any]) -> set[str]:
    """The top-level keys the engine's ``oldInputs.Diff(newInputs)`` reports: added, removed or different."""
    keys = (set(old_inputs) | set(new_inputs)) - {"__provider"}
    return {key for key in keys if old_inputs.get(key) != new_inputs.get(key) or has_unknown(new_inputs.get(key))}


@pytest.mark.parametrize("cls", PROVIDERS, ids=IDS)
def test_a_detected_change_is_never_reported_as_same(cls: type[VersoriProvider]) -> None:
    provider = cls()
    schema = sys.modules[cls.__module__].SCHEMA
    seen = {"changed": 0, "same": 0}

    @MANY
    @given(first=strategies(cls, PLAUSIBLE), other=strategies(cls, PLAUSIBLE), data=st.data())
    def run(first: dict[str, Any], other: dict[str, Any], data: st.DataObject) -> None:
        # An edit: some of the program's inputs take other values, some are dropped, the rest stay.
        edited_keys = data.draw(st.sets(st.sampled_from(sorted(set(first) | set(other)))))
        second = {k: v for k, v in first.items() if k not in edited_keys}
        second.update({k: other[k] for k in edited_keys if k in other})
        created = provider.check({}, first)
        if created.failures or has_unknown(created.inputs):
            return
        old_inputs = created.inputs  # what state holds as the inputs after the create
        old_outputs = outputs_like(old_inputs, COMPUTED[cls])  # ... and as the outputs diff receives
        edited = provider.check(old_inputs, second)
        if edited.failures:
            return
        result = provider.diff("id", old_outputs, edited.inputs)
        detected = set(schema.changed_fields(old_outputs, edited.inputs))
        engine = engine_input_diff(old_inputs, edited.inputs)
        if result.changes is None:  # unknown: the engine decides from the input diff
            seen["changed"] += 1
            assert detected <= engine, (detected, engine)
            assert engine, "the provider saw a change the engine would report as same"
        else:
            seen["same"] += 1
            assert result.changes is False and not detected and not result.replaces
        assert set(result.replaces or []) <= detected | engine

    run()
    assert seen["changed"] >= 2 and seen["same"] >= 2, seen  # not vacuous (some providers see few valid programs)
