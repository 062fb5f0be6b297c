#!/usr/bin/env bash
# Set up a dev/CI machine: .venv with versori-pulumi[dev] installed editable, then the pinned Pulumi
# CLI (scripts/setup-pulumi.sh). Idempotent; a warm run takes a few seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[bootstrap] %s\n' "$*" >&2; }

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { log "ERROR: Python >= 3.11 needed; $PYTHON is $("$PYTHON" --version 2>&1)"; exit 1; }

if [[ ! -x .venv/bin/python ]]; then
    log "creating .venv with $("$PYTHON" --version)"
    "$PYTHON" -m venv --clear .venv
fi

# Reinstall only when pyproject.toml changed since the last successful install.
stamp=.venv/.versori-pyproject.sha256
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]]; then
    log "installing versori-pulumi[dev] into .venv (editable)"
    rm -f "$stamp"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --progress-bar off -e '.[dev]'
    echo "$want" >"$stamp"
else
    log ".venv is up to date with pyproject.toml"
fi

scripts/setup-pulumi.sh
