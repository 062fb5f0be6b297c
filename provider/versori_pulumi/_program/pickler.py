"""A workaround for the Pulumi SDK's pickler, run before each dynamic resource is registered."""

from __future__ import annotations

import pickle

__all__ = ["reset_pickler"]


def reset_pickler() -> None:
    """Undo the pickler patch ``pulumi.dynamic`` leaves behind, before the next dynamic resource is registered.

    ``pulumi.dynamic.serialize_provider`` (run by every dynamic resource's constructor) wraps
    ``pickle._Pickler._batch_setitems`` in a sorting function and never restores it, so each resource adds one
    wrapper around the last: pickling gets slower with every resource, and after about 980 dynamic resources in one
    process (one big program, or an Automation API process running several updates) it fails with RecursionError.
    Unwrapping to the original keeps the chain one deep; the sorted, deterministic pickling stays as Pulumi wants.
    """
    method = pickle._Pickler._batch_setitems  # type: ignore[attr-defined]
    while getattr(method, "__name__", "").startswith("batch_set_items_sorted") and method.__closure__:
        inner = [cell.cell_contents for cell in method.__closure__ if callable(cell.cell_contents)]
        if len(inner) != 1:
            break
        method = inner[0]
    pickle._Pickler._batch_setitems = method  # type: ignore[attr-defined]
