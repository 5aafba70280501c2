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
#                          run locally against fakes (tests/pipeline)

PIPELINE := build/pipeline
# The GitHub environment of this run (ENV, or production for the default stack) and the tree being planned.
PIPELINE_NAME = $(if $(ENV),$(ENV),production)
PIPELINE_TREE = $(shell git rev-parse 'HEAD^{tree}')
PIPELINE_SAVED_PLAN ?= $(EDGE_STACK_DIR)/$(EDGE_PLAN)
PIPELINE_STACK = $(PIPELINE)/$(PIPELINE_NAME)-stack

.PHONY: ci-environments ci-check ci-plan ci-comment ci-fetch-plan ci-apply ci-publish ci-verify test-pipeline

ci-environments: $(NPM_STAMP)
	@node tools/pipeline/environments.mjs cdktf.json

ci-check:
	@$(MAKE) synth
	@$(MAKE) test-synth

# The review's exit status travels in meta.json: the apply job refuses a plan whose review blocked. The job fails
# after the artifact is written, so the comment still shows why.
ci-plan: $(NPM_STAMP)
	@test -f $(TFVARS) || { echo "ci-plan: refused: no $(TFVARS) in the repository: the pipeline plans with a committed variables file (git add -f $(TFVARS), or declare environments)" >&2; exit 2; }
	@$(MAKE) synth
	@$(MAKE) plan
	@rm -rf $(PIPELINE)/$(PIPELINE_NAME) && mkdir -p $(PIPELINE)/$(PIPELINE_NAME)
	@status=0; \
	  if $(MAKE) -n review > /dev/null 2>&1; then \
	    $(MAKE) --no-print-directory review PLAN=$(abspath $(PIPELINE_SAVED_PLAN)) FORMAT=markdown > $(PIPELINE)/$(PIPELINE_NAME)/review.md || status=$$?; \
	  else \
	    { echo '```'; $(TERRAFORM) -chdir=$(EDGE_STACK_DIR) show -no-color $(abspath $(PIPELINE_SAVED_PLAN)); echo '```'; } > $(PIPELINE)/$(PIPELINE_NAME)/review.md; \
	  fi; \
	  tools/pipeline/bundle.sh pack $(EDGE_STACK_DIR) $(PIPELINE_SAVED_PLAN) $(PIPELINE)/$(PIPELINE_NAME)/plan.bundle; \
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
	  REVIEW_COMMAND="$(if $(shell $(MAKE) -n review >/dev/null 2>&1 && echo yes),$(MAKE) --no-print-directory review FORMAT=markdown PLAN=)" \
	  TERRAFORM=$(TERRAFORM) tools/pipeline/apply.sh $(PIPELINE_STACK) $(TFVARS) $(PIPELINE_NAME) $(PIPELINE_TREE)

ci-publish:
	@$(MAKE) publish STACK_JSON=$(PIPELINE_STACK)/cdk.tf.json SITE="$(SITE)"

ci-verify: $(NPM_STAMP)
	@mkdir -p $(PIPELINE); status=0; \
	  $(MAKE) --no-print-directory verify STACK_JSON=$(PIPELINE_STACK)/cdk.tf.json DOMAIN="$(DOMAIN)" ACCOUNT="$(ACCOUNT)" 2>&1 \
	    | tee $(PIPELINE)/$(PIPELINE_NAME)-verify.txt || status=1; \
	  { echo "## make verify: $(PIPELINE_NAME)"; echo; echo '```'; grep -E '^(FAIL|  *why:|verify:)' $(PIPELINE)/$(PIPELINE_NAME)-verify.txt || true; echo '```'; } \
	    >> $${GITHUB_STEP_SUMMARY:-/dev/null}; \
	  exit $$status

# Ends with `test-pipeline: Failed: N, Passed: N` in $(LOGS)/pipeline.log.
test-pipeline: $(NPM_STAMP)
	@mkdir -p $(LOGS)
	@echo "test-pipeline: node --test tests/pipeline (the workflow validated; its make targets run locally against fakes)"
	@rm -f $(LOGS)/pipeline.tap; set +e; \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/pipeline.tap tests/pipeline/; \
	  tests/tap-summary.sh test-pipeline $(LOGS)/pipeline.tap $(LOGS)/pipeline.log $$?
