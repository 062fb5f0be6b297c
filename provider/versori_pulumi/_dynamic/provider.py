"""The base of the six resource providers as Pulumi's dynamic provider host sees them: the core's provider, plus
the host's ``configure`` request and the flag its pickler reads.

The host unpickles a provider from each resource's state and calls its methods, reading attributes of their
answers (the core's results carry the names it reads, :mod:`versori_pulumi._core.results`); it never checks a
class. So the core stays free of ``pulumi.dynamic``, and this face is the only code that knows its request shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._dynamic.host_traceback import install_host_formatter
from versori_pulumi.config import SETTINGS

if TYPE_CHECKING:
    from pulumi.dynamic import ConfigureRequest, ResourceProvider

__all__ = ["DynamicProvider", "as_resource_provider"]

install_host_formatter()  # in the dynamic provider host only: it then prints a ProviderFailure as its message


class DynamicProvider(VersoriProvider):
    """A core provider served by the dynamic provider host (pickled by reference into every resource's state)."""

    serialize_as_secret_always = False
    """The pickled provider holds no secret (it is a class reference), so it need not be a secret in state."""

    def configure(self, req: ConfigureRequest) -> None:
        """Record the stack config the engine sends; resolution (and its errors) waits until a call needs the API."""
        self.configure_values({setting.key: req.config.get(setting.key) for setting in SETTINGS})


def as_resource_provider(provider: DynamicProvider) -> ResourceProvider:
    """The provider as ``pulumi.dynamic.Resource`` is annotated to take it. The SDK's annotation names its own base
    class, whose methods return its own result classes; the host only calls the methods and reads the answers'
    attributes, which the core's results share (``tests/framework/test_results.py``)."""
    return cast("ResourceProvider", provider)
