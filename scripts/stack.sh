#!/usr/bin/env bash
# Runs a Pulumi command against one of the project's stacks.
#
#   scripts/stack.sh STACK PULUMI-ARGS...     e.g. scripts/stack.sh dev preview --diff
#   scripts/stack.sh STACK --exec CMD ARGS... runs CMD in the stack's project
#                                             directory and environment instead
#                                             of pulumi (the publish and drill
#                                             commands use the Automation API
#                                             there)
#
# CLOUD=offline (the default) deploys nothing: it runs the real Pulumi engine
# with the stand-in aws, tencentcloud and kubernetes plugins of internal/offlinecloud,
# installed into a project-local PULUMI_HOME (never the user's), a local file
# backend and a fixed secrets passphrase, all under .pulumi/ (or
# $MODELFORT_STATE_DIR for the backend, the offline account and the work
# directory). The stack is
# created on first use. The checked-in Pulumi.STACK.yaml is never written
# to: the engine works on a copy in a generated project directory whose
# Pulumi.yaml points back at this repository's program. The values make
# publish writes into the stack's config there (modelfort:modelDigest, and
# modelfort:modelArtifact given another name) are kept across runs unless
# the checked-in file sets them.
#
# MODELFORT_PROJECT_DIR names another project directory to run the same way
# (the end-to-end tests use it for a small Tencent Cloud program and for the
# component package's Pulumi YAML example).
#
# CLOUD=real runs in this directory with the user's own environment: their
# `pulumi` (or .bin/pulumi), backend, credentials, secrets provider and the
# real provider plugins, which the CLI downloads as usual. It applies the
# same policy pack as offline runs, and never creates a stack: the stack
# must exist in the backend (scripts/stack.sh STACK init, make init).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
program=$(cd "${MODELFORT_PROJECT_DIR:-$root}" && pwd)
stack=${1:?usage: scripts/stack.sh STACK PULUMI-ARGS...}
shift
cloud=${CLOUD:-offline}

[[ -f "$program/Pulumi.$stack.yaml" ]] || {
	echo "stack.sh: there is no $program/Pulumi.$stack.yaml; stacks: $(cd "$program" && ls Pulumi.*.yaml | sed 's/Pulumi\.\(.*\)\.yaml/\1/' | tr '\n' ' ')" >&2
	exit 2
}

"$root/scripts/tools.sh"

# policy_pack DIR: builds the policy pack as an executable beside its
# PulumiPolicy.yaml in DIR (the Go language host here cannot launch a pack
# from source) and sets policy to the arguments that apply it, for the
# commands that change or preview a stack; the same in both clouds.
policy=()
policy_pack() {
	case "${1:-}" in
	preview | up | update) ;;
	*) return 0 ;;
	esac
	[[ -f "$root/policy/PulumiPolicy.yaml" ]] || return 0
	local dir=$2
	mkdir -p "$dir"
	(cd "$root" && go build -o "$dir/policy-pack" ./policy)
	cp "$root/policy/PulumiPolicy.yaml" "$dir/"
	policy=(--policy-pack "$dir/policy-pack")
}

case "$cloud" in
real)
	# The user's pulumi if they have one; the language host from .bin if not.
	command -v pulumi >/dev/null || export PATH="$root/.bin:$PATH"
	export PATH="$PATH:$root/.bin"
	cd "$program"
	if [[ "${1:-}" == init ]]; then
		# Creating a stack is explicit: STACK init [--secrets-provider URL].
		shift
		exec pulumi stack init "$stack" "$@"
	fi
	# Never create a stack by accident (a wrong login or organization
	# would get an empty one): it must exist in the backend.
	if ! pulumi stack select "$stack" >/dev/null; then
		echo "stack.sh: there is no stack $stack in the backend you are logged in to ($(pulumi whoami --verbose 2>/dev/null | sed -n 's/^Backend URL: *//p')); check pulumi login, or create it: CLOUD=real make init STACK=$stack [SECRETS_PROVIDER=awskms://...]" >&2
		exit 1
	fi
	if [[ "${1:-}" == --exec ]]; then
		shift
		exec "$@"
	fi
	policy_pack "${1:-}" "$root/.pulumi/policy-pack-real"
	exec pulumi "$@" ${policy[@]+"${policy[@]}"} --stack "$stack"
	;;
offline) ;;
*)
	echo "stack.sh: CLOUD is \"$cloud\"; allowed values are offline, real" >&2
	exit 2
	;;
esac

offline="$root/.pulumi"
state=${MODELFORT_STATE_DIR:-$offline}
export PATH="$root/.bin:$PATH"
export PULUMI_HOME="$offline/home"
export PULUMI_BACKEND_URL="file://$state/backend"
# Every stack of one backend deploys into one offline account (names,
# objects, settings: see docs/offline-cloud.md, "The offline account").
export MODELFORT_OFFLINE_ACCOUNT="$state/account"
export PULUMI_CONFIG_PASSPHRASE=modelfort-offline
unset PULUMI_CONFIG_PASSPHRASE_FILE PULUMI_ACCESS_TOKEN
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
mkdir -p "$PULUMI_HOME" "$state/backend" "$offline/plugins"

# The stand-in plugins, reinstalled only when a rebuild changed them.
(cd "$root" && go build -o "$offline/plugins/" ./internal/offlinecloud/cmd/...)
for spec in aws:6.83.2 tencentcloud:0.1.2 kubernetes:4.32.0; do
	name=${spec%%:*} version=${spec#*:}
	installed="$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name"
	if ! cmp -s "$offline/plugins/pulumi-resource-$name" "$installed"; then
		pulumi plugin install resource "$name" "$version" --file "$offline/plugins/pulumi-resource-$name" --reinstall >&2
	fi
done

# A Pulumi YAML program (the component package's example,
# examples/yaml-secure-storage) uses the modelfort package: its plugin is
# built from provider/ and installed like the stand-ins, at the version its
# generated SDK names.
if grep -q '^runtime: *yaml' "$program/Pulumi.yaml"; then
	(cd "$root/provider" && go build -o "$offline/plugins/" ./cmd/pulumi-resource-modelfort)
	version=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$root/provider/sdk/go/modelfort/pulumi-plugin.json")
	installed="$PULUMI_HOME/plugins/resource-modelfort-v$version/pulumi-resource-modelfort"
	if ! cmp -s "$offline/plugins/pulumi-resource-modelfort" "$installed"; then
		pulumi plugin install resource modelfort "$version" --file "$offline/plugins/pulumi-resource-modelfort" --reinstall >&2
	fi
fi

# A project directory whose program is this repository, and a copy of the
# stack's config that keeps the secrets salt of earlier runs.
project="$state/projects/$(sed -n 's/^name: *//p' "$program/Pulumi.yaml")"
mkdir -p "$project"
# A program directory whose Pulumi.yaml names its main elsewhere (the
# end-to-end tests' copies of a stack) keeps it.
main=$(sed -n 's/^main: *//p' "$program/Pulumi.yaml")
main=$(cd "$program" && cd "${main:-.}" && pwd)
grep -v '^main:' "$program/Pulumi.yaml" >"$project/Pulumi.yaml"
echo "main: $main" >>"$project/Pulumi.yaml"
salt=$(grep '^encryptionsalt:' "$project/Pulumi.$stack.yaml" 2>/dev/null || true)
published=()
for key in modelfort:modelDigest modelfort:modelArtifact; do
	line=$(grep "^  $key:" "$project/Pulumi.$stack.yaml" 2>/dev/null || true)
	if [[ -n "$line" ]] && ! grep -q "^  $key:" "$program/Pulumi.$stack.yaml"; then
		published+=("$line")
	fi
done
{
	[[ -z "$salt" ]] || echo "$salt"
	cat "$program/Pulumi.$stack.yaml"
	# The checked-in files end in their config block.
	[[ ${#published[@]} -eq 0 ]] || printf '%s\n' "${published[@]}"
} >"$project/Pulumi.$stack.yaml.new"
mv "$project/Pulumi.$stack.yaml.new" "$project/Pulumi.$stack.yaml"
cd "$project"
pulumi stack select --create "$stack" --non-interactive >/dev/null

if [[ "${1:-}" == --exec ]]; then
	shift
	exec "$@"
fi

if [[ "${1:-}" == init ]]; then
	echo "stack.sh: offline stacks are created on first use; nothing to init" >&2
	exit 0
fi

policy_pack "${1:-}" "$offline/policy-pack"
exec pulumi "$@" ${policy[@]+"${policy[@]}"} --stack "$stack"
