# edge-router. The two commands a user needs:
#   make synth   the main job: writes cdktf.out/stacks/edge-router/cdk.tf.json
#   make test    every test
# ENGINE=cdktn builds and runs the same app on CDK Terrain instead of CDK for Terraform (README, "CDKTF is
# deprecated: your options"): make synth ENGINE=cdktn, make test ENGINE=cdktn.
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
# ENV=NAME (make plan/review/apply/serve/verify): that environment's stack and variables: environments/environments.mk.
include environments/environments.mk

include lambda/lambda.mk
# Benchmarks (make bench): benchmarks/bench.mk.
-include benchmarks/bench.mk

# The CDK engine: cdktf, CDK for Terraform (the default), or cdktn, CDK Terrain, its community fork. One source
# tree: the engine is the MSBuild property Engine (engines/Engine.props). Each engine has its own pinned npm
# packages, bindings and build folder, so both can sit side by side (`make test` builds both and compares them).
ENGINE ?= cdktf
ENGINES := cdktf cdktn
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE must be one of: $(ENGINES) (got "$(ENGINE)"))
endif
NPM_STAMP := node_modules/.package-lock.json
CDKTN_NPM_STAMP := engines/cdktn/node_modules/.package-lock.json
BINDINGS_cdktf := .bindings/stamp.json
BINDINGS_cdktn := .bindings/cdktn/stamp.json
MAIN_DLL_cdktf := build/main/EdgeRouter.dll
MAIN_DLL_cdktn := build/main-cdktn/EdgeRouter.dll
BINDINGS := $(BINDINGS_$(ENGINE))
MAIN_DLL := $(MAIN_DLL_$(ENGINE))
MAIN_SRC := $(shell find main -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.js' \) -not -path '*/bin/*' -not -path '*/obj/*') \
  Directory.Build.props Directory.Packages.props NuGet.config engines/Engine.props \
  $(shell find lambda/WebfingerRouter -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*')
# cdktf.json's context, as the cdktf CLI hands it to the app (CDKTF_CONTEXT_JSON): written when cdktf.json changes,
# read by bash without a process, instead of a Node start (~80 ms) in every synth.
CDKTF_CONTEXT := build/cdktf-context.json
# Runs a built app as the cdktf CLI does: $(call run-app,MAIN_DLL,OUTDIR); needs $(CDKTF_CONTEXT).
run-app = CDKTF_OUTDIR=$(2) CDKTF_CONTEXT_JSON="$$(< $(CDKTF_CONTEXT))" dotnet $(1)

# Your Terraform variables: terraform.tfvars in this folder (cp terraform.tfvars.example terraform.tfvars), never in
# cdktf.out, which every synth deletes. make plan and make serve pass it on; `npx cdktf deploy` reads it from here
# itself. TFVARS=FILE uses another file.
TFVARS ?= terraform.tfvars
TERRAFORM ?= terraform
EDGE_STACK_DIR ?= $(patsubst %/,%,$(dir $(STACK_JSON)))

# The local edge and the end-to-end tests (make serve, make test-e2e): edge/edge.mk. After the variables above,
# which its rules name.
include edge/edge.mk
# make publish and make verify (after deploy): tools/Publish/publish.mk, tools/verify/verify.mk.
include tools/Publish/publish.mk
include tools/verify/verify.mk
# The GitHub pipeline's steps (make ci-*) and their tests: tools/pipeline/pipeline.mk.
include tools/pipeline/pipeline.mk
# make destroy, make cost and their tests (make test-ops): ops/ops.mk.
include ops/ops.mk
# make review (the plan review) and make test-review: tools/Review/review.mk.
include tools/Review/review.mk
# make doctor, make plan, make apply (either stack), make test-deploy: deploy/deploy.mk.
include deploy/deploy.mk
# make test's runner, the builds its suites share, its own tests: tests/suites/suites.mk (the suites: tests/suites.txt).
# Last: its rules' prerequisites name the other .mk files' builds (the review tool, the e2e stacks), expanded as read.
include tests/suites/suites.mk

.PHONY: synth synth-cli hcl test test-synth test-plan test-engines test-engines-compare test-e2e-cdktn engines-stacks \
  bindings build clean help

help:
	@echo "make synth      write $(STACK_JSON) (the main job)"
	@echo "make test       run every test"
	@echo "ENGINE=cdktn    either of them on CDK Terrain instead of CDK for Terraform (the default, ENGINE=cdktf)"
	@echo "make doctor     check what a deploy needs before Terraform runs (credentials, state stack, variables, synth)"
	@echo "make plan       the checks, then terraform init + plan of the synthesized edge stack with $(TFVARS), saved for make apply"
	@echo "make review     read the saved plan: changes by construct, findings, exit 1 on a risky one [PLAN=FILE FORMAT=markdown ALLOW=addr,…]"
	@echo "make apply      apply the plan make plan saved (STACK=state: both for the state stack, once, first)"
	@echo "make serve      run the distribution locally on http://127.0.0.1:$(EDGE_PORT) (the local edge)"
	@echo "make hcl        write both stacks as plain Terraform (HCL) into $(HCL_DIR)/ (never over your edits)"
	@echo "make bindings   generate the engine's C# bindings into its local NuGet feed ($(dir $(BINDINGS))feed)"
	@echo "make publish    upload a site folder to the deployed bucket: make publish SITE=dir [DRY_RUN=1]"
	@echo "make verify     check the live domain with real clients: make verify DOMAIN=example.com ACCOUNT=alice"
	@echo "make lambda     build the webfinger router's deployable zip (build/lambda/webfinger-router.zip)"
	@echo "make clean      remove everything generated"

# --- set-up ---------------------------------------------------------------------------------------------------
$(NPM_STAMP): package.json package-lock.json
	@echo "npm: installing the pinned CDKTF packages (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# CDK Terrain's packages, pinned in their own lock file and installed in their own node_modules.
$(CDKTN_NPM_STAMP): engines/cdktn/package.json engines/cdktn/package-lock.json
	@echo "npm: installing the pinned CDK Terrain packages (engines/cdktn: npm ci)"
	@cd engines/cdktn && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Regenerates only when the pinned packages, the submodule list or the generator changed (it checks a hash too).
# jsii-pacmak comes from the root packages for both engines.
$(BINDINGS_cdktf): $(NPM_STAMP) bindings/generate.mjs bindings/aws-submodules.txt
	@mkdir -p $(FEED)
	@node bindings/generate.mjs
	@touch $@

$(BINDINGS_cdktn): $(NPM_STAMP) $(CDKTN_NPM_STAMP) bindings/generate.mjs bindings/aws-submodules.txt
	@mkdir -p $(FEED)
	@node bindings/generate.mjs --engine cdktn
	@touch $@

bindings: $(BINDINGS)

$(CDKTF_CONTEXT): cdktf.json
	@mkdir -p $(@D)
	@node -e 'process.stdout.write(JSON.stringify(require("./cdktf.json").context ?? {}))' > $@.tmp && mv $@.tmp $@

# The app, per engine, each into its own folder. The NuGet restore runs only when what it reads changed (the project,
# the pinned versions, the feed's bindings): an edit to a .cs file then costs the compile alone, not a restore too.
MAIN_BUILD_PROPS = -nologo -v:q -p:Configuration=Release -p:Engine=$(1) -p:OutDir=$(abspath $(dir $(MAIN_DLL_$(1))))/
# The stamp alone is not proof: a cleaned obj/ (git clean -X, rm -rf main/obj, a test clone given build/ but not obj/)
# leaves it behind without the assets file the build reads, so a build that runs restores first when that file is
# missing; an app that is up to date needs neither.
MAIN_ASSETS_cdktf := main/obj/project.assets.json
MAIN_ASSETS_cdktn := build/engine-cdktn/obj/EdgeRouter/project.assets.json
define main-build
build/main-restored-$(1).stamp: $(BINDINGS_$(1)) main/EdgeRouter.csproj Directory.Build.props Directory.Packages.props NuGet.config \
    engines/Engine.props
	@mkdir -p $(FEED) $$(@D)
	@dotnet msbuild main -t:Restore $$(call MAIN_BUILD_PROPS,$(1))
	@touch $$@
$(MAIN_DLL_$(1)): build/main-restored-$(1).stamp $(MAIN_SRC)
	@test -f $(MAIN_ASSETS_$(1)) || dotnet msbuild main -t:Restore $$(call MAIN_BUILD_PROPS,$(1))
	@echo "build: main (Release, engine $(1))"
	@dotnet msbuild main $$(call MAIN_BUILD_PROPS,$(1))
	@touch $$@
endef
$(foreach engine,$(ENGINES),$(eval $(call main-build,$(engine))))

build: $(MAIN_DLL)

# --- the main job ---------------------------------------------------------------------------------------------
# Runs the app as the cdktf CLI does (same program, same cdktf.json context in CDKTF_CONTEXT_JSON), without the
# CLI's two seconds of start-up. `npx cdktf synth` gives the same file (checked by `make synth-cli`).
# The app writes a fresh synth beside cdktf.out (same depth: the state stack's relative backend path holds), then
# deploy/sync-out.mjs moves in only what changed: a synth with no changed input rewrites nothing, and what Terraform
# or you keep in a stack's folder (.terraform/, the lock file, a plan, a *_override.tf) stays (deploy/README.md).
# The fresh folder is this run's own (two synths at once never write into one another's).
synth: $(MAIN_DLL) $(LAMBDA_JSON) $(CDKTF_CONTEXT)
	@next=cdktf.out.next.$$$$; rm -rf $$next; \
	  $(call run-app,$(MAIN_DLL),$$next) || { rm -rf $$next; exit 1; }; \
	  node deploy/sync-out.mjs $$next cdktf.out $(ENGINE)
	@echo "synth: the edge stack is $(STACK_JSON) (engine $(ENGINE)); read it, then make plan"
	$(if $(LAMBDA_NOTE),@echo "$(LAMBDA_NOTE)")

# Each engine's own CLI; CDK Terrain's reads the same cdktf.json, and runs its app with -p:Engine=cdktn.
CLI_cdktf := npx cdktf
CLI_cdktn := engines/cdktn/node_modules/.bin/cdktn
CLI_APP_cdktn = --app "$$(node -p 'require("./cdktf.json").app') --property:Engine=cdktn"
synth-cli: $(MAIN_DLL) $(LAMBDA_JSON) $(CDKTF_CONTEXT) $(if $(filter cdktn,$(ENGINE)),$(CDKTN_NPM_STAMP))
	@echo "synth-cli: $(CLI_$(ENGINE)) synth (cdktf.json's app: dotnet run --project main, engine $(ENGINE))"
	@rm -rf build/synth-cli && mkdir -p build/synth-cli
	@$(CLI_$(ENGINE)) synth $(CLI_APP_$(ENGINE)) --output build/synth-cli > build/synth-cli.log 2>&1 || { cat build/synth-cli.log; exit 1; }
	@rm -rf build/synth-cli-make
	@$(call run-app,$(MAIN_DLL),build/synth-cli-make) > build/synth-cli-make.log 2>&1 || { cat build/synth-cli-make.log; exit 1; }
	@mkdir -p $(LOGS)
	@cmp build/synth-cli/stacks/edge-router/cdk.tf.json build/synth-cli-make/stacks/edge-router/cdk.tf.json \
	  && echo "synth-cli: identical to make synth's output (the app run as make synth runs it, into build/synth-cli-make)"
	@echo "synth-cli: npx cdktf synth --hcl (the guardrails on an HCL synth, cdktf's renderer fixed)"
	@rm -rf build/synth-cli-hcl build/synth-cli-hcl-make && mkdir -p build && : > build/terraform-empty.tfrc
	@TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) EDGE_ROUTER_STACKS_DIR=build/synth-cli-hcl-make npx cdktf synth --hcl --output build/synth-cli-hcl > build/synth-cli-hcl.log 2>&1 \
	  || { cat build/synth-cli-hcl.log; exit 1; }
	@$(MAKE) hcl HCL_DIR=build/synth-cli-hcl-make HCL_SYNTH=build/synth-cli-hcl-synth > /dev/null
	@for stack in edge-router edge-router-state; do \
	  TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) terraform fmt - < build/synth-cli-hcl/stacks/$$stack/cdk.tf \
	    | cmp - build/synth-cli-hcl-make/$$stack/main.tf || exit 1; done
	@echo "synth-cli: cdktf synth --hcl wrote what make hcl writes (after terraform fmt)"
	@echo "synth-cli: Failed: 0, Passed: 3" | tee $(LOGS)/synth-cli.log

# Both stacks as plain Terraform HCL, for leaving CDKTF: the app's HCL synth (what `cdktf synth --hcl` runs),
# formatted by terraform fmt, published into $(HCL_DIR)/<stack>/main.tf by tools/publish-hcl.mjs, which refuses to
# overwrite a file you edited and never touches files it did not write (state, .terraform/, tfvars).
HCL_DIR ?= hcl
# Where the app's HCL synth goes before publish-hcl.mjs copies it (each suite that runs make hcl names its own).
HCL_SYNTH ?= build/hcl-synth
hcl: $(MAIN_DLL) $(LAMBDA_JSON) $(CDKTF_CONTEXT)
	@rm -rf $(HCL_SYNTH) && mkdir -p build $(dir $(HCL_SYNTH)) && : > build/terraform-empty.tfrc
	@SYNTH_HCL_OUTPUT=true CDKTF_OUTDIR=$(HCL_SYNTH) EDGE_ROUTER_STACKS_DIR=$(HCL_DIR) \
	  CDKTF_CONTEXT_JSON="$$(< $(CDKTF_CONTEXT))" dotnet $(MAIN_DLL)
	@TF_CLI_CONFIG_FILE=$(abspath build/terraform-empty.tfrc) CHECKPOINT_DISABLE=1 node tools/publish-hcl.mjs $(HCL_SYNTH) $(HCL_DIR)

# --- plan and apply ---------------------------------------------------------------------------------------------
# make doctor, make plan, make apply (STACK=edge or STACK=state): deploy/deploy.mk.

# --- tests ------------------------------------------------------------------------------------------------------
test-synth: $(BINDINGS) $(if $(LAMBDA_NO_AOT),,$(LAMBDA_AOT))
	@mkdir -p $(LOGS)
	@echo "test-synth: tests/EdgeRouter.Tests (synthesized JSON, guardrails, settings, variables through terraform; engine $(ENGINE))"
	@WEBFINGER_BOOTSTRAP=$(abspath $(LAMBDA_AOT)) dotnet test tests/EdgeRouter.Tests -c Release -p:Engine=$(ENGINE) --no-build $(DOTNET_QUIET) 2>&1 | tee $(LOGS)/synth.log

# Both engines, one source tree: each writes the stacks into build/engines/<engine>.out; tests/engines compares
# them (equal but for metadata and the provider's version constraint; the same resource addresses), then the local
# edge and the WebFinger clients (tests/e2e) run on CDK Terrain's stack. make test runs the two halves as two suites
# (test-engines-compare, test-e2e-cdktn), each reused while the stacks it reads are unchanged; test-engines runs both.
# Each engine's synth is a file, redone when its app, the router package, cdktf.json or the app's settings in the
# environment ($(APP_ENV)) change.
ENGINES_OUT := build/engines
ENGINE_STACK = $(ENGINES_OUT)/$(1).out/stacks/edge-router/cdk.tf.json
CDKTN_STACK := $(call ENGINE_STACK,cdktn)
CDKTN_E2E := build/e2e-cdktn

# The app's settings from the environment (EDGE_ROUTER_*, CDKTF_*, JSII_*, SYNTH_*), as one hash, rewritten only when
# it changes: what makes a synth kept as a file redo itself when they change, as the phony make synth always does.
APP_ENV := build/app-env.sha256
$(APP_ENV): FORCE
	@mkdir -p $(@D); sum=$$(env | { grep -E '^(EDGE_ROUTER|CDKTF|JSII|SYNTH)_' || true; } | LC_ALL=C sort | sha256sum); \
	  [ "$$(cat $@ 2>/dev/null)" = "$$sum" ] || echo "$$sum" > $@

define engine-synth
$(call ENGINE_STACK,$(1)): $(MAIN_DLL_$(1)) $(LAMBDA_JSON) $(CDKTF_CONTEXT) $(APP_ENV)
	@echo "test-engines: synth with $(1) into $(ENGINES_OUT)/$(1).out"
	@rm -rf $(ENGINES_OUT)/$(1).out && mkdir -p $(ENGINES_OUT)
	@$$(call run-app,$(MAIN_DLL_$(1)),$(ENGINES_OUT)/$(1).out) > $(ENGINES_OUT)/$(1).log 2>&1 || { cat $(ENGINES_OUT)/$(1).log; exit 1; }
	@test -f $$@
endef
$(foreach engine,$(ENGINES),$(eval $(call engine-synth,$(engine))))

# CDK Terrain's stack and the end-to-end suite's two extra synths of it (test-prepare makes them before the suites).
engines-stacks: $(foreach engine,$(ENGINES),$(call ENGINE_STACK,$(engine)))
	@$(MAKE) ENGINE=cdktn E2E=$(CDKTN_E2E) $(CDKTN_E2E)/tls/ca.pem $(CDKTN_E2E)/narrow-stack-owned/stacks/edge-router/cdk.tf.json \
	  $(CDKTN_E2E)/dotnet10/stacks/edge-router/cdk.tf.json $(CDKTN_E2E)/function-url/stacks/edge-router/cdk.tf.json

test-engines-compare: $(foreach engine,$(ENGINES),$(call ENGINE_STACK,$(engine))) $(NPM_STAMP)
	@mkdir -p $(LOGS)
	@echo "test-engines: node --test tests/engines (both engines' stacks compared)"
	@rm -f $(LOGS)/engines.tap; set +e; \
	  ENGINES_OUT=$(abspath $(ENGINES_OUT)) node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/engines.tap tests/engines/; \
	  tests/tap-summary.sh test-engines $(LOGS)/engines.tap $(LOGS)/engines.log $$?

test-e2e-cdktn: $(CDKTN_STACK)
	@mkdir -p $(LOGS)
	@echo "test-e2e-cdktn: tests/e2e on CDK Terrain's stack ($(CDKTN_STACK))"
	@$(MAKE) test-e2e ENGINE=cdktn STACK_JSON=$(CDKTN_STACK) E2E=$(CDKTN_E2E) LOGS=$(LOGS)/e2e-cdktn
	@sed 's/^test-e2e:/test-e2e (cdktn):/' $(LOGS)/e2e-cdktn/e2e.log > $(LOGS)/e2e-cdktn.log

test-engines:
	@status=0; $(MAKE) test-engines-compare || status=1; $(MAKE) test-e2e-cdktn || status=1; exit $$status

# terraform init, plan (which validates first) and show -json on every stack shape the app writes, offline with the
# provider in a filesystem mirror (tests/EdgeRouter.PlanTests/README.md). Prints how long it took, step by step.
test-plan: $(MAIN_DLL) $(LAMBDA_JSON)
	@mkdir -p $(LOGS)
	@rm -rf build/plan/hcl && $(MAKE) hcl HCL_DIR=build/plan/hcl HCL_SYNTH=build/plan/hcl-synth
	@echo "test-plan: tests/EdgeRouter.PlanTests (terraform init, plan, show -json on every stack shape)"
	@rm -f build/plan/timing.txt; start=$$(date +%s); status=0; \
	  EDGE_ROUTER_PLAN_HCL=$(abspath build/plan/hcl) dotnet test tests/EdgeRouter.PlanTests -c Release --no-build $(DOTNET_QUIET) --logger "console;verbosity=minimal" 2>&1 | tee $(LOGS)/plan.log || status=1; \
	  test -f build/plan/timing.txt && cat build/plan/timing.txt; \
	  echo "test-plan: $$(( $$(date +%s) - start )) s including the build"; \
	  exit $$status

# Every suite listed in tests/suites.txt (one line each: its make target and what it reads), after the builds they
# share (test-prepare); a suite whose inputs did not change since it last passed is reported from that run, marked
# cached (tests/suites/README.md). FRESH=1, and CI=true as .ci/run sets it, rerun every suite. The last line:
# `tests: N passed, N failed`.
test:
	@FRESH=$(FRESH) TEST_JOBS=$(TEST_JOBS) TEST_ONLY=$(TEST_ONLY) ENGINE=$(ENGINE) LAMBDA_PACKAGE=$(LAMBDA_PACKAGE) LAMBDA_RID=$(LAMBDA_RID) \
	  TEST_SHARED_BUILDS="$(TEST_SHARED_BUILDS)" node tests/suites/run.mjs

clean:
	rm -rf cdktf.out build .bindings node_modules engines/cdktn/node_modules main/bin main/obj tests/*/bin tests/*/obj lambda/*/bin lambda/*/obj edge/*/bin edge/*/obj tools/*/bin tools/*/obj benchmarks/*/bin benchmarks/*/obj

