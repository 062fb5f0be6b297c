"""The native provider face: the same resources as a Pulumi plugin (``pulumi-resource-versori``).

The plugin serves the six resources and the lookups over Pulumi's provider protocol
(:mod:`pulumi.provider.experimental`), from the same check/diff/create/read/update/delete core the dynamic face's
providers hold: each request is translated (:mod:`.values`) and handed to the dynamic provider class of its kind
(:mod:`.kinds`); nothing of a lifecycle is implemented twice. See ``docs/native.md``.
"""

PACKAGE = "versori"
"""The plugin's package name: tokens are ``versori:index:<Kind>``."""

__all__ = ["PACKAGE"]
