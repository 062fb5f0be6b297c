#!/usr/bin/env bash
# The main job: set everything up (virtualenv, package, pinned Pulumi CLI; idempotent), start the emulator on a
# free port, run `pulumi up` on the demo stack (Pulumi.yaml + demo/) and then a `pulumi preview` that must show no
# changes. Extra arguments go to scripts/run_demo.py (e.g. --destroy).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/bootstrap.sh
# shellcheck source=/dev/null
source .venv/bin/activate
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh
python scripts/run_demo.py "$@"
