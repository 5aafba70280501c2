# The webfinger router Lambda (issue 3). Included by the root Makefile, which exports the quiet dotnet settings
# and defines FEED (the local NuGet feed that NuGet.config names; every restore needs the folder to exist).
#
#   make lambda          build/lambda/webfinger-router.zip + .json: the package the stack deploys (LAMBDA_PACKAGE)
#   make lambda-dotnet10 build/lambda/webfinger-router-dotnet10.zip + .json (managed dotnet10 runtime)
#   make test-router     the router's tests (unit, event formats, config, Runtime API loop, fuzz)
#   make bench-router    routing µs, AOT vs JIT cold start, zip size -> benchmarks/results/router.md
#
# LAMBDA_RID picks the target: linux-x64 (x86_64, default) or linux-arm64 (arm64; Native AOT needs an arm64
# machine or a cross toolchain for that).
#
# LAMBDA_PACKAGE picks what `make lambda` (and so `make synth`) packages as webfinger-router.zip:
#   auto      (default) the Native AOT `bootstrap` on provided.al2023 where this host can build it, else dotnet10,
#             saying why in one line
#   aot       the Native AOT `bootstrap` (Linux, a C toolchain: clang or gcc, and objcopy; the target's architecture)
#   dotnet10  the managed dotnet10 runtime, handler $(LAMBDA_DOTNET10_HANDLER): any host the .NET SDK runs on

LAMBDA_RID ?= linux-x64
LAMBDA_ARCH := $(if $(filter linux-arm64,$(LAMBDA_RID)),arm64,$(if $(filter linux-x64,$(LAMBDA_RID)),x86_64,$(error LAMBDA_RID must be linux-x64 or linux-arm64, got $(LAMBDA_RID))))
LAMBDA_PACKAGE ?= auto
LAMBDA_BUILD := build/lambda
LAMBDA_AOT := $(LAMBDA_BUILD)/$(LAMBDA_RID)/bootstrap
LAMBDA_JIT := $(LAMBDA_BUILD)/jit/bootstrap.dll
LAMBDA_ZIP := $(LAMBDA_BUILD)/webfinger-router.zip
LAMBDA_JSON := $(LAMBDA_BUILD)/webfinger-router.json
LAMBDA_AOT_ZIP := $(LAMBDA_BUILD)/webfinger-router-aot.zip
LAMBDA_DOTNET10_ZIP := $(LAMBDA_BUILD)/webfinger-router-dotnet10.zip
LAMBDA_DOTNET10_JSON := $(LAMBDA_BUILD)/webfinger-router-dotnet10.json
LAMBDA_DOTNET10_HANDLER := bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle
LAMBDA_KIND_FILE := $(LAMBDA_BUILD)/package-kind
LAMBDA_SHARED := Directory.Build.props lambda/Directory.Build.props Directory.Packages.props lambda/lambda.mk lambda/package.sh
LAMBDA_SRC := $(shell find lambda/WebfingerRouter lambda/Bootstrap -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) $(LAMBDA_SHARED)
LAMBDA_DOTNET_QUIET := --nologo -v q -clp:NoSummary -p:TreatWarningsAsErrors=true

# Why this host cannot build the Native AOT bootstrap (empty: it can). Linux AOT needs a Linux host, a C toolchain
# as the linker driver (the ILCompiler looks for clang, then gcc), objcopy for StripSymbols, and, without a cross
# toolchain, a host of the target's architecture.
LAMBDA_HOST_OS := $(shell uname -s 2>/dev/null || echo unknown)
LAMBDA_HOST_ARCH := $(patsubst aarch64,arm64,$(patsubst amd64,x86_64,$(shell uname -m 2>/dev/null)))
LAMBDA_NO_AOT := $(strip \
  $(if $(filter Linux,$(LAMBDA_HOST_OS)),,this host is $(LAMBDA_HOST_OS) and Native AOT for Linux builds only on Linux) \
  $(if $(filter Linux,$(LAMBDA_HOST_OS)),$(if $(shell command -v clang || command -v gcc),,no C toolchain (clang or gcc) on PATH)) \
  $(if $(filter Linux,$(LAMBDA_HOST_OS)),$(if $(shell command -v objcopy || command -v llvm-objcopy),,no objcopy on PATH (binutils))) \
  $(if $(filter Linux,$(LAMBDA_HOST_OS)),$(if $(filter $(LAMBDA_ARCH),$(LAMBDA_HOST_ARCH)),,this $(LAMBDA_HOST_ARCH) host has no cross toolchain for $(LAMBDA_RID))))
LAMBDA_KIND := $(if $(filter aot dotnet10,$(LAMBDA_PACKAGE)),$(LAMBDA_PACKAGE),$(if $(filter auto,$(LAMBDA_PACKAGE)),$(if $(LAMBDA_NO_AOT),dotnet10,aot),$(error LAMBDA_PACKAGE must be auto, aot or dotnet10, got $(LAMBDA_PACKAGE))))
# The one line `make lambda` and `make synth` print when they fall back.
LAMBDA_NOTE := $(if $(and $(filter auto,$(LAMBDA_PACKAGE)),$(LAMBDA_NO_AOT)),lambda: no Native AOT here ($(LAMBDA_NO_AOT)): the router is the managed dotnet10 package (LAMBDA_PACKAGE=aot forces AOT))

.PHONY: lambda lambda-dotnet10 test-router bench-router test-reproducible test-reproducible-aot

lambda: $(LAMBDA_ZIP) $(LAMBDA_JSON)
	@mkdir -p $(FEED)
	$(if $(LAMBDA_NOTE),@echo "$(LAMBDA_NOTE)")
	@echo "lambda: $(LAMBDA_ZIP) ($$(wc -c < $(LAMBDA_ZIP) | tr -d ' ') bytes, $(LAMBDA_KIND)), $(LAMBDA_JSON)"

# Which kind webfinger-router.zip holds; rewritten (new time stamp) only when LAMBDA_PACKAGE's choice changes, so
# that switching rebuilds the zip and its metadata and nothing else.
$(LAMBDA_KIND_FILE): FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(LAMBDA_KIND)" ] || echo "$(LAMBDA_KIND)" > $@

.PHONY: FORCE
FORCE:

# Native AOT publish. dotnet leaves the file untouched when nothing changed, hence the touch.
$(LAMBDA_AOT): $(LAMBDA_SRC)
	@mkdir -p $(FEED)
	@echo "lambda: publishing Native AOT bootstrap for $(LAMBDA_RID) (about 30 s)"
	@dotnet publish lambda/Bootstrap -c Release -r $(LAMBDA_RID) -o $(@D) $(LAMBDA_DOTNET_QUIET)
	@test -x $@ && touch $@

# Only `bootstrap` goes into the zip (lambda/package.sh: fixed time stamps and modes, so equal binaries give
# equal zips).
$(LAMBDA_AOT_ZIP): $(LAMBDA_AOT) lambda/package.sh
	@lambda/package.sh zip $@ $(<D) bootstrap

# The package the stack deploys, and its metadata (what RouterPackage reads: runtime, architecture, handler).
ifeq ($(LAMBDA_KIND),aot)
$(LAMBDA_ZIP): $(LAMBDA_AOT_ZIP) $(LAMBDA_KIND_FILE)
	@cp $< $@
$(LAMBDA_JSON): $(LAMBDA_ZIP)
	@lambda/package.sh metadata $< provided.al2023 $(LAMBDA_ARCH) bootstrap > $@
	@echo "lambda: $@: $$(cat $@)"
else
$(LAMBDA_ZIP): $(LAMBDA_DOTNET10_ZIP) $(LAMBDA_KIND_FILE)
	@cp $< $@
$(LAMBDA_JSON): $(LAMBDA_ZIP)
	@lambda/package.sh metadata $< dotnet10 $(LAMBDA_ARCH) $(LAMBDA_DOTNET10_HANDLER) > $@
	@echo "lambda: $@: $$(cat $@)"
endif

# The same project on the JIT: `dotnet bootstrap.dll` (start-up comparison) and the managed dotnet10 package.
# Order-only on the AOT bootstrap (when one is built) so that the two publishes never share obj/ at once under make -j.
$(LAMBDA_JIT): $(LAMBDA_SRC) | $(if $(filter aot,$(LAMBDA_KIND)),$(LAMBDA_AOT))
	@mkdir -p $(FEED)
	@echo "lambda: publishing framework-dependent bootstrap.dll (JIT)"
	@dotnet publish lambda/Bootstrap -c Release -p:PublishAot=false --no-self-contained -o $(@D) $(LAMBDA_DOTNET_QUIET)
	@test -f $@ && touch $@

# The managed package: the JIT build's assemblies and their runtime configuration; no `bootstrap` executable
# (the runtime loads bootstrap.dll through the handler).
$(LAMBDA_DOTNET10_ZIP): $(LAMBDA_JIT) lambda/package.sh
	@echo "lambda: zipping $(<D) -> $@ (runtime dotnet10, handler $(LAMBDA_DOTNET10_HANDLER))"
	@lambda/package.sh zip $@ $(<D) $$(cd $(<D) && ls *.dll *.deps.json *.runtimeconfig.json)

$(LAMBDA_DOTNET10_JSON): $(LAMBDA_DOTNET10_ZIP)
	@lambda/package.sh metadata $< dotnet10 $(LAMBDA_ARCH) $(LAMBDA_DOTNET10_HANDLER) > $@

lambda-dotnet10: $(LAMBDA_DOTNET10_ZIP) $(LAMBDA_DOTNET10_JSON)
	@mkdir -p $(FEED)
	@echo "lambda: $(LAMBDA_DOTNET10_ZIP) for runtime dotnet10, handler $(LAMBDA_DOTNET10_HANDLER), $(LAMBDA_DOTNET10_JSON)"

# The tests run the real AOT bootstrap and the JIT dll through LocalRuntimeApi; LogMetricFilterTests checks the
# synthesized stack's metric filters against the bootstrap's log lines (so a synthesized stack must exist).
test-router: $(LAMBDA_AOT) $(LAMBDA_ZIP) $(LAMBDA_JSON) $(LAMBDA_JIT)
	@mkdir -p $(FEED)
	@mkdir -p $(LOGS)
	@test -f $(STACK_JSON) || $(MAKE) synth
	@echo "test-router: running tests/WebfingerRouter.Tests (built by tests/suites/suites.mk)"
	@WEBFINGER_BOOTSTRAP=$(abspath $(LAMBDA_AOT)) WEBFINGER_BOOTSTRAP_DLL=$(abspath $(LAMBDA_JIT)) EDGE_STACK_JSON=$(abspath $(STACK_JSON)) \
	  dotnet test tests/WebfingerRouter.Tests -c Release --no-build $(LAMBDA_DOTNET_QUIET) --logger "console;verbosity=minimal" 2>&1 \
	  | tee $(LOGS)/router.log

bench-router: $(LAMBDA_AOT_ZIP) $(LAMBDA_JIT)
	@mkdir -p $(FEED) benchmarks/results
	@echo "bench-router: building benchmarks/Router"
	@dotnet build benchmarks/Router -c Release -o build/bench/router $(LAMBDA_DOTNET_QUIET)
	@dotnet build/bench/router/router-bench.dll --aot $(LAMBDA_AOT) --jit $(LAMBDA_JIT) --zip $(LAMBDA_AOT_ZIP) \
	  --out benchmarks/results/router.md

# Reproducible packages (lambda/README.md): a second clone at another path must build the same bytes. make test runs
# the fast part (the dotnet10 zip: the compiled assemblies, which the AOT bootstrap is compiled from); the AOT zip
# too needs a second Native AOT publish, so it is its own target.
test-reproducible: $(LAMBDA_DOTNET10_ZIP)
	@mkdir -p $(LOGS)
	@lambda/reproducible.sh dotnet10 2>&1 | tee $(LOGS)/reproducible.log

test-reproducible-aot: $(LAMBDA_DOTNET10_ZIP) $(LAMBDA_AOT_ZIP)
	@mkdir -p $(LOGS)
	@lambda/reproducible.sh aot 2>&1 | tee $(LOGS)/reproducible.log
