# make verify and its tests (issue 13). Included by the root Makefile (NPM_STAMP, LOGS, STACK_JSON; edge/edge.mk's
# EDGE_DLL, E2E_TLS; lambda/lambda.mk's LAMBDA_AOT).
#
#   make verify DOMAIN=example.com ACCOUNT=alice [OIDC_ACCOUNT=bob] [URL=https://example.com] [API=https://…]
#               [HTTP_URL=http://127.0.0.1:8080] [RESOLVE='mastodon.example.com=127.0.0.1:8443 …']
#   make verify-local  the same checks against the local edge, which it starts on loopback ports and stops: the
#                      synthesized stack with the example configuration (DOMAIN example.com) [ACCOUNT=alice] [OIDC_ACCOUNT=bob]
#                      [RESOLVE='mastodon.example.com=127.0.0.1:8443 …'] (stand-ins; without them those checks are not checked)
#   make test-verify   make verify against the local edge on the synthesized stack (passes) and on a copy whose API
#                      behaviour forwards Host (fails, naming the Host header); the explanations; the options
#
# HTTP_URL and RESOLVE are for a loopback URL (the local edge) only.

DOMAIN ?=
URL ?=
ACCOUNT ?=
OIDC_ACCOUNT ?=
API ?=
HTTP_URL ?=
RESOLVE ?=

.PHONY: verify verify-local test-verify

# Each value reaches verify.mjs through the environment, never re-parsed by the shell (a quote or $(…) in a value is
# passed as typed, then checked).
verify verify-local: export VERIFY_DOMAIN = $(DOMAIN)
verify verify-local: export VERIFY_ACCOUNT = $(ACCOUNT)
verify verify-local: export VERIFY_OIDC_ACCOUNT = $(OIDC_ACCOUNT)
verify verify-local: export VERIFY_URL = $(URL)
verify verify-local: export VERIFY_API = $(API)
verify verify-local: export VERIFY_HTTP_URL = $(HTTP_URL)
verify verify-local: export VERIFY_RESOLVE = $(RESOLVE)
verify verify-local: export VERIFY_TFVARS = $(TFVARS)
verify: $(NPM_STAMP)
	@node tools/verify/verify.mjs --domain "$$VERIFY_DOMAIN" --account "$$VERIFY_ACCOUNT" --url "$$VERIFY_URL" \
	  --oidc-account "$$VERIFY_OIDC_ACCOUNT" --api "$$VERIFY_API" --http-url "$$VERIFY_HTTP_URL" --stack-dir $(dir $(STACK_JSON)) \
	  --tfvars "$$VERIFY_TFVARS" --resolve "$$VERIFY_RESOLVE"

# The local edge needs a certificate for example.com that Node trusts: the end-to-end tests' throw-away CA, trusted
# by this process only (NODE_EXTRA_CA_CERTS), never installed.
verify-local: $(EDGE_DLL) $(LAMBDA_AOT) $(NPM_STAMP) $(E2E_TLS)/ca.pem
	@test -f $(STACK_JSON) || $(MAKE) synth
	@NODE_EXTRA_CA_CERTS=$(abspath $(E2E_TLS))/ca.pem node tools/verify/local.mjs --edge $(EDGE_DLL) --stack $(STACK_JSON) \
	  --bootstrap $(LAMBDA_AOT) --tls $(E2E_TLS) --account "$$VERIFY_ACCOUNT" --oidc-account "$$VERIFY_OIDC_ACCOUNT" \
	  --resolve "$$VERIFY_RESOLVE" --tfvars "$$VERIFY_TFVARS" --domain "$$VERIFY_DOMAIN" --url "$$VERIFY_URL"

# Ends with `test-verify: Failed: N, Passed: N` in $(LOGS)/verify.log, which the root `make test` adds up.
test-verify: $(EDGE_DLL) $(LAMBDA_AOT) $(NPM_STAMP) $(E2E_TLS)/ca.pem $(E2E_FUNCTION_URL)
	@test -f $(STACK_JSON) || $(MAKE) synth
	@mkdir -p $(LOGS)
	@echo "test-verify: node --test tests/verify (make verify against the local edge on loopback ports)"
	@rm -f $(LOGS)/verify.tap; set +e; \
	  NODE_EXTRA_CA_CERTS=$(abspath $(E2E_TLS))/ca.pem E2E_TLS_DIR=$(abspath $(E2E_TLS)) E2E_STACK=$(abspath $(STACK_JSON)) E2E_FUNCTION_URL_STACK=$(abspath $(E2E_FUNCTION_URL)) \
	  tests/e2e/netns.sh node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/verify.tap tests/verify/; \
	  tests/tap-summary.sh test-verify $(LOGS)/verify.tap $(LOGS)/verify.log $$?
