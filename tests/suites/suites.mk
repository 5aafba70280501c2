# `make test` and what it shares between suites (tests/suites/README.md). Included by the root Makefile after the
# other .mk files, whose variables it names. The suites themselves, and what each reads, are listed in
# tests/suites.txt, one line each.
#
#   make test                every suite; a suite whose inputs did not change since it last passed is reported
#                            from that run, marked cached, with its counts
#   make test FRESH=1        every suite runs (CI=true, as .ci/run sets it, too)
#   make test TEST_JOBS=1    one suite at a time (default 2: this project's machines have 2 cores)
#   make test TEST_ONLY=router,publish   only those suites of tests/suites.txt (by name), with the cache
#   make test-suites         the runner's own tests (the cache's keys, the manifest)
#   make test-prepare        the builds the suites share, once, one after another (what `make test` does first)

FRESH ?=
TEST_JOBS ?= 2
TEST_ONLY ?=
TEST_BUILDS := build/test-builds

.PHONY: test-prepare test-suites

# Each test project is built once, by test-prepare or by the first suite that needs it, and run with `dotnet test
# --no-build`: two suites running side by side never build the same project (their obj/ folders would collide), and
# no suite pays for dotnet test's own up-to-date check. The target is the test assembly; its prerequisites are the
# project's sources and those of the projects it references; the build itself is MSBuild's incremental one (it
# leaves the assembly's time stamp alone when nothing changed, hence the touch).
# One find for every test project (each $(shell) is a process at every make start, make synth's included).
TEST_SRC_ALL := $(shell find tests/EdgeRouter.Tests tests/EdgeRouter.PlanTests tests/WebfingerRouter.Tests tests/Publish.Tests tests/EdgeRouter.ReviewTests \
  lambda/LocalRuntimeApi -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.js' \) -not -path '*/bin/*' \
  -not -path '*/obj/*' 2>/dev/null)
TEST_SRC = $(filter $(addsuffix /%,$(1)),$(TEST_SRC_ALL))
TEST_BUILD_SHARED := Directory.Build.props Directory.Packages.props NuGet.config tests/suites/suites.mk
TEST_DLL_synth_cdktf := tests/EdgeRouter.Tests/bin/Release/net10.0/EdgeRouter.Tests.dll
TEST_DLL_synth_cdktn := build/engine-cdktn/bin/EdgeRouter.Tests/Release/net10.0/EdgeRouter.Tests.dll
TEST_DLL_plan := tests/EdgeRouter.PlanTests/bin/Release/net10.0/EdgeRouter.PlanTests.dll
TEST_DLL_router := tests/WebfingerRouter.Tests/bin/Release/net10.0/WebfingerRouter.Tests.dll
TEST_DLL_publish := tests/Publish.Tests/bin/Release/net10.0/Publish.Tests.dll
TEST_DLL_review := tests/EdgeRouter.ReviewTests/bin/Release/net10.0/EdgeRouter.ReviewTests.dll
TEST_DLLS := $(TEST_DLL_synth_$(ENGINE)) $(TEST_DLL_plan) $(TEST_DLL_router) $(TEST_DLL_publish) $(TEST_DLL_review)

define test-build
$(1): $(2) $(TEST_BUILD_SHARED) $$(call TEST_SRC,$(3))
	@mkdir -p $$(FEED)
	@echo "build: $(3) $(4)"
	@dotnet build $(3) -c Release $(4) $$(DOTNET_QUIET)
	@touch $$@
endef
$(foreach engine,$(ENGINES),$(eval $(call test-build,$(TEST_DLL_synth_$(engine)),$(BINDINGS_$(engine)) $(MAIN_SRC) $(LAMBDA_SRC),tests/EdgeRouter.Tests,-p:Engine=$(engine))))
$(eval $(call test-build,$(TEST_DLL_plan),,tests/EdgeRouter.PlanTests))
$(eval $(call test-build,$(TEST_DLL_router),$(LAMBDA_SRC) $(call TEST_SRC,lambda/LocalRuntimeApi),tests/WebfingerRouter.Tests))
$(eval $(call test-build,$(TEST_DLL_publish),$(PUBLISH_SRC),tests/Publish.Tests))
$(eval $(call test-build,$(TEST_DLL_review),$(REVIEW_SRC),tests/EdgeRouter.ReviewTests))

# The suites run what was built above (each recipe says --no-build).
test-synth: $(TEST_DLL_synth_$(ENGINE))
test-plan: $(TEST_DLL_plan)
test-router: $(TEST_DLL_router)
test-publish: $(TEST_DLL_publish)
test-review: $(TEST_DLL_review)

# What two or more suites use, built before they start side by side. Run without -j: the dotnet builds share
# referenced projects' obj/ folders, and each one already uses both cores. make test passes this list to every suite's
# make as `-o FILE` (never remade there): a suite never builds what another one reads beside it, even when a build
# went stale after test-prepare (an edit meanwhile); its key is then of what is there, and the edit is a change of
# inputs that leaves its result unstored.
TEST_SHARED_BUILDS = $(MAIN_DLL_cdktf) $(MAIN_DLL_cdktn) $(foreach e,$(ENGINES),build/main-restored-$(e).stamp $(BINDINGS_$(e))) \
  $(LAMBDA_ZIP) $(LAMBDA_JSON) $(LAMBDA_AOT) $(LAMBDA_AOT_ZIP) $(LAMBDA_JIT) $(LAMBDA_DOTNET10_ZIP) $(LAMBDA_DOTNET10_JSON) \
  $(EDGE_DLL) $(PUBLISH_DLL) $(REVIEW_DLL) $(NPM_STAMP) $(CDKTN_NPM_STAMP) $(CDKTF_CONTEXT) $(APP_ENV) \
  $(E2E_TLS)/ca.pem $(E2E_NARROW) $(E2E_DOTNET10) $(E2E_FUNCTION_URL) $(foreach e,$(ENGINES),$(call ENGINE_STACK,$(e))) \
  $(CDKTN_E2E)/tls/ca.pem $(CDKTN_E2E)/narrow-stack-owned/stacks/edge-router/cdk.tf.json \
  $(CDKTN_E2E)/dotnet10/stacks/edge-router/cdk.tf.json $(CDKTN_E2E)/function-url/stacks/edge-router/cdk.tf.json $(TEST_DLLS)
test-prepare: $(filter-out $(CDKTN_E2E)/%,$(TEST_SHARED_BUILDS))
	@$(MAKE) engines-stacks
	@$(MAKE) synth

# The end-to-end suite's extra synths (edge/edge.mk) are files: redone, like every synth kept as a file, when the
# app's settings in the environment or cdktf.json's context change.
$(E2E_NARROW) $(E2E_DOTNET10) $(E2E_FUNCTION_URL): $(APP_ENV) $(CDKTF_CONTEXT)

# The runner's own tests: the cache on a scratch repository with stub suites (seconds), and the real manifest.
test-suites:
	@mkdir -p $(LOGS)
	@echo "test-suites: node --test tests/suites (the result cache's keys; every suite of make test declared)"
	@rm -f $(LOGS)/suites.tap; set +e; \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=tap --test-reporter-destination=$(LOGS)/suites.tap tests/suites/; \
	  tests/tap-summary.sh test-suites $(LOGS)/suites.tap $(LOGS)/suites.log $$?
