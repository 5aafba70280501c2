# make review and its tests (issue 22). Included by the root Makefile, which defines DOTNET_QUIET, LOGS, TERRAFORM,
# EDGE_STACK_DIR, EDGE_PLAN, MAIN_DLL and LAMBDA_JSON.
#
#   make review [PLAN=FILE] [REVIEW_STACK=…/cdk.tf.json] [FORMAT=text|markdown] [ALLOW=RULE:address,…]
#   (ALLOW only on make's command line: one exported in the environment is refused, exit 2)
#   make test-review   the review on real plans against a real prior state (moto), and the S3 backend flow
#
# PLAN: a saved plan (terraform plan -out) or its terraform show -json; default the plan make plan saved. A saved
# plan is read with `terraform show -json` in the stack's folder (REVIEW_STACK's), which make plan initialized.
# Exit status: 0 nothing blocking, 1 a blocking finding not acknowledged in ALLOW, 2 unreadable input or an ALLOW
# address that matches no finding. tools/Review/README.md has the rules.

REVIEW_DLL := build/review/Review.dll
REVIEW_SRC := $(shell find tools/Review -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) \
  Directory.Build.props Directory.Packages.props
# make plan saves it beside the state (deploy/README.md): <state folder>/plans/<stack>.tfplan.
SAVED_PLAN = $(or $(EDGE_ROUTER_STATE_DIRECTORY),state)/plans/$(notdir $(EDGE_STACK_DIR)).tfplan
PLAN ?= $(SAVED_PLAN)
REVIEW_STACK ?= $(EDGE_STACK_DIR)/cdk.tf.json
FORMAT ?= text
ALLOW ?=

.PHONY: review test-review

$(REVIEW_DLL): $(REVIEW_SRC)
	@mkdir -p $(FEED)
	@echo "review: building tools/Review"
	@dotnet build tools/Review -c Release -o $(dir $(REVIEW_DLL)) $(DOTNET_QUIET)
	@touch $@

# The values go through the environment, never through the recipe's text: an instance address holds quotes
# (ALLOW='RV010:aws_route53_record.dns_a_13DA7B1B["example.com"]'), which "$(ALLOW)" stripped (so the documented form
# could not be given), and a $(…) or backquote in a value would have run in the shell.
review: export REVIEW_PLAN = $(PLAN)
review: export REVIEW_STACK_FILE = $(REVIEW_STACK)
review: export REVIEW_FORMAT = $(FORMAT)
review: export REVIEW_ALLOW = $(ALLOW)
review: export REVIEW_TERRAFORM = $(TERRAFORM)
review: $(REVIEW_DLL)
	@# An acknowledgement is typed for the plan in front of you: an ALLOW exported in the shell (or a CI job's env)
	@# outlived that plan and silently acknowledged the same finding on every later one.
	@if [ "$(origin ALLOW)" = environment ] || [ "$(origin ALLOW)" = "environment override" ]; then \
	  echo "review: ALLOW is set in the environment (exported?): an acknowledgement belongs to one plan, so it counts only on make's command line: unset ALLOW, then make review ALLOW=… (exit 2)" >&2; exit 2; fi
	@dotnet $(REVIEW_DLL) --plan "$$REVIEW_PLAN" --stack "$$REVIEW_STACK_FILE" --format "$$REVIEW_FORMAT" --allow "$$REVIEW_ALLOW" --terraform "$$REVIEW_TERRAFORM"

# Ends with a `Failed: N, Passed: N` line in $(LOGS)/review.log. No moto: the setup script says so loudly and the
# suite fails (every test reports NO MOTO), never skips.
test-review: $(REVIEW_DLL) $(MAIN_DLL) $(LAMBDA_JSON)
	@mkdir -p $(LOGS)
	@echo "test-review: tests/EdgeRouter.ReviewTests (make review on real plans against a real prior state in moto; the S3 backend flow)"
	@moto=$$(tests/EdgeRouter.ReviewTests/moto-setup.sh) || moto=; start=$$(date +%s); status=0; \
	  MOTO_SERVER="$$moto" REVIEW_DLL=$(abspath $(REVIEW_DLL)) REVIEW_TEST_APP=$(abspath $(MAIN_DLL)) \
	    dotnet test tests/EdgeRouter.ReviewTests -c Release --no-build $(DOTNET_QUIET) --logger "console;verbosity=normal" 2>&1 | tee $(LOGS)/review.log || status=1; \
	  passed=$$(sed -n 's/^ *Passed: *\([0-9][0-9]*\)$$/\1/p' $(LOGS)/review.log | tail -1); \
	  failed=$$(sed -n 's/^ *Failed: *\([0-9][0-9]*\)$$/\1/p' $(LOGS)/review.log | tail -1); \
	  if [ -z "$$passed$$failed" ]; then failed=1; status=1; fi; \
	  echo "test-review: Failed: $${failed:-0}, Passed: $${passed:-0}" | tee -a $(LOGS)/review.log; \
	  echo "test-review: $$(( $$(date +%s) - start )) s including the build"; \
	  test -f build/review-tests/prior-state/timing.txt && cat build/review-tests/prior-state/timing.txt; \
	  exit $$status
