#!/usr/bin/env bash
# Provides the Pulumi CLI (v3.259.0), the Go and YAML language hosts and actionlint
# side by side in .bin/. A suitable `pulumi` already on PATH is linked instead of built; the
# rest is built from the Go module proxy through the separate modules under
# tools/, so that users of the library never inherit the CLI's dependencies.
# A second run only checks a stamp and takes well under a second.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.bin"
want=v3.259.0
mkdir -p "$bin"

log() { printf 'tools: %s\n' "$*" >&2; }

# stamp FILE...: a digest of the files that decide what a build produces.
stamp() { cat "$@" | sha256sum | cut -d' ' -f1; }

# build NAME MODULE_DIR PACKAGE [LDFLAGS]: go build with a progress line
# every 30 seconds, because a cold build of the CLI takes minutes.
build() {
	local name=$1 dir=$2 pkg=$3 ldflags=${4:-}
	local started=$SECONDS
	log "building $name from the module proxy (cold: several minutes; warm: seconds)"
	(cd "$dir" && exec go build -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg") &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 30); do
			sleep 1
			kill -0 "$pid" 2>/dev/null || break
		done
		kill -0 "$pid" 2>/dev/null && log "still building $name ($((SECONDS - started))s)"
	done
	wait "$pid" || { log "building $name failed"; return 1; }
	mv "$bin/$name.tmp" "$bin/$name"
	log "built $name in $((SECONDS - started))s"
}

# ensure NAME MODULE_DIR PACKAGE [LDFLAGS]: build unless the stamp matches.
ensure() {
	local name=$1 dir=$2
	local s
	s=$(stamp "$dir/go.mod" "$dir/go.sum" "$0")
	if [[ -x "$bin/$name" && -f "$bin/.$name.stamp" && $(cat "$bin/.$name.stamp") == "$s" ]]; then
		return 0
	fi
	build "$@"
	echo "$s" >"$bin/.$name.stamp"
}

# The CLI: a pulumi already on PATH at the wanted version is linked.
if [[ ! -x "$bin/pulumi" ]]; then
	if found=$(command -v pulumi 2>/dev/null) && [[ "$found" != "$bin/pulumi" ]] &&
		[[ "$("$found" version 2>/dev/null)" == "$want" ]]; then
		log "using $found ($want)"
		ln -sf "$found" "$bin/pulumi"
	fi
fi
if [[ ! -L "$bin/pulumi" ]]; then
	ensure pulumi "$root/tools/pulumi-cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
		"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want"
fi

# The Go language host: the CLI looks for it next to itself and on PATH.
ensure pulumi-language-go "$root/tools/pulumi-language-go" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go
# The Pulumi YAML language host runs the YAML example of the component
# package (examples/yaml-secure-storage); the CLI finds it on PATH.
ensure pulumi-language-yaml "$root/tools/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
# actionlint lints the GitHub Actions workflows under .github/workflows (make test).
ensure actionlint "$root/tools/actionlint" github.com/rhysd/actionlint/cmd/actionlint

got=$("$bin/pulumi" version)
[[ "$got" == "$want" ]] || { log ".bin/pulumi is $got, not $want"; exit 1; }
