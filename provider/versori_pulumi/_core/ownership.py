"""The crash-safe large-stack mode (``versori:adoptOwned``): a create that finds its object already made *by this
stack* takes it over instead of failing.

With ``PULUMI_SKIP_CHECKPOINTS=true`` a hard-killed ``up`` leaves no record of the creates in flight, so the next
``up`` creates them again and meets their names taken. To tell "made by this stack, its answer lost" from "made by
someone else", each connector this stack creates carries a marker tag naming the stack (``versori-pulumi.owner:
<organization>/<project>/<stack>``), written in the same request that creates it; the provider hides it from the
connector's ``tags`` on read and keeps it on every update. Versions and connections follow their connector: a taken
name under a connector marked as this stack's is adopted. Nothing unmarked, or marked by another stack, is ever
adopted this way (``adopt_existing`` remains the explicit way). Off unless ``versori:adoptOwned`` (stack config) or
``$VERSORI_ADOPT_OWNED`` is true.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from versori_pulumi.config import ADOPT_OWNED, ConfigGetter, enabled

__all__ = [
    "OWNER_TAG",
    "adopt_owned_enabled",
    "is_owned_by",
    "marked",
    "unmarked",
    "with_previous_owner",
]

OWNER_TAG = "versori-pulumi.owner"


def adopt_owned_enabled(get: ConfigGetter | None, env: Mapping[str, str] | None = None) -> bool:
    """Whether the mode is on (:data:`versori_pulumi.config.ADOPT_OWNED`: stack config, environment, default off)."""
    return enabled(ADOPT_OWNED, get, env)


def marked(tags: Mapping[str, list[str]], owner: str) -> dict[str, list[str]]:
    """The tags to write: the program's, plus the marker."""
    return {**tags, OWNER_TAG: [owner]}


def unmarked(tags: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The tags as the program declares them: without the marker."""
    return {key: value for key, value in tags.items() if key != OWNER_TAG}


def is_owned_by(tags: Mapping[str, list[str]] | None, owner: Any) -> bool:
    """Whether tags carry this stack's marker (and nothing else under that key)."""
    return isinstance(owner, str) and bool(owner) and list((tags or {}).get(OWNER_TAG, [])) == [owner]


def with_previous_owner(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """The new inputs, with the stack name applied earlier when the program no longer sends one (the mode was
    turned off): the marker it wrote stays on the connector's updates, and the inputs diff as no change."""
    previous = olds.get("owner")
    if news.get("owner") is None and isinstance(previous, str) and previous:
        return {**news, "owner": previous}
    return dict(news)
