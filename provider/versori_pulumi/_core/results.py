"""What a core provider answers: the results of check, diff, create, read and update, the face-neutral way.

Both faces read these and nothing else. The attribute names are the ones Pulumi's dynamic provider host reads off
a provider's answer (it reads attributes, never the class), so the dynamic face passes them through as they are;
the native plugin translates them into its protocol's responses (:mod:`versori_pulumi.native.provider`).
``tests/framework/test_results.py`` holds the names equal to the Python SDK's own result classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CheckFailure", "CheckResult", "CreateResult", "DiffResult", "ReadResult", "UpdateResult"]


@dataclass(slots=True)
class CheckFailure:
    """One refused input: the property's path (in the program's names) and why."""

    property: str
    reason: str


@dataclass(slots=True)
class CheckResult:
    """The inputs as checked (canonical form, defaults filled in) and every failure found."""

    inputs: dict[str, Any]
    failures: list[CheckFailure] = field(default_factory=list)


@dataclass(slots=True)
class DiffResult:
    """Whether the inputs changed (``None``: the engine is to diff them itself), which changes replace the object,
    which properties stay as they are, and whether a replacement deletes the old object first."""

    changes: bool | None = None
    replaces: list[str] | None = None
    stables: list[str] | None = None
    delete_before_replace: bool | None = None


@dataclass(slots=True)
class CreateResult:
    """The new object's id and the resource's outputs."""

    id: str
    outs: dict[str, Any] | None = None


@dataclass(slots=True)
class ReadResult:
    """The object as read: its id (empty when it is gone), its outputs and, for a refresh or an import, its inputs."""

    id: str | None = None
    outs: dict[str, Any] | None = None
    inputs: dict[str, Any] | None = None


@dataclass(slots=True)
class UpdateResult:
    """The resource's outputs after an update."""

    outs: dict[str, Any] | None = None
