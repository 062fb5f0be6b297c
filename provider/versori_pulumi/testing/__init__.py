"""Helpers for driving the real Pulumi CLI offline from tests and examples.

Each name is exported by its ``X as X`` import (the typed form of a re-export); the list is :mod:`.pulumi_env`'s.
"""

from .pulumi_env import LOCAL_PASSPHRASE as LOCAL_PASSPHRASE
from .pulumi_env import PULUMI_VERSION as PULUMI_VERSION
from .pulumi_env import PulumiCLINotFoundError as PulumiCLINotFoundError
from .pulumi_env import cli_bin_dir as cli_bin_dir
from .pulumi_env import cli_root as cli_root
from .pulumi_env import has_language_host as has_language_host
from .pulumi_env import has_yaml_host as has_yaml_host
from .pulumi_env import pulumi_env as pulumi_env
