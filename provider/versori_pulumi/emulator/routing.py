"""The route class of every API router: lenient request bodies, and responses serialised from read models.

Handlers return the API's read models (:mod:`~versori_pulumi.emulator.views` builds them from records) and FastAPI
serialises them by alias. A view sets exactly the fields the platform sends (Go's ``omitempty`` leaves empty
optional ones out, ``publishedAt: null`` stays), so responses leave out the fields a view did not set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from versori_pulumi.emulator.lenient import LenientRoute

__all__ = ["APIRoute"]


class APIRoute(LenientRoute):
    """A lenient route whose response model is serialised with ``exclude_unset``."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["response_model_exclude_unset"] = True
        super().__init__(path, endpoint, **kwargs)
