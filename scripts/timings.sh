#!/usr/bin/env bash
# Prints how long offline Pulumi operations take for each environment's
# stack through the real engine: preview, up, a second preview that must
# change nothing, and destroy (prod: refused, it is protected). Each stack
# starts from an empty backend. Figures only: nothing here asserts a time.
#
#   scripts/timings.sh [STACK...]        default: dev staging prod
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stacks=("$@")
[[ ${#stacks[@]} -gt 0 ]] || stacks=(dev staging prod)

"$root/scripts/tools.sh"
# One warm-up preview, so that the first figure does not include compiling
# the program and the stand-in plugins.
warm=$(mktemp -d)
MODELFORT_STATE_DIR=$warm "$root/scripts/stack.sh" "${stacks[0]}" preview >/dev/null 2>&1 || true
rm -rf "$warm"

printf '%-10s %10s %10s %12s %10s %10s\n' stack resources preview up no-change destroy
for stack in "${stacks[@]}"; do
	state=$(mktemp -d)
	run() {
		local start=$SECONDS out
		out=$(MODELFORT_STATE_DIR=$state "$root/scripts/stack.sh" "$stack" "$@" 2>&1) || true
		# Sub-second resolution without bc: use date's nanoseconds.
		echo "$out" >"$state/last.log"
	}
	t() {
		local s e
		s=$(date +%s%N)
		run "$@"
		e=$(date +%s%N)
		printf '%d.%01ds' $(((e - s) / 1000000000)) $((((e - s) / 100000000) % 10))
	}
	p=$(t preview)
	u=$(t up --yes --skip-preview)
	n=$(grep -oE '^ *\+ [0-9]+ created' "$state/last.log" | grep -oE '[0-9]+' | tail -1)
	c=$(t preview --expect-no-changes)
	d=$(t destroy --yes --skip-preview)
	printf '%-10s %10s %10s %12s %10s %10s\n' "$stack" "$n" "$p" "$u" "$c" "$d"
	rm -rf "$state"
done
