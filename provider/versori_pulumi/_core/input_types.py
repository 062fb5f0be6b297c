"""Constrained input types shared by the providers' checks (pydantic ``Annotated`` types, reusable and typed)."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictBool

from versori_pulumi.models import RESERVED_VERSION_NAMES

__all__ = ["DatasetId", "HttpUrl", "Name", "StrictBool", "VersionName"]


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("must be an absolute http(s) URL, e.g. https://api.example.com")
    return value


def _not_reserved(value: str) -> str:
    if value in RESERVED_VERSION_NAMES:
        raise ValueError("latest and default are reserved by the API (they resolve to a version); choose another name")
    if "/" in value:
        raise ValueError("must not contain '/'")
    return value


Name = Annotated[str, Field(max_length=256), AfterValidator(_non_blank)]
"""A display name: non-blank, at most 256 characters."""

HttpUrl = Annotated[str, Field(max_length=2048), AfterValidator(_http_url)]
"""An absolute http(s) URL, kept exactly as written (no normalization, so no spurious diff)."""

VersionName = Annotated[Name, AfterValidator(_not_reserved)]
"""A version name: non-blank and not one of the reserved names ``latest`` and ``default``."""

_DATASET_ID = re.compile(r"[a-z][a-z0-9.:-]*[a-z0-9]\.[A-Za-z0-9_]{1,1024}")
"""``<project_id>.<dataset_name>``: a project id (lowercase, digits, hyphens; a domain-scoped one holds ``.`` and
``:``), then the dataset name (letters, digits, underscores)."""


def _dataset_id(value: str) -> str:
    if not _DATASET_ID.fullmatch(value):
        raise ValueError('must be "<project_id>.<dataset_name>", e.g. "my-project.sales"')
    return value


DatasetId = Annotated[str, Field(max_length=1100), AfterValidator(_dataset_id)]
"""A BigQuery dataset id, ``<project_id>.<dataset_name>``, kept exactly as written."""
