# The make targets .github/workflows/edge-router.yml calls, one per step (tools/pipeline/README.md). Included by
# the root Makefile. Each runs locally too: tests/pipeline runs them in the workflow's order.
#
#   make ci-environments   the environments to plan and apply, as the workflow's matrix (targets=… to $GITHUB_OUTPUT)
#   make ci-check          synth (guardrails) and the synth-output tests
#   make ci-plan           synth, plan ENV's stack, review it; the encrypted plan bundle, the review and meta.json
#                          into build/pipeline/NAME/ for the artifact plan-NAME-TREE
#   make ci-comment        the reviews as one sticky pull request comment
#   make ci-fetch-plan     the plan reviewed for this tree (or PLAN_RUN_ID's re-plan), unpacked for apply
#   make ci-apply          apply exactly that plan; a stale plan is refused and re-planned for review
#   make ci-publish        make publish SITE=… to the applied stack's bucket
#   make ci-verify         make verify DOMAIN=… ACCOUNT=…; FAIL and why: lines into the job summary
#   make test-pipeline     the workflow validated (action-validator, shellcheck, pins, permissions) and these targets
#                          run locally against fakes (tests/pipeline), and in the workflow's own order on a pull
#                          request and its merge (run-workflow.test.mjs: moto, the loopback GitHub, the local edge)

PIPELINE := build/pipeline
# The environment of this run: EDGE_ROUTER_ENV from the workflow's matrix (not ENV, which make reads only from its
# command line, environments/environments.mk), empty for the default stack, whose GitHub environment is production.
PIPELINE_ENV := $(strip $(EDGE_ROUTER_ENV))
PIPELINE_ENV_ARG := $(if $(PIPELINE_ENV),ENV=$(PIPELINE_ENV))
PIPELINE_NAME := $(if $(PIPELINE_ENV),$(PIPELINE_ENV),production)
PIPELINE_STACK_DIR := cdktf.out/stacks/edge-router$(if $(PIPELINE_ENV),-$(PIPELINE_ENV))
PIPELINE_TFVARS := $(if $(PIPELINE_ENV),environments/$(PIPELINE_ENV).tfvars,$(TFVARS))
PIPELINE_TREE = $(shell git rev-parse 'HEAD^{tree}')
# Where make plan saves the plan (deploy/README.md): <state folder>/plans/<stack>.tfplan.
PIPELINE_SAVED_PLAN = $(or $(EDGE_ROUTER_STATE_DIRECTORY),state)/plans/$(notdir $(PIPELINE_STACK_DIR)).tfplan
PIPELINE_STACK = $(PIPELINE)/$(PIPELINE_NAME)-stack

.PHONY: ci-environments ci-check ci-plan ci-comment ci-fetch-plan ci-apply ci-publish ci-verify test-pipeline

ci-environments: $(NPM_STAMP)
	@node tools/pipeline/environments.mjs cdktf.json

# The suites ci-check runs after the synth: the workflow leaves it at test-synth (the synth-output tests). A user may
# add others (CI_CHECK_SUITES='test-synth test-plan'); tests/pipeline's workflow run empties it, because make test runs
# test-synth as its own suite, and says so.
CI_CHECK_SUITES ?= test-synth
ci-check:
	@$(MAKE) synth
	@$(if $(strip $(CI_CHECK_SUITES)),$(MAKE) $(CI_CHECK_SUITES),echo "ci-check: CI_CHECK_SUITES is empty: no suite run after the synth")

# The review's exit status travels in meta.json: the apply job refuses a plan whose review blocked. The job fails
# after the artifact is written, so the comment still shows why.
ci-plan: $(NPM_STAMP)
	@node tools/pipeline/environments.mjs --state-bucket cdktf.json
	@test -f $(PIPELINE_TFVARS) || { echo "ci-plan: refused: no $(PIPELINE_TFVARS) in the repository: the pipeline plans with a committed variables file (git add -f $(PIPELINE_TFVARS), or declare environments)" >&2; exit 2; }
	@$(MAKE) synth
	@$(MAKE) plan $(PIPELINE_ENV_ARG)
	@rm -rf $(PIPELINE)/$(PIPELINE_NAME) && mkdir -p $(PIPELINE)/$(PIPELINE_NAME)
	@status=0; \
	  $(MAKE) --no-print-directory review $(PIPELINE_ENV_ARG) PLAN=$(abspath $(PIPELINE_SAVED_PLAN)) FORMAT=markdown \
	    > $(PIPELINE)/$(PIPELINE_NAME)/review.md || status=$$?; \
	  tools/pipeline/bundle.sh pack $(PIPELINE_STACK_DIR) $(PIPELINE_SAVED_PLAN) $(PIPELINE)/$(PIPELINE_NAME)/plan.bundle; \
	  printf '{"environment":"%s","tree":"%s","commit":"%s","review_status":%d}\n' \
	    "$(PIPELINE_NAME)" "$(PIPELINE_TREE)" "$$(git rev-parse HEAD)" "$$status" > $(PIPELINE)/$(PIPELINE_NAME)/meta.json; \
	  echo "artifact=plan-$(PIPELINE_NAME)-$(PIPELINE_TREE)" >> $${GITHUB_OUTPUT:-/dev/null}; \
	  echo "ci-plan: plan-$(PIPELINE_NAME)-$(PIPELINE_TREE) in $(PIPELINE)/$(PIPELINE_NAME) (review exit $$status)"; \
	  exit $$status

ci-comment: $(NPM_STAMP)
	@node tools/pipeline/sticky-comment.mjs $(PIPELINE)/downloaded

ci-fetch-plan: $(NPM_STAMP)
	@node tools/pipeline/reviewed-plan.mjs $(PIPELINE_NAME) $(PIPELINE_TREE) $(PIPELINE)/$(PIPELINE_NAME)-fetched
	@tools/pipeline/bundle.sh unpack $(PIPELINE)/$(PIPELINE_NAME)-fetched/plan.bundle $(PIPELINE_STACK)
	@echo "ci-fetch-plan: unpacked into $(PIPELINE_STACK) (the configuration, assets and lock file that were planned)"

ci-apply:
	@REPLAN_DIR=$(abspath $(PIPELINE))/$(PIPELINE_NAME)-replan \
	  REVIEW_COMMAND="$(MAKE) --no-print-directory review FORMAT=markdown REVIEW_STACK=$(abspath $(PIPELINE_STACK))/cdk.tf.json" \
	  TERRAFORM=$(TERRAFORM) tools/pipeline/apply.sh $(PIPELINE_STACK) $(PIPELINE_TFVARS) $(PIPELINE_NAME) $(PIPELINE_TREE)

ci-publish:
	@$(MAKE) publish STACK_JSON=$(PIPELINE_STACK)/cdk.tf.json SITE="$(SITE)"

ci-verify: $(NPM_STAMP)
	@mkdir -p $(PIPELINE); status=0; \
	  $(MAKE) --no-print-directory verify STACK_JSON=$(PIPELINE_STACK)/cdk.tf.json DOMAIN="$(DOMAIN)" ACCOUNT="$(ACCOUNT)" 2>&1 \
	    | tee $(PIPELINE)/$(PIPELINE_NAME)-verify.txt || status=1; \
	  { echo "## make verify: $(PIPELINE_NAME)"; echo; echo '```'; grep -E '^(FAIL|  *why:|verify:)' $(PIPELINE)/$(PIPELINE_NAME)-verify.txt || true; echo '```'; } \
	    >> $${GITHUB_STEP_SUMMARY:-/dev/null}; \
	  exit $$status

# Ends with `test-pipeline: Failed: N, Passed: N` in $(LOGS)/pipeline.log. run-workflow.test.mjs runs the workflow's
# targets on clones of this tree with the builds copied in: the app, the router, the local edge and its test
# certificate, the review and publish tools (named by path: review.mk and publish.mk are included after this file).
test-pipeline: $(NPM_STAMP) $(MAIN_DLL) $(LAMBDA_JSON) $(LAMBDA_AOT) $(EDGE_DLL) $(E2E_TLS)/ca.pem build/review/Review.dll build/publish/Publish.dll
	@mkdir -p $(LOGS)
	@echo "test-pipeline: node --test tests/pipeline (the workflow validated; its make targets run locally against fakes)"
	@rm -f $(LOGS)/pipeline.tap; set +e; \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/pipeline.tap tests/pipeline/; \
	  tests/tap-summary.sh test-pipeline $(LOGS)/pipeline.tap $(LOGS)/pipeline.log $$?
