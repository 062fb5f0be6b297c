"""Fixtures for the end-to-end tests: the pinned Pulumi CLI and a stack factory that cleans up."""

from __future__ import annotations

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
