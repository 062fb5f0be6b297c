"""``pulumi-resource-versori``: the plugin the engine starts for the ``versori`` package (``docs/native.md``)."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version


def main() -> None:
    """Entry point of the console script."""
    from versori_pulumi.native.server import serve

    try:
        own = version("versori-pulumi")
    except PackageNotFoundError:  # run from a checkout
        own = "0.0.0"
    serve(sys.argv[1:], own)


if __name__ == "__main__":
    main()
