# Operations (issue 23): taking the edge down, what it costs, and their tests. Included by the root Makefile, which
# defines TERRAFORM, TFVARS, EDGE_STACK_DIR, LOGS, STACK_JSON, MAIN_DLL and NPM_STAMP.
#
#   make destroy [ENV=<env>] [CONFIRM=<site bucket>]  everything but the site's data (ops/README.md); asks for the name
#   make destroy STACK=state [CONFIRM=<bucket>]  last: the state bucket, once no state in it holds a resource
#   make cost                                    the monthly cost table from a plan of the default stack and ops/prices.json
#   make test-ops                                node --test: the cost table and the destroy plans' checks (reads test-plan's plan)
#   make test-destroy                            node --test: make destroy and make destroy STACK=state against moto

STACK ?= edge
CONFIRM ?=
# One state stack for every environment, beside the edge stacks (deploy/terraform.mjs finds it the same way): with
# ENV=staging the edge stack is edge-router-staging, the state stack still edge-router-state.
STATE_STACK_DIR ?= $(dir $(EDGE_STACK_DIR))edge-router-state
# What the scripts tell the user to type next: the same environment, never a bare make destroy that means another.
DESTROY_AGAIN = make destroy$(if $(filter command line,$(origin ENV)), ENV=$(ENV_NAME))$(if $(filter state,$(STACK)), STACK=state)
OPS_PLAN_JSON ?= build/plan/copies/default-json/edge-router/example.plan.json

.PHONY: destroy cost test-ops test-destroy

# CONFIRM reaches the scripts through the environment, never through the recipe's text, so no value of it (quotes,
# `;`, `$(...)`) is ever shell syntax.
# The folders and the variables file likewise: TFVARS='my site.tfvars' was two words, and the second became CONFIRM.
destroy: export CONFIRM := $(CONFIRM)
destroy: export DESTROY_AGAIN := $(DESTROY_AGAIN)
destroy: export DESTROY_STACK_DIR := $(EDGE_STACK_DIR)
destroy: export DESTROY_STATE_STACK_DIR := $(STATE_STACK_DIR)
destroy: export DESTROY_TFVARS := $(TFVARS)
destroy:
ifeq ($(STACK),state)
	@TERRAFORM=$(TERRAFORM) ops/destroy-state.sh "$$DESTROY_STATE_STACK_DIR" "$$DESTROY_STACK_DIR" "$$CONFIRM"
else ifeq ($(STACK),edge)
	@# With environments declared there is no plain edge stack: which one to take down is never a default.
	@if [ -n "$(ENVIRONMENTS)" ] && [ "$(origin ENV)" != "command line" ]; then \
	  echo "destroy: environments are declared ($(ENVIRONMENTS)): name the one to take down, e.g. make destroy ENV=$(firstword $(ENVIRONMENTS)); nothing changed" >&2; exit 2; fi
	@TERRAFORM=$(TERRAFORM) ops/destroy.sh "$$DESTROY_STACK_DIR" "$$DESTROY_TFVARS" "$$CONFIRM"
else
	@echo "destroy: STACK must be edge (the default) or state, not \"$(STACK)\"" >&2; exit 1
endif

# The table the README's "What it costs" shows, from the plan make test-plan saves (or OPS_PLAN_JSON=FILE, a
# `terraform show -json` of your own plan) and the prices in ops/prices.json.
cost:
	@test -f $(OPS_PLAN_JSON) || { echo "cost: no plan JSON at $(OPS_PLAN_JSON): run make test-plan, or set OPS_PLAN_JSON to terraform show -json of your plan" >&2; exit 1; }
	@node ops/cost.mjs $(OPS_PLAN_JSON) ops/prices.json

# Two suites, because they read different things (tests/suites.txt): test-ops reads the plan JSON test-plan writes
# (the cost table, the checks of a destroy plan), so it waits for test-plan and reruns whenever the app does;
# test-destroy reads only the synthesized stacks (it applies them to moto and takes them down with the real scripts),
# so it starts at once and is reused when an edit of the app leaves the stacks as they were. It is the longest suite.
# A new test file lands in test-ops unless it is named here (no file of ops/tests is left out of both).
OPS_MOTO_TESTS := ops/tests/destroy.test.mjs ops/tests/make-destroy.test.mjs
OPS_PLAN_TESTS := $(filter-out $(OPS_MOTO_TESTS),$(sort $(wildcard ops/tests/*.test.mjs)))

# Ends with `test-ops: Failed: N, Passed: N` in $(LOGS)/ops.log.
test-ops: $(MAIN_DLL) $(LAMBDA_JSON) $(NPM_STAMP)
	@test -f $(STACK_JSON) || $(MAKE) synth
	@mkdir -p $(LOGS)
	@echo "test-ops: node --test $(OPS_PLAN_TESTS) (the cost table against the README, the destroy plans' checks)"
	@rm -f $(LOGS)/ops.tap; set +e; \
	  OPS_STACK_DIR=$(abspath $(EDGE_STACK_DIR)) OPS_PLAN_JSON=$(abspath $(OPS_PLAN_JSON)) \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/ops.tap $(OPS_PLAN_TESTS); \
	  tests/tap-summary.sh test-ops $(LOGS)/ops.tap $(LOGS)/ops.log $$?

# Ends with `test-destroy: Failed: N, Passed: N` in $(LOGS)/destroy.log.
test-destroy: $(MAIN_DLL) $(LAMBDA_JSON) $(NPM_STAMP)
	@test -f $(STACK_JSON) || $(MAKE) synth
	@mkdir -p $(LOGS)
	@echo "test-destroy: node --test $(OPS_MOTO_TESTS) (make destroy against moto, its front door)"
	@rm -f $(LOGS)/destroy.tap; set +e; \
	  OPS_STACK_DIR=$(abspath $(EDGE_STACK_DIR)) \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/destroy.tap $(OPS_MOTO_TESTS); \
	  tests/tap-summary.sh test-destroy $(LOGS)/destroy.tap $(LOGS)/destroy.log $$?
