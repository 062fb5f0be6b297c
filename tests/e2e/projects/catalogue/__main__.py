"""The catalogue's program as a project folder: builds the spec the test wrote to the file `catalogue:specFile` names.

The test edits that file between runs, as a person edits a program; `tests/` is on PYTHONPATH (the harness puts it
there), so the program is the catalogue's own `program`, not a copy of it.
"""

import json
from pathlib import Path

import pulumi

from e2e.plan_catalogue import program

config = pulumi.Config("catalogue")
spec_file = Path(config.require("specFile"))
program(lambda: json.loads(spec_file.read_text()), legacy_default=config.get_bool("legacyDefault") or False)()
