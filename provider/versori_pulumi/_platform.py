"""Where the real Versori platform serves the Connect API v1 (the spec's ``servers``), and this package's version.

Both the provider configuration (:mod:`versori_pulumi.config`) and the client (:mod:`versori_pulumi.client`)
default to the URL; it lives apart from both so the client does not import the configuration (which builds
clients). The version (``versori_pulumi.__version__``, the client's User-Agent) lives here so the client does not
import the package's front (which names the resource classes).
"""

from __future__ import annotations

__all__ = ["DEFAULT_BASE_URL", "VERSION"]

VERSION = "0.2.0"
"""This package's version (``pyproject.toml`` holds the same)."""

DEFAULT_BASE_URL = "https://platform.versori.com/api/connect/v1"
"""The real platform's Connect API v1 (spec ``servers``), used when no base URL is configured."""
