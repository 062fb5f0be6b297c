"""Fixtures for the end-to-end tests: the pinned Pulumi CLI and a stack factory that cleans up."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi import automation as auto

from .harness import StackFactory, pulumi_command


@pytest.fixture(scope="session")
def pulumi_cli() -> auto.PulumiCommand:
    """The pinned CLI; fails (not skips) with a pointer to scripts/setup-pulumi.sh when missing."""
    return pulumi_command()


@pytest.fixture
def stack_factory(tmp_path: Path, pulumi_cli: auto.PulumiCommand) -> Iterator[StackFactory]:
    """Makes inline-program stacks under tmp_path; destroys and removes them afterwards."""
    factory = StackFactory(tmp_path / "pulumi", pulumi_cli)
    yield factory
    factory.cleanup()


@pytest.fixture(autouse=True)
def collect_garbage_after_each_test() -> Iterator[None]:
    """A failed inline `up` leaves the SDK's program coroutine suspended; its finalizer runs Python code whenever it
    is collected, and under CPython 3.11.7 a collection in the middle of compiling a module (pytest rewriting one
    at session end) fails the run with "SystemError: AST constructor recursion depth mismatch". Collect it here."""
    yield
    gc.collect()
