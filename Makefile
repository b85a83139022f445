# modelfort's commands. Offline by default: see README.md, "Offline runs".
#
#   make init STACK=prod CLOUD=real create the stack in your backend first (real runs never
#                                   create one; SECRETS_PROVIDER=awskms://... optional)
#   make preview STACK=dev          preview a stack through the real engine (policy pack applied)
#   make up STACK=dev               deploy it (offline: to the stand-in cloud)
#   make destroy STACK=dev          tear it down (prod refuses: protected)
#   make publish STACK=dev FILE=model.tar.gz   upload a model artifact, wait for its replica, serve it
#   make preflight STACK=prod       check the account can take the stack (offline: the offline account)
#   make drill STACK=dev SCENARIO=region-outage   run a recovery drill (offline: a dry run)
#   make runbook STACK=prod         write the DR runbook to runbooks/prod.md
#   make timings                    time offline preview and up of each stack
#   make bench                      benchmark building the stacks under mocks
#   make test                       gofmt, go vet, unit and end-to-end tests
#   make provider                   build the modelfort component package's plugin (other languages)
#   CLOUD=real make preview STACK=prod   the same against your real cloud

STACK ?= dev
CLOUD ?= offline
export CLOUD

# Offline, nothing is deployed, so "up" and "destroy" need no confirmation.
YES := $(if $(filter offline,$(CLOUD)),--yes,)

.PHONY: help tools init preview up destroy refresh outputs publish preflight drill runbook timings bench test unit provider
help:
	@sed -n 's/^#   //p' Makefile

tools:
	@scripts/tools.sh

SECRETS_PROVIDER ?=
init:
	@scripts/stack.sh $(STACK) init $(if $(SECRETS_PROVIDER),--secrets-provider $(SECRETS_PROVIDER),)

preview:
	@scripts/stack.sh $(STACK) preview --diff

up:
	@scripts/stack.sh $(STACK) up $(YES)

destroy:
	@scripts/stack.sh $(STACK) destroy $(YES)

refresh:
	@scripts/stack.sh $(STACK) refresh $(YES)

outputs:
	@scripts/stack.sh $(STACK) stack output --json

# publish uploads FILE under its content-addressed key, waits for the DR
# region's replica and sets modelfort:modelDigest; the next "make up"
# serves it. Offline it writes into the offline account's S3.
FILE ?=
publish:
	@test -n "$(FILE)" || { echo "make publish: give FILE=path/to/model.tar.gz" >&2; exit 2; }
	@mkdir -p .pulumi/bin
	go build -o .pulumi/bin/ ./stacks/cmd/publish
	@scripts/stack.sh $(STACK) --exec $(CURDIR)/.pulumi/bin/publish -stack $(STACK) -file $(abspath $(FILE))

# preflight checks, before up, what the account must already have for the
# stack (docs/preflight.md): offline it reads the offline account, and
# with CLOUD=real it makes read-only AWS or Tencent Cloud calls (as the
# stack's modelfort:cloud says), needing no Pulumi stack.
preflight:
	@mkdir -p .pulumi/bin
	go build -o .pulumi/bin/ ./stacks/cmd/preflight
ifeq ($(CLOUD),real)
	.pulumi/bin/preflight -stack $(STACK)
else
	@scripts/stack.sh $(STACK) --exec $(CURDIR)/.pulumi/bin/preflight -stack $(STACK)
endif

# drill runs a recovery drill against the stack and writes its report to
# drills/; offline (and with DRY_RUN=1) it is a dry run of the same steps.
SCENARIO ?= region-outage
drill:
	@mkdir -p .pulumi/bin drills
	go build -o .pulumi/bin/ ./stacks/cmd/drill
	@scripts/stack.sh $(STACK) --exec $(CURDIR)/.pulumi/bin/drill -stack $(STACK) -scenario $(SCENARIO) -report $(CURDIR)/drills $(if $(DRY_RUN),-dry-run,)

# The runbook reads the stack's config and, once deployed, its outputs.
runbook:
	@mkdir -p runbooks .pulumi
	@scripts/stack.sh $(STACK) stack output --json > .pulumi/outputs-$(STACK).json 2>/dev/null || echo '{}' > .pulumi/outputs-$(STACK).json
	go run ./stacks/cmd/runbook -stack $(STACK) -outputs .pulumi/outputs-$(STACK).json > runbooks/$(STACK).md
	@echo "wrote runbooks/$(STACK).md"

timings:
	@scripts/timings.sh

bench:
	go test -run '^$$' -bench . -benchmem ./stacks/aws/

test: tools
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	go vet ./...
	.bin/actionlint .github/workflows/*.yml
	cd provider && go vet ./... && go test -count=1 ./...
	MODELFORT_E2E=1 go test -count=1 -timeout 45m ./...

# The unit tests alone: no Pulumi CLI needed.
unit:
	go test ./...
	cd provider && go test ./...

# provider builds the modelfort component package's plugin into .pulumi/bin;
# install it where your programs run (README.md, "Other languages").
provider:
	@mkdir -p .pulumi/bin
	cd provider && go build -o ../.pulumi/bin/ ./cmd/pulumi-resource-modelfort
	@echo "built .pulumi/bin/pulumi-resource-modelfort; install it: pulumi plugin install resource modelfort $$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' provider/sdk/go/modelfort/pulumi-plugin.json) --file .pulumi/bin/pulumi-resource-modelfort"
