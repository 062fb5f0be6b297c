"""Kept for existing imports: the version-contents models now live in :mod:`versori_pulumi.models.contents` (and
are re-exported by :mod:`versori_pulumi.models`); ``from versori_pulumi.models_contents import X`` keeps working."""

from __future__ import annotations

from .models.contents import *  # noqa: F403
from .models.contents import __all__ as __all__
