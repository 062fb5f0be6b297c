"""The catalogue's program as a project folder: builds the spec the test wrote to the file `catalogue:specFile` names
(`catalogue:program`: `edits`, the default, for the plan-equals-apply edits; `refresh` for the refresh catalogue).

The test edits that file between runs, as a person edits a program; `tests/` is on PYTHONPATH (the harness puts it
there), so the program is the catalogue's own `program`, not a copy of it.
"""

import json
from pathlib import Path

import pulumi

from e2e.plan_catalogue import program, refresh_program

config = pulumi.Config("catalogue")
spec_file = Path(config.require("specFile"))
spec = json.loads(spec_file.read_text())
if config.get("program") == "refresh":
    refresh_program(lambda: spec)()
else:
    program(
        lambda: spec,
        legacy_default=config.get_bool("legacyDefault") or False,
        face=config.get("face") or "versori_pulumi",
    )()
