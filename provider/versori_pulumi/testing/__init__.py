"""Helpers for driving the real Pulumi CLI offline from tests and examples."""

from .pulumi_env import (
    LOCAL_PASSPHRASE,
    PULUMI_VERSION,
    PulumiCLINotFoundError,
    cli_bin_dir,
    cli_root,
    has_language_host,
    has_yaml_host,
    pulumi_env,
)

__all__ = [
    "LOCAL_PASSPHRASE",
    "PULUMI_VERSION",
    "PulumiCLINotFoundError",
    "cli_bin_dir",
    "cli_root",
    "has_language_host",
    "has_yaml_host",
    "pulumi_env",
]
