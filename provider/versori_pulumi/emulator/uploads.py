"""Signed upload URLs (GetProtocolUploadURL): one PUT each, valid for five minutes, then readable by an import.

``uploadUrl`` is the emulator's own ``PUT /_emulator/uploads/{token}`` (the token is the credential: no bearer
key, as with a signed object-storage URL); ``url`` is ``gs://versori-emulator-uploads/{org}/{token}``, which an
import's ``schemaURL`` may name (the ``uploadUrl`` is accepted too). Uploads live in memory only.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from versori_pulumi.emulator.problems import APIProblem

__all__ = ["BUCKET", "TTL_SECONDS", "Upload", "UploadStore"]

TTL_SECONDS = 300.0
BUCKET = "versori-emulator-uploads"
UPLOAD_PATH = "/_emulator/uploads/"


@dataclass
class Upload:
    token: str
    org: str
    expires_at: float
    content_type: str | None = None
    content_length: int | None = None
    content: bytes | None = None


@dataclass
class UploadStore:
    _uploads: dict[str, Upload] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, org: str, content_type: str | None, content_length: int | None) -> Upload:
        upload = Upload(secrets.token_urlsafe(18), org, time.monotonic() + TTL_SECONDS, content_type, content_length)
        with self._lock:
            self._uploads[upload.token] = upload
        return upload

    def put(self, token: str, content: bytes, content_type: str | None) -> None:
        """Store the document: 403 for an unknown, expired or used URL; 400 when the announced type/size differ."""
        with self._lock:
            upload = self._uploads.get(token)
            if upload is None or upload.content is not None or time.monotonic() > upload.expires_at:
                raise APIProblem(403, "the upload URL is unknown, expired or already used")
            if upload.content_type and (content_type or "").split(";")[0].strip() != upload.content_type:
                raise APIProblem(400, "Content-Type differs from the one the URL was issued for")
            if upload.content_length is not None and len(content) != upload.content_length:
                raise APIProblem(400, "Content-Length differs from the one the URL was issued for")
            upload.content = content

    def read(self, org: str, url: str) -> bytes:
        """The document an import names by ``url`` or ``uploadUrl``; 400 (``schemaURL``) for anything else."""
        parts = urlsplit(url)
        token: str | None = None
        if parts.scheme == "gs" and parts.netloc == BUCKET:
            owner, _, token = parts.path.lstrip("/").partition("/")
            if owner != org:
                token = None
        elif parts.scheme in ("http", "https") and parts.path.startswith(UPLOAD_PATH):
            token = parts.path[len(UPLOAD_PATH) :]
        with self._lock:
            upload = self._uploads.get(token or "")
        if upload is None or upload.org != org:
            raise APIProblem(
                400, "the emulator imports only documents put to a URL from GetProtocolUploadURL", field="schemaURL"
            )
        if upload.content is None:
            raise APIProblem(400, "nothing was uploaded to this URL yet", field="schemaURL")
        return upload.content

    def clear(self) -> None:
        with self._lock:
            self._uploads.clear()
