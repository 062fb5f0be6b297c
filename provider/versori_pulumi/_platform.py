"""Where the real Versori platform serves the Connect API v1 (the spec's ``servers``).

Both the provider configuration (:mod:`versori_pulumi.config`) and the client (:mod:`versori_pulumi.client`)
default to it; it lives apart from both so the client does not import the configuration (which builds clients).
"""

from __future__ import annotations

__all__ = ["DEFAULT_BASE_URL"]

DEFAULT_BASE_URL = "https://platform.versori.com/api/connect/v1"
"""The real platform's Connect API v1 (spec ``servers``), used when no base URL is configured."""
