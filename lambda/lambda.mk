# The webfinger router Lambda (issue 3). Included by the root Makefile, which exports the quiet dotnet settings
# and defines FEED (the local NuGet feed that NuGet.config names; every restore needs the folder to exist).
#
#   make lambda          build/lambda/webfinger-router.zip (Native AOT `bootstrap`, provided.al2023) + .json
#   make lambda-dotnet10 build/lambda/webfinger-router-dotnet10.zip (managed dotnet10 runtime alternative)
#   make test-router     the router's tests (unit, event formats, config, Runtime API loop, fuzz)
#   make bench-router    routing µs, AOT vs JIT cold start, zip size -> benchmarks/results/router.md
#
# LAMBDA_RID picks the target: linux-x64 (x86_64, default) or linux-arm64 (arm64; Native AOT needs an arm64
# machine or a cross toolchain for that).

LAMBDA_RID ?= linux-x64
LAMBDA_ARCH := $(if $(filter linux-arm64,$(LAMBDA_RID)),arm64,$(if $(filter linux-x64,$(LAMBDA_RID)),x86_64,$(error LAMBDA_RID must be linux-x64 or linux-arm64, got $(LAMBDA_RID))))
LAMBDA_BUILD := build/lambda
LAMBDA_AOT := $(LAMBDA_BUILD)/$(LAMBDA_RID)/bootstrap
LAMBDA_JIT := $(LAMBDA_BUILD)/jit/bootstrap.dll
LAMBDA_ZIP := $(LAMBDA_BUILD)/webfinger-router.zip
LAMBDA_JSON := $(LAMBDA_BUILD)/webfinger-router.json
LAMBDA_DOTNET10_ZIP := $(LAMBDA_BUILD)/webfinger-router-dotnet10.zip
LAMBDA_DOTNET10_HANDLER := bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle
LAMBDA_SHARED := Directory.Build.props Directory.Packages.props lambda/lambda.mk
LAMBDA_SRC := $(shell find lambda/WebfingerRouter lambda/Bootstrap -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) $(LAMBDA_SHARED)
LAMBDA_DOTNET_QUIET := --nologo -v q -clp:NoSummary -p:TreatWarningsAsErrors=true

.PHONY: lambda lambda-dotnet10 test-router bench-router

lambda: $(LAMBDA_ZIP) $(LAMBDA_JSON)
	@mkdir -p $(FEED)
	@echo "lambda: $(LAMBDA_ZIP) ($$(stat -c %s $(LAMBDA_ZIP)) bytes), $(LAMBDA_JSON)"

# Native AOT publish. dotnet leaves the file untouched when nothing changed, hence the touch.
$(LAMBDA_AOT): $(LAMBDA_SRC)
	@mkdir -p $(FEED)
	@echo "lambda: publishing Native AOT bootstrap for $(LAMBDA_RID) (about 30 s)"
	@dotnet publish lambda/Bootstrap -c Release -r $(LAMBDA_RID) -o $(@D) $(LAMBDA_DOTNET_QUIET)
	@test -x $@ && touch $@

# Only `bootstrap` goes into the zip, mode 755, with a fixed time stamp so that equal binaries give equal zips.
$(LAMBDA_ZIP): $(LAMBDA_AOT)
	@mkdir -p $(FEED)
	@echo "lambda: zipping $< -> $@"
	@rm -rf $(LAMBDA_BUILD)/stage $@ && mkdir -p $(LAMBDA_BUILD)/stage
	@cp $< $(LAMBDA_BUILD)/stage/bootstrap && chmod 755 $(LAMBDA_BUILD)/stage/bootstrap
	@touch -d '2020-01-01 00:00:00 UTC' $(LAMBDA_BUILD)/stage/bootstrap
	@cd $(LAMBDA_BUILD)/stage && TZ=UTC zip -q -X -9 ../webfinger-router.zip bootstrap
	@rm -rf $(LAMBDA_BUILD)/stage

$(LAMBDA_JSON): $(LAMBDA_ZIP)
	@mkdir -p $(FEED)
	@printf '{"runtime":"provided.al2023","architecture":"%s","handler":"bootstrap","sha256":"%s","size":%s,"zip":"%s"}\n' \
	  "$(LAMBDA_ARCH)" "$$(sha256sum $< | cut -d' ' -f1)" "$$(stat -c %s $<)" "$<" > $@
	@echo "lambda: $@: $$(cat $@)"

# The same project on the JIT: `dotnet bootstrap.dll` (start-up comparison) and the managed dotnet10 package.
# Order-only on the AOT zip so that the two publishes never share obj/ at the same time under make -j.
$(LAMBDA_JIT): $(LAMBDA_SRC) | $(LAMBDA_ZIP)
	@mkdir -p $(FEED)
	@echo "lambda: publishing framework-dependent bootstrap.dll (JIT)"
	@dotnet publish lambda/Bootstrap -c Release -p:PublishAot=false --no-self-contained -o $(@D) $(LAMBDA_DOTNET_QUIET)
	@test -f $@ && touch $@

$(LAMBDA_DOTNET10_ZIP): $(LAMBDA_JIT)
	@mkdir -p $(FEED)
	@echo "lambda: zipping $(@D)/jit -> $@ (runtime dotnet10, handler $(LAMBDA_DOTNET10_HANDLER))"
	@rm -f $@ && cd $(LAMBDA_BUILD)/jit && zip -q -X -9 ../webfinger-router-dotnet10.zip *.dll *.deps.json *.runtimeconfig.json

lambda-dotnet10: $(LAMBDA_DOTNET10_ZIP)
	@mkdir -p $(FEED)
	@echo "lambda: $(LAMBDA_DOTNET10_ZIP) for runtime dotnet10, handler $(LAMBDA_DOTNET10_HANDLER)"

# The tests run the real AOT bootstrap and the JIT dll through LocalRuntimeApi.
test-router: $(LAMBDA_ZIP) $(LAMBDA_JSON) $(LAMBDA_JIT)
	@mkdir -p $(FEED)
	@echo "test-router: building and running tests/WebfingerRouter.Tests"
	@WEBFINGER_BOOTSTRAP=$(abspath $(LAMBDA_AOT)) WEBFINGER_BOOTSTRAP_DLL=$(abspath $(LAMBDA_JIT)) \
	  dotnet test tests/WebfingerRouter.Tests -c Release $(LAMBDA_DOTNET_QUIET) --logger "console;verbosity=minimal"

bench-router: $(LAMBDA_ZIP) $(LAMBDA_JIT)
	@mkdir -p $(FEED) benchmarks/results
	@echo "bench-router: building benchmarks/Router"
	@dotnet build benchmarks/Router -c Release -o build/bench/router $(LAMBDA_DOTNET_QUIET)
	@dotnet build/bench/router/router-bench.dll --aot $(LAMBDA_AOT) --jit $(LAMBDA_JIT) --zip $(LAMBDA_ZIP) \
	  --out benchmarks/results/router.md
