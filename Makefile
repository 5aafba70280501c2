# edge-router. The two commands a user needs:
#   make synth   the main job: writes cdktf.out/stacks/edge-router/cdk.tf.json
#   make test    every test
# Every target does its own set-up on a fresh clone: npm packages, generated C# bindings, builds. Each step runs
# only when its inputs changed.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := synth
MAKEFLAGS += --no-print-directory

# Quiet, reproducible tooling: no telemetry, no Node end-of-life banner on every jsii run.
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1

# The local NuGet feed must exist before any restore: NuGet.config names it.
FEED := .bindings/feed
DOTNET_QUIET := --nologo -v q -clp:NoSummary
STACK_JSON := cdktf.out/stacks/edge-router/cdk.tf.json
LOGS := build/test-logs

include lambda/lambda.mk
# Benchmarks (make bench): benchmarks/bench.mk.
-include benchmarks/bench.mk

NPM_STAMP := node_modules/.package-lock.json
BINDINGS := .bindings/stamp.json
MAIN_DLL := build/main/EdgeRouter.dll
MAIN_SRC := $(shell find main -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.js' \) -not -path '*/bin/*' -not -path '*/obj/*') \
  Directory.Build.props Directory.Packages.props NuGet.config

# The local edge and the end-to-end tests (make serve, make test-e2e): edge/edge.mk. After the variables above,
# which its rules name.
include edge/edge.mk

.PHONY: synth synth-cli hcl test test-synth test-plan bindings build clean help

help:
	@echo "make synth      write $(STACK_JSON) (the main job)"
	@echo "make test       run every test"
	@echo "make serve      run the distribution locally on http://127.0.0.1:$(EDGE_PORT) (the local edge)"
	@echo "make hcl        write both stacks as plain Terraform (HCL) into $(HCL_DIR)/ (never over your edits)"
	@echo "make bindings   generate the CDKTF C# bindings into the local NuGet feed ($(FEED))"
	@echo "make lambda     build the webfinger router's deployable zip (build/lambda/webfinger-router.zip)"
	@echo "make clean      remove everything generated"

# --- set-up ---------------------------------------------------------------------------------------------------
$(NPM_STAMP): package.json package-lock.json
	@echo "npm: installing the pinned CDKTF packages (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Regenerates only when the pinned packages, the submodule list or the generator changed (it checks a hash too).
$(BINDINGS): $(NPM_STAMP) bindings/generate.mjs bindings/aws-submodules.txt
	@mkdir -p $(FEED)
	@node bindings/generate.mjs
	@touch $@

bindings: $(BINDINGS)

$(MAIN_DLL): $(BINDINGS) $(MAIN_SRC)
	@echo "build: main (Release)"
	@dotnet msbuild main -restore -nologo -v:q -p:Configuration=Release -p:OutDir=$(abspath $(@D))/
	@touch $@

build: $(MAIN_DLL)

# --- the main job ---------------------------------------------------------------------------------------------
# Runs the app as the cdktf CLI does (same program, same cdktf.json context in CDKTF_CONTEXT_JSON), without the
# CLI's two seconds of start-up. `npx cdktf synth` gives the same file (checked by `make synth-cli`).
synth: $(MAIN_DLL) $(LAMBDA_JSON)
	@rm -rf cdktf.out
	@CDKTF_CONTEXT_JSON="$$(node -p 'JSON.stringify(require("./cdktf.json").context ?? {})')" dotnet $(MAIN_DLL)
	@echo "synth: wrote $(STACK_JSON)"

synth-cli: $(MAIN_DLL) $(LAMBDA_JSON)
	@echo "synth-cli: npx cdktf synth (cdktf.json's app: dotnet run --project main)"
	@rm -rf build/synth-cli && mkdir -p build/synth-cli
	@npx cdktf synth --output build/synth-cli > build/synth-cli.log 2>&1 || { cat build/synth-cli.log; exit 1; }
	@$(MAKE) synth
	@cmp build/synth-cli/stacks/edge-router/cdk.tf.json $(STACK_JSON) && echo "synth-cli: identical to make synth's output"
	@echo "synth-cli: npx cdktf synth --hcl (the guardrails on an HCL synth, cdktf's renderer fixed)"
	@rm -rf build/synth-cli-hcl build/synth-cli-hcl-make && mkdir -p build && : > build/terraform-empty.tfrc
	@TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) npx cdktf synth --hcl --output build/synth-cli-hcl > build/synth-cli-hcl.log 2>&1 \
	  || { cat build/synth-cli-hcl.log; exit 1; }
	@$(MAKE) hcl HCL_DIR=build/synth-cli-hcl-make > /dev/null
	@for stack in edge-router edge-router-state; do \
	  TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) terraform fmt - < build/synth-cli-hcl/stacks/$$stack/cdk.tf \
	    | cmp - build/synth-cli-hcl-make/$$stack/main.tf || exit 1; done
	@echo "synth-cli: cdktf synth --hcl wrote what make hcl writes (after terraform fmt)"

# Both stacks as plain Terraform HCL, for leaving CDKTF: the app's HCL synth (what `cdktf synth --hcl` runs),
# formatted by terraform fmt, published into $(HCL_DIR)/<stack>/main.tf by tools/publish-hcl.mjs, which refuses to
# overwrite a file you edited and never touches files it did not write (state, .terraform/, tfvars).
HCL_DIR ?= hcl
hcl: $(MAIN_DLL) $(LAMBDA_JSON)
	@rm -rf build/hcl-synth && mkdir -p build && : > build/terraform-empty.tfrc
	@SYNTH_HCL_OUTPUT=true CDKTF_OUTDIR=build/hcl-synth \
	  CDKTF_CONTEXT_JSON="$$(node -p 'JSON.stringify(require("./cdktf.json").context ?? {})')" dotnet $(MAIN_DLL)
	@TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) CHECKPOINT_DISABLE=1 node tools/publish-hcl.mjs build/hcl-synth $(HCL_DIR)

# --- tests ------------------------------------------------------------------------------------------------------
test-synth: $(BINDINGS)
	@mkdir -p $(LOGS)
	@echo "test-synth: tests/EdgeRouter.Tests (synthesized JSON, guardrails, settings, variables through terraform)"
	@dotnet test tests/EdgeRouter.Tests -c Release $(DOTNET_QUIET) 2>&1 | tee $(LOGS)/synth.log

# terraform init, validate, plan and show -json on every stack shape the app writes, offline with the provider in a
# filesystem mirror (tests/EdgeRouter.PlanTests/README.md). Prints how long it took, step by step.
test-plan: $(MAIN_DLL) $(LAMBDA_JSON)
	@mkdir -p $(LOGS)
	@rm -rf build/plan/hcl && $(MAKE) hcl HCL_DIR=build/plan/hcl
	@echo "test-plan: tests/EdgeRouter.PlanTests (terraform init, validate, plan, show -json on every stack shape)"
	@rm -f build/plan/timing.txt; start=$$(date +%s); status=0; \
	  EDGE_ROUTER_PLAN_HCL=$(abspath build/plan/hcl) dotnet test tests/EdgeRouter.PlanTests -c Release $(DOTNET_QUIET) --logger "console;verbosity=minimal" 2>&1 | tee $(LOGS)/plan.log || status=1; \
	  test -f build/plan/timing.txt && cat build/plan/timing.txt; \
	  echo "test-plan: $$(( $$(date +%s) - start )) s including the build"; \
	  exit $$status

test:
	@rm -rf $(LOGS) && mkdir -p $(LOGS)
	@status=0; \
	  $(MAKE) test-synth || status=1; \
	  $(MAKE) test-plan || status=1; \
	  $(MAKE) test-router 2>&1 | tee $(LOGS)/router.log || status=1; \
	  $(MAKE) synth-cli || status=1; \
	  $(MAKE) test-e2e || status=1; \
	  cat $(LOGS)/*.log | sed -n 's/.*Failed:[[:space:]]*\([0-9]*\), Passed:[[:space:]]*\([0-9]*\).*/\1 \2/p' \
	    | awk '{ failed += $$1; passed += $$2 } END { printf "\ntests: %d passed, %d failed\n", passed, failed }'; \
	  exit $$status

clean:
	rm -rf cdktf.out build .bindings node_modules main/bin main/obj tests/*/bin tests/*/obj lambda/*/bin lambda/*/obj edge/*/bin edge/*/obj benchmarks/*/bin benchmarks/*/obj

