"""A local emulator of the Versori Connect API v1, for tests, the demo and the examples.

``EmulatorServer`` runs it on a loopback port in a background thread; ``create_app`` gives the bare FastAPI app;
``versori-emulator`` (or ``python -m versori_pulumi.emulator``) serves it from the command line. Behaviour follows
``docs/api-behaviour.md``; the seeded public library's ids are the ``LIBRARY_*`` constants.
"""

try:  # the emulator's web stack comes with the package's `emulator` extra, not with the providers
    import fastapi as _fastapi  # noqa: F401
    import uvicorn as _uvicorn  # noqa: F401
except ModuleNotFoundError as missing:
    raise ModuleNotFoundError(
        f"the Versori emulator needs the package's `emulator` extra ({missing}): "
        "pip install 'versori-pulumi[emulator]'",
        name=missing.name,
    ) from missing

from versori_pulumi.emulator.app import create_app
from versori_pulumi.emulator.seed import LIBRARY_OPEN_METEO_ID, LIBRARY_ORG_ID, LIBRARY_SHOPIFY_ID, LIBRARY_SLACK_ID
from versori_pulumi.emulator.server import EmulatorServer
from versori_pulumi.emulator.settings import BASE_PATH, EmulatorSettings

__all__ = [
    "BASE_PATH",
    "LIBRARY_OPEN_METEO_ID",
    "LIBRARY_ORG_ID",
    "LIBRARY_SHOPIFY_ID",
    "LIBRARY_SLACK_ID",
    "EmulatorServer",
    "EmulatorSettings",
    "create_app",
]
