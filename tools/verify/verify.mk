# make verify and its tests (issue 13). Included by the root Makefile (NPM_STAMP, LOGS, STACK_JSON; edge/edge.mk's
# EDGE_DLL, E2E_TLS; lambda/lambda.mk's LAMBDA_AOT).
#
#   make verify DOMAIN=example.com ACCOUNT=alice [OIDC_ACCOUNT=bob] [URL=https://example.com] [API=https://…]
#               [HTTP_URL=http://127.0.0.1:8080] [RESOLVE='mastodon.example.com=127.0.0.1:8443 …']
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

.PHONY: verify test-verify

verify: $(NPM_STAMP)
	@node tools/verify/verify.mjs --domain "$(DOMAIN)" --account "$(ACCOUNT)" --url "$(URL)" --oidc-account "$(OIDC_ACCOUNT)" \
	  --api "$(API)" --http-url "$(HTTP_URL)" --stack-dir $(dir $(STACK_JSON)) $(foreach r,$(RESOLVE),--resolve $(r))

# Ends with `test-verify: Failed: N, Passed: N` in $(LOGS)/verify.log, which the root `make test` adds up.
test-verify: $(EDGE_DLL) $(LAMBDA_AOT) $(NPM_STAMP) $(E2E_TLS)/ca.pem
	@test -f $(STACK_JSON) || $(MAKE) synth
	@mkdir -p $(LOGS)
	@echo "test-verify: node --test tests/verify (make verify against the local edge on loopback ports)"
	@rm -f $(LOGS)/verify.tap; set +e; \
	  NODE_EXTRA_CA_CERTS=$(abspath $(E2E_TLS))/ca.pem E2E_TLS_DIR=$(abspath $(E2E_TLS)) E2E_STACK=$(abspath $(STACK_JSON)) \
	  tests/e2e/netns.sh node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/verify.tap tests/verify/; \
	  tests/tap-summary.sh test-verify $(LOGS)/verify.tap $(LOGS)/verify.log $$?
