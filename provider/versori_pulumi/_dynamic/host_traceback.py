"""The dynamic provider host prints a failed call's ``traceback.format_exc()``: there, a ProviderFailure is reported
as its message alone (the traceback only when asked for, ``VERSORI_DEBUG``), every other exception as before.

Apart from :mod:`versori_pulumi._core.failures` (the messages) because it patches the host, a face's own concern:
the native plugin reports failures through gRPC and never installs it.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

from versori_pulumi._core.failures import ProviderFailure, debug_requested, in_dynamic_host

__all__ = ["install_host_formatter"]


class _HostTraceback:
    """Stands in for the ``traceback`` module inside the provider host: a ProviderFailure is reported as its
    message (the traceback only when asked for); every other exception is formatted exactly as before."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def format_exc(self, limit: int | None = None, chain: bool = True) -> str:
        exc = sys.exc_info()[1]
        if isinstance(exc, ProviderFailure):
            return exc.report(debug_requested())
        text: str = self._real.format_exc(limit, chain)
        return text


def install_host_formatter() -> bool:
    """In the dynamic provider host, route its ``traceback.format_exc()`` through :class:`_HostTraceback`.

    A no-op anywhere else (the program, tests calling providers directly) and when the host is not laid out as
    expected; then a ProviderFailure still reads well, as a short traceback ending in the same message.
    """
    if not in_dynamic_host():
        return False
    host = sys.modules["__main__"]
    current = getattr(host, "traceback", None)
    if isinstance(current, _HostTraceback):
        return True
    if current is not traceback:
        return False
    host.traceback = _HostTraceback(traceback)  # type: ignore[attr-defined]
    return True
