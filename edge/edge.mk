# The local edge and the end-to-end tests (issue 4). Included by the root Makefile, which defines FEED, STACK_JSON,
# LOGS, MAIN_DLL, NPM_STAMP and (through lambda/lambda.mk) LAMBDA_AOT and LAMBDA_JSON.
#
#   make serve      the synthesized distribution on http://127.0.0.1:$(EDGE_PORT) (EDGE_PORT=8787 by default)
#   make test-e2e   real WebFinger clients from npm against the local edge (node --test tests/e2e)
#
# serve runs with your variables (TFVARS, the root Makefile's terraform.tfvars) when that file exists, the router with
# the WEBFINGER_CONFIG they make; without it, the variables' defaults and edge/webfinger.local.json.
# serve takes EDGE_ARGS for anything else the edge accepts, e.g.
#   make serve EDGE_ARGS='--var hsts_max_age_seconds=300 --webfinger-config my.json'

EDGE_PORT ?= 8787
EDGE_ARGS ?=
EDGE_BUILD := build/edge
EDGE_DLL := $(EDGE_BUILD)/LocalEdge.dll
EDGE_SRC := $(shell find edge/LocalEdge lambda/LocalRuntimeApi -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.mjs' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) \
  Directory.Build.props lambda/Directory.Build.props Directory.Packages.props edge/edge.mk
E2E := build/e2e
E2E_TLS := $(E2E)/tls
E2E_NARROW := $(E2E)/narrow-stack-owned/stacks/edge-router/cdk.tf.json
E2E_PATTERNS := /.well-known/webfinger,/.well-known/host-meta*,/.well-known/nodeinfo*
E2E_DOTNET10 := $(E2E)/dotnet10/stacks/edge-router/cdk.tf.json
E2E_FUNCTION_URL := $(E2E)/function-url/stacks/edge-router/cdk.tf.json

.PHONY: serve test-e2e edge

$(EDGE_DLL): $(EDGE_SRC)
	@mkdir -p $(FEED)
	@echo "edge: building edge/LocalEdge"
	@dotnet build edge/LocalEdge -c Release -o $(EDGE_BUILD) $(DOTNET_QUIET) -p:TreatWarningsAsErrors=true
	@touch $@

edge: $(EDGE_DLL)

serve: $(EDGE_DLL) $(LAMBDA_AOT)
	@$(MAKE) synth
	@dotnet $(EDGE_DLL) --stack $(STACK_JSON) --site site --bootstrap $(LAMBDA_AOT) --port $(EDGE_PORT) \
	  $(if $(wildcard $(TFVARS)),--var-file $(abspath $(TFVARS))) $(EDGE_ARGS)

# A throw-away CA and a server certificate for example.com, mastodon.example.com and auth.example.com.
$(E2E_TLS)/ca.pem: tests/e2e/make-certs.sh
	@tests/e2e/make-certs.sh $(E2E_TLS)

# A second, real synth: router paths narrowed to the router's own, the stack's own origin request policy.
$(E2E_NARROW): $(MAIN_DLL) $(LAMBDA_JSON) cdktf.json
	@echo "test-e2e: synthesizing the narrowed, stack-owned-policy variant into $(E2E)/narrow-stack-owned"
	@rm -rf $(E2E)/narrow-stack-owned
	@CDKTF_OUTDIR=$(E2E)/narrow-stack-owned EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY=stack-owned \
	  EDGE_ROUTER_ROUTER_PATH_PATTERNS='$(E2E_PATTERNS)' \
	  CDKTF_CONTEXT_JSON="$$(node -p 'JSON.stringify(require("./cdktf.json").context ?? {})')" \
	  dotnet $(MAIN_DLL) > $(E2E)/narrow-synth.log 2>&1 || { cat $(E2E)/narrow-synth.log; exit 1; }
	@test -f $@

# A third real synth: the managed dotnet10 package (the fallback where Native AOT cannot build), as deployed.
$(E2E_DOTNET10): $(MAIN_DLL) $(LAMBDA_DOTNET10_JSON) cdktf.json
	@echo "test-e2e: synthesizing with the managed dotnet10 package into $(E2E)/dotnet10"
	@rm -rf $(E2E)/dotnet10
	@CDKTF_OUTDIR=$(E2E)/dotnet10 EDGE_ROUTER_ROUTER_PACKAGE=$(LAMBDA_DOTNET10_ZIP) \
	  CDKTF_CONTEXT_JSON="$$(node -p 'JSON.stringify(require("./cdktf.json").context ?? {})')" \
	  dotnet $(MAIN_DLL) > $(E2E)/dotnet10-synth.log 2>&1 || { cat $(E2E)/dotnet10-synth.log; exit 1; }
	@test -f $@

# A fourth real synth: the router behind its Lambda function URL (routerOrigin = function-url), no API Gateway.
$(E2E_FUNCTION_URL): $(MAIN_DLL) $(LAMBDA_JSON) $(CDKTF_CONTEXT)
	@echo "test-e2e: synthesizing the function-url router origin into $(E2E)/function-url"
	@rm -rf $(E2E)/function-url
	@CDKTF_OUTDIR=$(E2E)/function-url EDGE_ROUTER_ROUTER_ORIGIN=function-url \
	  CDKTF_CONTEXT_JSON="$$(< $(CDKTF_CONTEXT))" \
	  dotnet $(MAIN_DLL) > $(E2E)/function-url-synth.log 2>&1 || { cat $(E2E)/function-url-synth.log; exit 1; }
	@test -f $@

# Ends with a line `test-e2e: Failed: N, Passed: N` in $(LOGS)/e2e.log, which the root `make test` adds up with
# dotnet's. Node reads NODE_EXTRA_CA_CERTS at start-up only, hence here and not in the tests. tests/e2e/netns.sh
# runs the suite in a network namespace of its own, where any user may bind ports 443 and 80 of its loopback
# (tests/e2e/README.md); where none can be made it says why and the suite counts as one failure.
test-e2e: $(EDGE_DLL) $(LAMBDA_AOT) $(NPM_STAMP) $(E2E_TLS)/ca.pem $(E2E_NARROW) $(E2E_DOTNET10) $(E2E_FUNCTION_URL)
	@test -f $(STACK_JSON) || $(MAKE) synth
	@mkdir -p $(LOGS)
	@echo "test-e2e: node --test tests/e2e (webfinger.js, @fedify/webfinger, openid-client, nostr-tools, @atproto/identity, matrix-js-sdk against the local edge)"
	@rm -f $(LOGS)/e2e.tap; set +e; \
	  NODE_EXTRA_CA_CERTS=$(abspath $(E2E_TLS))/ca.pem E2E_TLS_DIR=$(abspath $(E2E_TLS)) \
	  E2E_ENGINE=$(ENGINE) E2E_STACK=$(abspath $(STACK_JSON)) E2E_NARROW_STACK=$(abspath $(E2E_NARROW)) E2E_DOTNET10_STACK=$(abspath $(E2E_DOTNET10)) \
	  E2E_FUNCTION_URL_STACK=$(abspath $(E2E_FUNCTION_URL)) \
	  tests/e2e/netns.sh node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/e2e.tap tests/e2e/; \
	  tests/tap-summary.sh test-e2e $(LOGS)/e2e.tap $(LOGS)/e2e.log $$?
