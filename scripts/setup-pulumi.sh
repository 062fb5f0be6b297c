#!/usr/bin/env bash
# Provide the pinned Pulumi CLI, the Python dynamic-provider plugin, Pulumi's YAML language host and
# (when one is at hand) the Python language host in one cache bin dir:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/versori-pulumi/pulumi-v3.259.0/bin
#
# Order of preference for the CLI: what the cache already holds; a `pulumi` on PATH of this version
# or newer (linked into the cache bin); else a build from the Go module proxy (the CLI's installer is
# unreachable here). The build happens once; later runs take a second or two.
set -euo pipefail

PULUMI_VERSION=3.259.0
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/versori-pulumi"
ROOT="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"
BIN="$ROOT/bin"
BUILD_DIR="$CACHE_ROOT/build-v$PULUMI_VERSION"

# Pulumi's YAML language host (YAML programs on the native face); its module has no replace directives,
# so a plain `go install module/cmd@version` builds it.
YAML_VERSION=1.25.0
YAML_CMD=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml

PKG_MOD=github.com/pulumi/pulumi/pkg/v3
SDK_MOD=github.com/pulumi/pulumi/sdk/v3
# Without the version stamp `pulumi version` prints a dev version the Automation API cannot parse.
LDFLAGS="-X $SDK_MOD/go/common/version.Version=v$PULUMI_VERSION"

log() { printf '[setup-pulumi] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints the version (without the leading v) of a pulumi binary, or nothing.
cli_version() {
    [[ -x "$1" ]] || return 0
    { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null || true; } | sed -n 's/^v//p' | head -n1
}

# True when version $1 >= $PULUMI_VERSION.
new_enough() { [[ -n "$1" && "$(printf '%s\n%s\n' "$PULUMI_VERSION" "$1" | sort -V | head -n1)" == "$PULUMI_VERSION" ]]; }

# Non-login shells (CI) may lack the Go toolchain's usual folder on PATH.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="$PATH:/usr/local/go/bin"; fi
need_go() { command -v go >/dev/null || die "Go is needed to build Pulumi v$PULUMI_VERSION (install Go >= 1.25)."; }

# Writes a throwaway wrapper module in $1 requiring the modules "$2..." (path@version) and importing
# the packages listed in $TOOLS; pkg/v3 has replace directives, so `go install pkg@version` refuses it.
wrapper_module() {
    local dir=$1; shift
    mkdir -p "$dir"
    printf 'module versori-pulumi/cli-build\n\ngo 1.25\n' >"$dir/go.mod"
    {
        printf '//go:build tools\n\npackage tools\n\nimport (\n'
        printf '\t_ "%s"\n' "${TOOLS[@]}"
        printf ')\n'
    } >"$dir/tools.go"
    (cd "$dir" && go mod edit "${@/#/-require=}" && go mod tidy)
}

go_build() { # $1 = module dir, $2 = package, $3 = output
    (cd "$1" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" -o "$3.tmp" "$2")
    mv -f "$3.tmp" "$3"
}

obtain_cli() {
    local have found
    have=$(cli_version "$BIN/pulumi")
    if new_enough "$have"; then
        log "pulumi v$have already in $BIN"
        return
    fi
    # A pulumi on PATH that is not our own cache entry.
    found=$(command -v pulumi || true)
    if [[ -n "$found" && "$(readlink -f "$found")" != "$(readlink -f "$BIN/pulumi" 2>/dev/null || true)" ]]; then
        have=$(cli_version "$found")
        if new_enough "$have"; then
            log "using pulumi v$have from PATH ($found)"
            ln -sf "$(readlink -f "$found")" "$BIN/pulumi"
            return
        fi
        log "ignoring pulumi ${have:-of unknown version} on PATH ($found): need >= v$PULUMI_VERSION"
    fi
    need_go
    log "building pulumi v$PULUMI_VERSION from Go modules in $BUILD_DIR (one-off; ~1 min download, several min compile)"
    local start=$SECONDS
    TOOLS=("$PKG_MOD/cmd/pulumi")
    wrapper_module "$BUILD_DIR/cli" "$PKG_MOD@v$PULUMI_VERSION" "$SDK_MOD@v$PULUMI_VERSION"
    log "modules ready after $((SECONDS - start)) s; compiling"
    go_build "$BUILD_DIR/cli" "$PKG_MOD/cmd/pulumi" "$BIN/pulumi"
    have=$(cli_version "$BIN/pulumi")
    [[ "$have" == "$PULUMI_VERSION" ]] || die "built pulumi reports version '${have}', expected $PULUMI_VERSION"
    log "built pulumi v$have in $((SECONDS - start)) s"
}

# The dynamic-provider plugin and the exec shim are plain scripts shipped in the sdk/v3 module (and
# next to the CLI in an official install).
obtain_plugin_scripts() {
    local name src dir=""
    for name in pulumi-resource-pulumi-python pulumi-language-python-exec; do
        [[ -x "$BIN/$name" ]] && continue
        src="$(dirname "$(readlink -f "$BIN/pulumi")")/$name"
        if [[ ! -f "$src" ]]; then
            if [[ -z "$dir" ]]; then
                need_go
                dir=$(go mod download -json "$SDK_MOD@v$PULUMI_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
                [[ -d "$dir" ]] || die "could not download $SDK_MOD@v$PULUMI_VERSION"
            fi
            src=$(find "$dir/python" -name "$name" -type f | head -n1)
        fi
        [[ -f "$src" ]] || die "$name not found (looked next to pulumi and in $SDK_MOD@v$PULUMI_VERSION/python)"
        # Module cache files are read-only: copy, then make the copy writable and executable.
        cp -f "$src" "$BIN/$name"
        chmod 0755 "$BIN/$name"
        log "installed $name"
    done
}

# The Python language host, which `pulumi up` in a project folder needs (Automation API inline programs run without
# it). The Go module proxy refuses its module, so it is never built here; it is taken, in this order, from:
#   1. $VERSORI_PULUMI_LANGUAGE_PYTHON (a path to the binary), when set;
#   2. ../shared/pulumi/ beside the repository (a build of v$PULUMI_VERSION provided with this workplace);
#   3. a regular Pulumi installation: next to the CLI in use, on PATH, or in ~/.pulumi/bin.
# Without one, everything else works and this says so once. It is copied, not linked: the host looks for
# pulumi-language-python-exec beside its own resolved path, which is this bin dir.
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
language_host_candidates() {
    printf '%s\n' "$REPO_DIR/../shared/pulumi/pulumi-language-python"
    printf '%s\n' "$(dirname "$(readlink -f "$BIN/pulumi")")/pulumi-language-python"
    command -v pulumi-language-python 2>/dev/null || true
    printf '%s\n' "$HOME/.pulumi/bin/pulumi-language-python"
}

install_language_host() {
    rm -f "$BIN/pulumi-language-python"
    cp -f "$1" "$BIN/pulumi-language-python.tmp"
    chmod 0755 "$BIN/pulumi-language-python.tmp"
    mv -f "$BIN/pulumi-language-python.tmp" "$BIN/pulumi-language-python"
}

obtain_language_host() {
    local src
    if [[ -n "${VERSORI_PULUMI_LANGUAGE_PYTHON:-}" ]]; then
        [[ -x "$VERSORI_PULUMI_LANGUAGE_PYTHON" && ! -d "$VERSORI_PULUMI_LANGUAGE_PYTHON" ]] \
            || die "VERSORI_PULUMI_LANGUAGE_PYTHON=$VERSORI_PULUMI_LANGUAGE_PYTHON is not an executable file"
        install_language_host "$VERSORI_PULUMI_LANGUAGE_PYTHON"
        log "using pulumi-language-python from \$VERSORI_PULUMI_LANGUAGE_PYTHON ($VERSORI_PULUMI_LANGUAGE_PYTHON)"
        return
    fi
    if [[ -x "$BIN/pulumi-language-python" ]]; then
        log "pulumi-language-python already in $BIN"
        return
    fi
    while IFS= read -r src; do
        [[ -n "$src" && -x "$src" && ! -d "$src" ]] || continue
        src=$(readlink -f "$src")
        install_language_host "$src"
        log "using pulumi-language-python from $src"
        return
    done < <(language_host_candidates)
    log "NOTE: no pulumi-language-python found (set VERSORI_PULUMI_LANGUAGE_PYTHON, or put it in ../shared/pulumi/)."
    log "      \`pulumi up\` in a project folder will not run; the demo and tests fall back to inline programs."
}

# The YAML language host (YAML programs on the native face): built once from the Go module proxy (one to two
# minutes) and kept with a stamp naming its version, so a pin change rebuilds it. Without Go, a regular Pulumi
# installation's own copy is taken (next to the CLI in use, on PATH, or in ~/.pulumi/bin); without either, this
# says so once and YAML programs cannot run (the YAML tests then skip, outside CI).
obtain_yaml_host() {
    local stamp="$BIN/.pulumi-language-yaml.version" start=$SECONDS src have
    have=$(cat "$stamp" 2>/dev/null || true)
    if [[ -x "$BIN/pulumi-language-yaml" && ( "$have" == "$YAML_VERSION" || "$have" == external:* ) ]]; then
        log "pulumi-language-yaml ${have/#external:/from } already in $BIN"
        return
    fi
    if command -v go >/dev/null; then
        log "building pulumi-language-yaml v$YAML_VERSION from Go modules (one-off; one to two minutes)"
        rm -rf "$BUILD_DIR/yaml-bin"
        mkdir -p "$BUILD_DIR/yaml-bin"
        GOBIN="$BUILD_DIR/yaml-bin" CGO_ENABLED=0 go install -trimpath "$YAML_CMD@v$YAML_VERSION"
        mv -f "$BUILD_DIR/yaml-bin/pulumi-language-yaml" "$BIN/pulumi-language-yaml"
        echo "$YAML_VERSION" >"$stamp"
        log "built pulumi-language-yaml v$YAML_VERSION in $((SECONDS - start)) s"
        return
    fi
    for src in "$(dirname "$(readlink -f "$BIN/pulumi")")/pulumi-language-yaml" \
        "$(command -v pulumi-language-yaml 2>/dev/null || true)" "$HOME/.pulumi/bin/pulumi-language-yaml"; do
        [[ -n "$src" && -x "$src" && ! -d "$src" ]] || continue
        src=$(readlink -f "$src")
        [[ "$src" != "$(readlink -f "$BIN/pulumi-language-yaml" 2>/dev/null || true)" ]] || continue
        cp -f "$src" "$BIN/pulumi-language-yaml.tmp" && chmod 0755 "$BIN/pulumi-language-yaml.tmp"
        mv -f "$BIN/pulumi-language-yaml.tmp" "$BIN/pulumi-language-yaml"
        echo "external:$src" >"$stamp"
        log "using pulumi-language-yaml from $src"
        return
    done
    log "NOTE: no Go to build pulumi-language-yaml and no Pulumi installation holding one: YAML programs will not run."
}

mkdir -p "$BIN"
# Serialise concurrent runs (two shells bootstrapping at once would race on the same files).
exec 9>"$CACHE_ROOT/.lock"
flock 9

obtain_cli
obtain_plugin_scripts
obtain_yaml_host
obtain_language_host
log "ready: $BIN ($(cd "$BIN" && echo *))"
