# Deploying (deploy/README.md). Included by the root Makefile, which defines TERRAFORM, TFVARS, ENGINE,
# EDGE_STACK_DIR, LOGS, NPM_STAMP and MAIN_DLL.
#
#   make doctor [STACK=state|github]   the preflight: what a deploy needs, checked before Terraform runs (one line each)
#   make plan   [STACK=state|github]   the preflight, then terraform init + plan, saved beside the state
#   make apply  [STACK=state|github]   the preflight, then exactly the plan make plan saved
#   make test-deploy            the preflight's lines, the kept plan and lock files, the IAM policy, the README walk
#
# STACK=edge (the default) is the distribution and the router, with TFVARS; STACK=state is the state bucket, once,
# first; STACK=github is the GitHub pipeline's identity provider and roles (written by make synth only when
# githubRepository is set), with GITHUB_TFVARS (default github.tfvars: its site_bucket_names). UPGRADE=1 lets terraform init move the kept provider lock file (after a change of ENGINE or provider
# version). PLAN_ARGS passes arguments on to terraform plan (PLAN_ARGS='-target=ADDRESS').
STACK ?= edge
GITHUB_TFVARS ?= github.tfvars
UPGRADE ?=
PLAN_ARGS ?=
# The values reach terraform.mjs through the environment, never re-parsed by the shell: a quote or $(…) in one is
# passed as typed, and refused there by name (STACK="a'b" was a shell syntax error).
DEPLOY_ARGS = --stack "$$DEPLOY_STACK" --stack-dir "$$DEPLOY_STACK_DIR" --tfvars "$$DEPLOY_TFVARS" --terraform "$$DEPLOY_TERRAFORM" \
  --engine "$$DEPLOY_ENGINE" $(if $(filter command line environment environment override,$(origin ENGINE)),--engine-given) \
  $(if $(UPGRADE),--upgrade)
doctor plan apply: export DEPLOY_STACK = $(STACK)
doctor plan apply: export DEPLOY_STACK_DIR = $(EDGE_STACK_DIR)
doctor plan apply: export DEPLOY_TFVARS = $(if $(filter github,$(STACK)),$(GITHUB_TFVARS),$(TFVARS))
doctor plan apply: export DEPLOY_TERRAFORM = $(TERRAFORM)
doctor plan apply: export DEPLOY_ENGINE = $(ENGINE)

.PHONY: doctor plan apply test-deploy

doctor:
	@node deploy/terraform.mjs doctor $(DEPLOY_ARGS)

plan:
	@node deploy/terraform.mjs plan $(DEPLOY_ARGS) -- $(PLAN_ARGS)

apply:
	@node deploy/terraform.mjs apply $(DEPLOY_ARGS)

# Ends with `test-deploy: Failed: N, Passed: N` in $(LOGS)/deploy.log. Reads deploy/, tests/deploy/, README.md, the
# Makefiles, terraform.tfvars.example, the built app and the lambda zip (it synthesizes), /opt/tf-plugins (the
# offline provider; EDGE_ROUTER_PLAN_MIRROR), and the git history of HEAD (the README walk clones it).
test-deploy: $(MAIN_DLL) $(LAMBDA_JSON) $(NPM_STAMP) $(EDGE_DLL) $(LAMBDA_AOT)
	@mkdir -p $(LOGS)
	@echo "test-deploy: node --test tests/deploy (preflight, kept plan and lock files, IAM policy, the README walked on a clone)"
	@rm -rf $(LOGS)/deploy.tap build/test-deploy; set +e; \
	  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/deploy.tap tests/deploy/; \
	  tests/tap-summary.sh test-deploy $(LOGS)/deploy.tap $(LOGS)/deploy.log $$?
