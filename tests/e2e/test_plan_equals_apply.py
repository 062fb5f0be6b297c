"""Plan equals apply, on the real engine: for every edit of the catalogue, the operation the preview announces for
each resource is the one ``up`` then performs, and the preview after that ``up`` is empty.

The catalogue (``plan_catalogue.EDITS``) is applied in order to one stack, each edit on top of the last, the way a
team's program evolves; a property-based variant applies random sequences of it to fresh stacks. The program runs as
users run theirs: a project folder (``projects/catalogue``) driven by the plain CLI through the language host, the
spec it builds written to a file between runs.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pulumi import automation as auto

from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer

from .harness import StackFactory
from .plan_catalogue import (
    EDITS,
    REFRESH_STEPS,
    Edit,
    Spec,
    apply_edit,
    base_spec,
    diffs_of,
    expected_ops,
    ops_of,
    refresh_secrets,
    refresh_spec,
    teardown_spec,
)

pytestmark = pytest.mark.e2e

LEGACY = os.environ.get("VERSORI_CATALOGUE_LEGACY") == "1"  # measure the old API (default=True on versions)
CATALOGUE_PROJECT = Path(__file__).resolve().parent / "projects" / "catalogue"


class Run:
    """One stack driven through edits, recording what preview and up did for each."""

    def __init__(
        self, factory: StackFactory, emulator: EmulatorServer, name: str, face: str = "versori_pulumi"
    ) -> None:
        self.spec: Spec = base_spec(LIBRARY_SLACK_ID)
        self.spec_file = factory.base_dir / f"{name}.spec.json"
        self.stack = factory.create_project(
            factory.project_folder(CATALOGUE_PROJECT),
            stack_name=name,
            config={
                "versori:baseUrl": emulator.base_url,
                "versori:organisationId": emulator.org_id,
                "catalogue:specFile": str(self.spec_file),
                "catalogue:legacyDefault": str(LEGACY).lower(),
                "catalogue:face": face,
            },
            secrets={"versori:apiKey": emulator.api_key},
        )
        self.rows: list[tuple[str, dict[str, str], dict[str, str], dict[str, str]]] = []
        self.reasons: dict[str, dict[str, list[str]]] = {}

    def write_program(self) -> None:
        """The edit, made where the program reads it."""
        self.spec_file.write_text(json.dumps(self.spec))

    def up(self) -> dict[str, str]:
        self.write_program()
        events: list[auto.EngineEvent] = []
        self.stack.up(on_event=events.append)
        return ops_of(events)

    def preview(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """The planned operations and changed inputs; the ``--diff`` text shown to a reviewer holds no secret."""
        self.write_program()
        events: list[auto.EngineEvent] = []
        text: list[str] = []
        self.stack.preview(on_event=events.append, diff=True, on_output=text.append)
        shown = "\n".join(text)
        for secret in secrets_of(self.spec):
            assert secret not in shown, f"secret in `pulumi preview --diff`: {secret}"
        return ops_of(events), diffs_of(events)

    def step(self, edit: Edit) -> bool:
        """Apply one edit: preview, up, preview again; False when the edit did not fit the spec."""
        edited = apply_edit(self.spec, edit)
        if edited is None:
            return False
        before, self.spec = self.spec, edited
        planned, reasons = self.preview()
        applied = self.up()
        after, _ = self.preview()
        self.rows.append((edit.name, changed(planned), changed(applied), expected_ops(before, edited, edit)))
        assert planned == applied, f"{edit.name}: preview {changed(planned)} but up {changed(applied)}"
        assert changed(after) == {}, f"{edit.name}: the preview after up is not empty: {changed(after)}"
        for name, op in changed(planned).items():
            if op in ("update", "replace"):
                assert reasons.get(name), f"{edit.name}: {name} {op} has no diffReasons"
        for name, wanted in edit.reasons.items():
            assert wanted <= set(reasons.get(name, [])), f"{edit.name}: {name} diffReasons {reasons.get(name)}"
        self.reasons[edit.name] = {name: reasons.get(name, []) for name in changed(planned)}
        return True

    def table(self) -> str:
        lines = ["| edit | preview | up | expected |", "|---|---|---|---|"]
        for name, planned, applied, expected in self.rows:
            lines.append(f"| {name} | {fmt(planned)} | {fmt(applied)} | {fmt(expected)} |")
        return "\n".join(lines)


def secrets_of(spec: Spec) -> list[str]:
    found = [c["secret"] for c in spec["connections"].values()]
    if spec.get("imported"):
        found.append(spec["imported"]["connection"]["secret"])
    return found


def changed(ops: dict[str, str]) -> dict[str, str]:
    return {name: op for name, op in sorted(ops.items()) if op != "same"}


def fmt(ops: dict[str, str]) -> str:
    return ", ".join(f"{name}: {op}" for name, op in ops.items()) or "(none)"


def run_catalogue(emulator: EmulatorServer, stack_factory: StackFactory, face: str = "versori_pulumi") -> None:
    """Every catalogue edit in order on one stack of ``face`` (``pulumi_versori``: the native face); fails listing
    each edit whose preview differed from its up or whose up differed from the expected operations."""
    run = Run(stack_factory, emulator, "catalogue", face)
    run.up()
    assert changed(run.preview()[0]) == {}
    failures: list[str] = []
    for edit in EDITS:
        try:
            assert run.step(edit), f"{edit.name} did not fit the catalogue's sequence"
        except AssertionError as exc:
            failures.append(str(exc))
            continue
        if not LEGACY:
            name, _, applied, expected = run.rows[-1]
            if applied != expected:
                failures.append(f"{name}: up did {applied}, a correct provider does {expected}")
    print("\n" + run.table())
    print("\ndiffReasons:", json.dumps(run.reasons, indent=1))
    run.spec = teardown_spec(run.spec)
    run.up()
    assert not failures, "\n".join(failures)


def test_every_catalogue_edit_previews_what_up_does(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    run_catalogue(emulator, stack_factory)


EDIT_NAMES = [edit.name for edit in EDITS]


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(sequence=st.lists(st.sampled_from(EDIT_NAMES), min_size=3, max_size=5, unique=True))
def test_random_edit_sequences_preview_what_up_does(
    sequence: list[str], emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    """Random sequences of catalogue edits (three of 3-5 distinct edits each, at most 4 minutes each): at every step
    the preview's operations equal those of the up that follows, and the preview after it is empty."""
    started = time.monotonic()
    run = Run(stack_factory, emulator, f"random-{abs(hash(tuple(sequence))) % 10_000}")
    run.up()
    by_name: dict[str, Edit] = {edit.name: edit for edit in EDITS}
    steps: list[Any] = []
    for name in sequence:
        if time.monotonic() - started > 240:
            break
        steps.append((name, run.step(by_name[name])))
    print(f"\nsequence {steps}\n" + run.table())
    run.spec = teardown_spec(run.spec)
    run.up()
    run.stack.destroy()


def test_refresh_shows_no_drift_for_every_scheme_and_credential_type(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    """Every resource kind, every auth scheme type (OAuth 2.0 with each grant, secrets included) and every credential
    type that fits one: ``up``, then ``refresh --expect-no-changes`` and ``preview --expect-no-changes``, twice. The
    masked client secrets and credential data (on the connector and in each connection's copy of its config) are
    no drift."""
    folder = stack_factory.project_folder(CATALOGUE_PROJECT)
    spec_file = stack_factory.base_dir / "refresh.spec.json"
    spec_file.write_text(json.dumps(refresh_spec(LIBRARY_SLACK_ID)))
    stack = stack_factory.create_project(
        folder,
        stack_name="refresh",
        config={
            "versori:baseUrl": emulator.base_url,
            "versori:organisationId": emulator.org_id,
            "catalogue:specFile": str(spec_file),
            "catalogue:program": "refresh",
        },
        secrets={"versori:apiKey": emulator.api_key},
    )
    counts: list[tuple[str, dict[str, int]]] = []
    for step in REFRESH_STEPS:
        events: list[auto.EngineEvent] = []
        text: list[str] = []
        try:
            if step == "up":
                stack.up(on_event=events.append)
            elif step == "refresh":
                stack.refresh(on_event=events.append, expect_no_changes=True, on_output=text.append)
            else:
                stack.preview(on_event=events.append, expect_no_changes=True, diff=True, on_output=text.append)
        except auto.CommandError as exc:
            raise AssertionError(f"{step} --expect-no-changes failed:\n{exc}") from exc
        shown = "\n".join(text)
        for secret in refresh_secrets():
            assert secret not in shown, f"secret in `pulumi {step}`: {secret}"
        summary = next(e.summary_event for e in reversed(events) if e.summary_event is not None)
        counts.append((step, dict(summary.resource_changes)))
    print("\nrefresh catalogue:", counts)
    resources = counts[0][1].get("create", 0)
    assert resources >= 21, counts  # every kind: 2 connectors, 2 versions, the default, the import, 15 connections
    for step, changes in counts[1:]:
        assert set(changes) <= {"same"} and changes.get("same", 0) >= resources, (step, changes)
