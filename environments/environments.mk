# Several environments from one app (issue 22). Included by the root Makefile before STACK_JSON and TFVARS are used.
#
#   "environments": ["staging", "production"] in cdktf.json's context (or EDGE_ROUTER_ENVIRONMENTS=staging,production)
#   make synth                 writes cdktf.out/stacks/edge-router-staging, …-production and edge-router-state
#   make plan ENV=staging      plans edge-router-staging with environments/staging.tfvars (make review, make apply,
#                              make serve, make verify ENV=staging likewise)
#
# ENV counts only on make's command line: an ENV in the shell's environment (POSIX sh uses that name for its start-up
# file) is ignored. An ENV that is not declared is refused with one line naming the declared ones. With environments
# declared, make plan/apply/review/serve without ENV are refused (there is no plain edge-router stack then).

# The declared environments, as the app reads them: EDGE_ROUTER_ENVIRONMENTS wins over cdktf.json (names are checked
# by the app at synth; here they are only compared).
# An EDGE_ROUTER_ENVIRONMENTS set but empty is "none declared", as the app reads it (EdgeSettingsLoader): falling back
# to cdktf.json here would plan an environment's stack that the last synth no longer wrote (a stale folder).
ENVIRONMENTS := $(shell node -e 'const e = process.env.EDGE_ROUTER_ENVIRONMENTS; \
  const list = e !== undefined ? (e === "" ? [] : e.split(",")) : (require("./cdktf.json").context?.environments ?? []); \
  console.log((Array.isArray(list) ? list : String(list).split(",")).map(s => String(s).trim()).join(" "))' 2>/dev/null)

ifeq ($(origin ENV),command line)
ENV_NAME := $(strip $(ENV))
# ENV is compared as text with the declared names as the patterns: ENV=% or ENV=prod% is no name (a % in ENV as the
# pattern matched every declared one).
ifeq ($(ENVIRONMENTS),)
$(error ENV=$(ENV): no environments are declared (cdktf.json context "environments", or EDGE_ROUTER_ENVIRONMENTS))
endif
ifneq ($(words $(ENV_NAME)),1)
$(error ENV="$(ENV)" is not one environment name; declared: $(ENVIRONMENTS))
endif
ifeq ($(filter $(ENVIRONMENTS),$(ENV_NAME)),)
$(error ENV=$(ENV_NAME) is not declared; declared: $(ENVIRONMENTS) (cdktf.json context "environments"))
endif
STACK_JSON := cdktf.out/stacks/edge-router-$(ENV_NAME)/cdk.tf.json
TFVARS := environments/$(ENV_NAME).tfvars
# TFVARS on the command line wins over the line above; naming another environment's file is a mix-up (staging's
# variables planned into production's state), refused. Any other file is the user's choice, taken as given.
ifeq ($(origin TFVARS),command line)
ifneq ($(filter $(abspath environments)/%.tfvars,$(abspath $(TFVARS))),)
ifneq ($(abspath $(TFVARS)),$(abspath environments/$(ENV_NAME).tfvars))
$(error TFVARS=$(TFVARS) is another environment's variables file, and ENV=$(ENV_NAME) plans with environments/$(ENV_NAME).tfvars: drop TFVARS, or give the ENV that file is for)
endif
endif
endif
endif

.PHONY: env-required
plan apply review serve: env-required
# STACK=state and STACK=github (make plan/apply) are one for all environments: they need no ENV.
env-required:
	@if [ -n "$(ENVIRONMENTS)" ] && [ "$(origin ENV)" != "command line" ] && [ -z "$(filter state github,$(STACK))" ]; then \
	  echo "$(firstword $(MAKECMDGOALS)): environments are declared ($(ENVIRONMENTS)): give one, e.g. make $(firstword $(MAKECMDGOALS) plan) ENV=$(firstword $(ENVIRONMENTS))" >&2; exit 2; fi
