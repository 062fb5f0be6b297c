"""A program may declare more dynamic resources than Python's recursion limit (found by the benchmark at N=200).

``pulumi.dynamic`` re-wraps the pickler on every dynamic resource and never unwraps it; without
``resources._reset_pickler`` the ~980th resource of a process fails with RecursionError. Run in a subprocess so its
mocks do not meet the other tests' mocks.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent(
    """
    import pulumi

    class Mocks(pulumi.runtime.Mocks):
        def new_resource(self, args):
            return f"{args.name}-id", dict(args.inputs)

        def call(self, args):
            return {}, None

    pulumi.runtime.set_mocks(Mocks(), preview=False)
    from versori_pulumi.resources import Connection, ConnectionArgs, Connector, ConnectorArgs
    from versori_pulumi.resources import ConnectorVersion, ConnectorVersionArgs

    for i in range(500):
        connector = Connector(f"c{i}", ConnectorArgs(name=f"c{i}", base_url="https://x.test"))
        ConnectorVersion(f"v{i}", ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0"))
        Connection(f"n{i}", ConnectionArgs(connector_id=connector.connector_id, name="production"))
    print("declared", 3 * 500)
    """
)


def test_1500_dynamic_resources_in_one_process() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "declared 1500" in done.stdout, done.stderr[-2000:]
