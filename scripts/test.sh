#!/usr/bin/env bash
# The project's test command: lint, type-check, then the whole suite, end-to-end tests included.
# Extra arguments go to pytest (e.g. `scripts/test.sh -k smoke`). Sets up first (scripts/bootstrap.sh: idempotent,
# seconds when warm), so on a fresh machine this one command does everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/bootstrap.sh
# shellcheck source=/dev/null
source .venv/bin/activate
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh

echo "[test] ruff check"
ruff check .
echo "[test] mypy"
mypy
echo "[test] pytest"
# pytest exits 5 when it collects nothing; under set -e that fails the run, as it should.
python -m pytest -q "$@"
