"""The core's diff as the engine's detailed diff: per property, update or replace, add or delete.

The dynamic face answers a change as *unknown* and lets the engine diff the inputs itself (its protocol carries
no property-level diff); here the plugin names each changed property and whether it replaces, from the core's
own answer (its ``stables`` and ``replaces``), so both faces decide alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental import provider as p

from versori_pulumi._core.results import DiffResult
from versori_pulumi.native.kinds import Kind
from versori_pulumi.native.values import camel

__all__ = ["detailed_diff"]

_K = p.PropertyDiffKind


def _top(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def detailed_diff(kind: Kind, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> p.DiffResponse:
    """The engine's diff of one resource from the core's."""
    stables = set(result.stables or [])
    replaced = {_top(path) for path in result.replaces or []}
    names = [name for name in kind.spec.inputs if kind.spec.inputs[name].diffed]
    if kind.secrets:
        names.append(kind.secrets)
    changed = [name for name in names if name not in stables] if result.changes is not False else []
    changed += [name for name in replaced if name not in changed]
    detail: dict[str, p.PropertyDiff] = {}
    for name in changed:
        old, new = olds.get(name), news.get(name)
        replace = name in replaced
        if old is None and new is not None:
            diff_kind = _K.ADD_REPLACE if replace else _K.ADD
        elif new is None and old is not None:
            diff_kind = _K.DELETE_REPLACE if replace else _K.DELETE
        else:
            diff_kind = _K.UPDATE_REPLACE if replace else _K.UPDATE
        detail[camel(name)] = p.PropertyDiff(diff_kind, True)
    return p.DiffResponse(
        changes=bool(detail),
        replaces=[camel(name) for name in changed if name in replaced],
        stables=[camel(name) for name in stables],
        delete_before_replace=bool(result.delete_before_replace),
        diffs=[camel(name) for name in detail],
        detailed_diff=detail,
    )
