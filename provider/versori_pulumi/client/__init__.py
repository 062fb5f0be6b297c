"""HTTP client of the Versori Connect API v1: the one place this package talks to the API.

:class:`ConnectClient` is one class made of one part per API area, each in its own module with its endpoints:
:mod:`._connectors` (connectors, HTTP and BigQuery), :mod:`._versions`, :mod:`._connections`, :mod:`._library`
(categories, protocols, auth schemes, the public library and library imports), :mod:`._contents` (a version's
actions, triggers, definitions and raw schemas) and :mod:`._imports` (upload URLs and OpenAPI imports).
:mod:`._base` holds what they share (session, identity, organisation paths, paging, deletes).

The request path (send, log, map errors, retry idempotent calls) is :mod:`._http`, its retry policy :mod:`._retry`.
Non-idempotent POSTs are never blindly repeated: after a failure that may have been applied, the object is first
looked up by its natural key with the client's own finders (``find_connector_by_name``, ``find_version``,
``find_connection_by_name``, ``find_library_copy``) and returned if the lost request had landed. The client imports
nothing of the providers (the registry of resource kinds calls these finders) nor the OpenAPI mapping.
Behaviour details: ``docs/api-behaviour.md``.
"""

from __future__ import annotations

from .._platform import DEFAULT_BASE_URL
from ._base import MAX_PAGE_SIZE
from ._connections import ConnectionsAPI
from ._connectors import ConnectorsAPI
from ._contents import ContentsAPI
from ._imports import ImportsAPI
from ._library import LibraryAPI
from ._versions import VersionsAPI

__all__ = ["DEFAULT_BASE_URL", "MAX_PAGE_SIZE", "ConnectClient"]


class ConnectClient(ImportsAPI, LibraryAPI, ConnectionsAPI, ConnectorsAPI, ContentsAPI, VersionsAPI):
    """A thread-safe client of one organisation of the Connect API, over one pooled ``httpx.Client``.

    Args:
        base_url: API root, e.g. ``https://platform.versori.com/api/connect/v1`` or an emulator's ``.base_url``.
        organisation_id: the organisation every ``/o/{org}`` path uses.
        api_key: sent as ``Authorization: Bearer``; never logged, repr'd or put in an error message.
        timeout: seconds per HTTP attempt.
        retry_deadline: seconds one client call may spend retrying, look-ups included.
        max_attempts: attempts per client call (each POST loop round counts one).
        transport: an ``httpx`` transport, e.g. ``httpx.MockTransport`` in tests.
        sleep, clock: seams for tests (defaults ``time.sleep``, ``time.monotonic``).
    """
