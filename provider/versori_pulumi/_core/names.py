"""The program's names for the API's field names: what errors show. camelCase exists only on the wire.

A program writes ``scheme_type``, ``in_``, ``default_scopes``, ``value_base64``; the API's models name these fields
by their aliases (``schemeType``, ``in``, ``defaultScopes``, ``valueBase64``), and so do pydantic's error locations
and the API's 400 ``fields``. Every alias of every model maps to its field's name (``schema_`` is written
``schema`` by the program, as in ``DefinitionArgs``); anything else (a tag key, an action's name) is left as it is.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["program_name", "program_path"]

_PROGRAM_OVERRIDES = {"schema_": "schema"}
_STEP = re.compile(r"(?:(?<=^)|(?<=\.))([A-Za-z_$][A-Za-z0-9_$]*)")


@cache
def _names() -> dict[str, str]:
    from pydantic import BaseModel

    from versori_pulumi import models

    names: dict[str, str] = {}
    for export in models.__all__:
        model = getattr(models, export, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        for field, info in model.model_fields.items():
            alias = info.alias or field
            name = _PROGRAM_OVERRIDES.get(field, field)
            if alias != name:
                names.setdefault(alias, name)
    return names


def program_name(key: str) -> str:
    """``schemeType`` -> ``scheme_type``, ``in`` -> ``in_``; a key no model names is returned as it is."""
    return _names().get(key, key)


def program_path(path: str) -> str:
    """A dotted path (``credentials.action[0].authSchemeConfig.schemeType``) in the program's names."""
    return _STEP.sub(lambda match: program_name(match.group(1)), path)
