# make publish and its tests (issue 13). Included by the root Makefile, which defines FEED, NPM_STAMP, LOGS,
# DOTNET_QUIET and STACK_JSON.
#
#   make publish SITE=dir [BUCKET=name] [DISTRIBUTION=id|none] [DRY_RUN=1] [CACHE='glob=value;…'] [MAX_INVALIDATION_PATHS=50]
#   make test-publish   tests/Publish.Tests against s3rver and a CloudFront recorder on loopback
#
# BUCKET and DISTRIBUTION default to the deployed stack's outputs (terraform output -json in the stack folder).

PUBLISH_BUILD := build/publish
PUBLISH_DLL := $(PUBLISH_BUILD)/Publish.dll
PUBLISH_SRC := $(shell find tools/Publish -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.mjs' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) \
  Directory.Build.props Directory.Packages.props
SITE ?=
BUCKET ?=
DISTRIBUTION ?=
DRY_RUN ?=
CACHE ?=
MAX_INVALIDATION_PATHS ?= 50

.PHONY: publish test-publish

$(PUBLISH_DLL): $(PUBLISH_SRC)
	@mkdir -p $(FEED)
	@echo "publish: building tools/Publish"
	@dotnet build tools/Publish -c Release -o $(PUBLISH_BUILD) $(DOTNET_QUIET)
	@touch $@

publish: $(PUBLISH_DLL) $(NPM_STAMP)
	@test -n "$(SITE)" || { echo "publish: refused: give the folder to publish: make publish SITE=dir" >&2; exit 2; }
	@dotnet $(PUBLISH_DLL) --site "$(SITE)" --bucket "$(BUCKET)" --distribution "$(DISTRIBUTION)" \
	  --cache "$(CACHE)" --max-invalidation-paths "$(MAX_INVALIDATION_PATHS)" --stack-dir $(dir $(STACK_JSON)) \
	  $(if $(filter 1 true yes,$(DRY_RUN)),--dry-run)

test-publish: $(PUBLISH_DLL) $(NPM_STAMP)
	@mkdir -p $(LOGS)
	@echo "test-publish: tests/Publish.Tests (rules in-process; Publish.dll against s3rver and a CloudFront recorder on loopback)"
	@PUBLISH_DLL=$(abspath $(PUBLISH_DLL)) dotnet test tests/Publish.Tests -c Release --no-build $(DOTNET_QUIET) 2>&1 | tee $(LOGS)/publish.log
