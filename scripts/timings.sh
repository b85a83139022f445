#!/usr/bin/env bash
# Prints how long offline Pulumi operations take for each environment's
# stack through the real engine: preview, up, a second preview that must
# change nothing, and destroy (prod: refused, it is protected). Each stack
# starts from an empty backend and account, so "up" is the two ups a new
# user runs (the first builds what lives long; make publish, not timed,
# uploads an artifact; the second serves it) and "resources" what both
# created. Figures only: nothing here asserts a time.
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

bin=$(mktemp -d)
(cd "$root" && go build -o "$bin/" ./stacks/cmd/publish)
artifact="$bin/model.tar.gz"
echo "a model artifact for the timings" >"$artifact"

printf '%-10s %10s %10s %12s %10s %10s\n' stack resources preview up no-change destroy
for stack in "${stacks[@]}"; do
	state=$(mktemp -d)
	run() {
		local start=$SECONDS out
		out=$(MODELFORT_STATE_DIR=$state "$root/scripts/stack.sh" "$stack" "$@" 2>&1) || true
		# Sub-second resolution without bc: use date's nanoseconds.
		echo "$out" >"$state/last.log"
	}
	# t runs a command and prints how long it took, in nanoseconds.
	t() {
		local s e
		s=$(date +%s%N)
		run "$@"
		e=$(date +%s%N)
		echo $((e - s))
	}
	secs() { printf '%d.%01ds' $(($1 / 1000000000)) $((($1 / 100000000) % 10)); }
	created() { grep -oE '^ *\+ [0-9]+ created' "$state/last.log" | grep -oE '[0-9]+' | tail -1; }
	p=$(t preview)
	u1=$(t up --yes --skip-preview)
	n1=$(created)
	run --exec "$bin/publish" -stack "$stack" -file "$artifact" -poll 10ms
	u2=$(t up --yes --skip-preview)
	n2=$(created)
	n=$((${n1:-0} + ${n2:-0}))
	u=$((u1 + u2))
	c=$(t preview --expect-no-changes)
	d=$(t destroy --yes --skip-preview)
	p=$(secs "$p") u=$(secs "$u") c=$(secs "$c") d=$(secs "$d")
	printf '%-10s %10s %10s %12s %10s %10s\n' "$stack" "$n" "$p" "$u" "$c" "$d"
	rm -rf "$state"
done
rm -rf "$bin"
