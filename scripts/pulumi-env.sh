# shellcheck shell=bash
# Offline Pulumi settings for this repo; source it: `source scripts/pulumi-env.sh`.
#
# Puts the pinned CLI (scripts/setup-pulumi.sh) and the repo's .venv first on PATH, keeps all Pulumi
# state in the repo (gitignored) and turns off everything that would reach the network.
# provider/versori_pulumi/testing/pulumi_env.py is the Python twin of this file: keep them in step.

VERSORI_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSORI_PULUMI_VERSION=3.259.0
# The Automation API's PulumiCommand(root=...) expects the CLI at <root>/bin/pulumi.
VERSORI_PULUMI_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/versori-pulumi/pulumi-v$VERSORI_PULUMI_VERSION"
export VERSORI_REPO VERSORI_PULUMI_VERSION VERSORI_PULUMI_ROOT

export PATH="$VERSORI_PULUMI_ROOT/bin:$VERSORI_REPO/.venv/bin:$PATH"
# Plugins, workspace settings and the like; never the user's ~/.pulumi.
export PULUMI_HOME="${PULUMI_HOME:-$VERSORI_REPO/.pulumi-home}"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$VERSORI_REPO/.pulumi-state}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Local-only passphrase for the file backend's secrets; real stacks set their own.
if [[ -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    export PULUMI_CONFIG_PASSPHRASE=versori-local-only
fi
# pulumi-resource-pulumi-python runs `$PULUMI_PYTHON_CMD -m pulumi.dynamic` unless the project sets a
# virtualenv: point it at the .venv, where versori_pulumi is installed, so providers unpickle.
if [[ -x "$VERSORI_REPO/.venv/bin/python" ]]; then
    export PULUMI_PYTHON_CMD="$VERSORI_REPO/.venv/bin/python"
fi
mkdir -p "$PULUMI_HOME"
if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then mkdir -p "${PULUMI_BACKEND_URL#file://}"; fi
