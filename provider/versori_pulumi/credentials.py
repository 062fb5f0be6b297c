"""Builders for a Connection's ``credentials`` input, so programs don't spell the nested API shape by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pulumi

__all__ = ["credential"]


def credential(
    auth_scheme_config: pulumi.Input[Mapping[str, Any]],
    name: str,
    type_: str,
    data: pulumi.Input[Mapping[str, Any]],
    *,
    side: Literal["action", "trigger"] = "action",
) -> pulumi.Output[dict[str, Any]]:
    """``{"action": [{"authSchemeConfig": ..., "credential": {"name", "type", "data"}}]}`` for one credential.

    ``auth_scheme_config`` is usually an element of ``Connector.auth_scheme_configs``; ``data`` follows the
    credential type's schema (``{"value": ...}`` for ``string``) and may hold secret Outputs.
    """
    return pulumi.Output.all(auth_scheme_config, data).apply(
        lambda values: {
            side: [{"authSchemeConfig": values[0], "credential": {"name": name, "type": type_, "data": values[1]}}]
        }
    )
