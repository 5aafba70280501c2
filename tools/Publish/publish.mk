# make publish and its tests (issue 13). Included by the root Makefile, which defines FEED, NPM_STAMP, LOGS,
# DOTNET_QUIET, STACK_JSON and TFVARS.
#
#   make publish SITE=dir [BUCKET=name] [DISTRIBUTION=id|none] [DRY_RUN=1] [CACHE='glob=value;…']
#                [MAX_INVALIDATION_PATHS=50] [MAX_DELETE=N] [INCLUDE='glob;…'] [DELETE_SKIPPED=1]
#   make test-publish   tests/Publish.Tests against s3rver and a CloudFront recorder on loopback
#
# BUCKET and DISTRIBUTION default to the deployed stack's outputs (terraform output -json in the stack folder).
# Every value is passed as typed and checked by Publish.dll before anything is read or written (tools/Publish/README.md);
# the names of the variables given on the command line are passed too, so a near miss (DRYRUN=1) is refused.

PUBLISH_BUILD := build/publish
PUBLISH_DLL := $(PUBLISH_BUILD)/Publish.dll
PUBLISH_SRC := $(shell find tools/Publish -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.mjs' \) -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null) \
  Directory.Build.props Directory.Packages.props
SITE ?=
BUCKET ?=
DISTRIBUTION ?=
DRY_RUN ?=
CACHE ?=
MAX_INVALIDATION_PATHS ?=
MAX_DELETE ?=
INCLUDE ?=
DELETE_SKIPPED ?=
PUBLISH_COMMAND_LINE_VARIABLES = $(strip $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v))))

.PHONY: publish test-publish

$(PUBLISH_DLL): $(PUBLISH_SRC)
	@mkdir -p $(FEED)
	@echo "publish: building tools/Publish"
	@dotnet build tools/Publish -c Release -o $(PUBLISH_BUILD) $(DOTNET_QUIET)
	@touch $@

# Each value reaches the tool through the environment, never re-parsed by the shell: a SITE or CACHE holding a quote,
# $(…) or a backquote is passed as typed (and then checked by the tool).
publish: export PUBLISH_SITE = $(SITE)
publish: export PUBLISH_BUCKET = $(BUCKET)
publish: export PUBLISH_DISTRIBUTION = $(DISTRIBUTION)
publish: export PUBLISH_DRY_RUN = $(DRY_RUN)
publish: export PUBLISH_CACHE = $(CACHE)
publish: export PUBLISH_MAX_INVALIDATION_PATHS = $(MAX_INVALIDATION_PATHS)
publish: export PUBLISH_MAX_DELETE = $(MAX_DELETE)
publish: export PUBLISH_INCLUDE = $(INCLUDE)
publish: export PUBLISH_DELETE_SKIPPED = $(DELETE_SKIPPED)
publish: export PUBLISH_TFVARS = $(TFVARS)
publish: $(PUBLISH_DLL) $(NPM_STAMP)
	@dotnet $(PUBLISH_DLL) --command-line-variables "$(PUBLISH_COMMAND_LINE_VARIABLES)" --site "$$PUBLISH_SITE" \
	  --bucket "$$PUBLISH_BUCKET" --distribution "$$PUBLISH_DISTRIBUTION" --dry-run "$$PUBLISH_DRY_RUN" --cache "$$PUBLISH_CACHE" \
	  --max-invalidation-paths "$$PUBLISH_MAX_INVALIDATION_PATHS" --max-delete "$$PUBLISH_MAX_DELETE" --include "$$PUBLISH_INCLUDE" \
	  --delete-skipped "$$PUBLISH_DELETE_SKIPPED" --tfvars "$$PUBLISH_TFVARS" --stack-dir $(dir $(STACK_JSON))

test-publish: $(PUBLISH_DLL) $(NPM_STAMP)
	@mkdir -p $(LOGS)
	@echo "test-publish: tests/Publish.Tests (rules in-process; Publish.dll against s3rver and a CloudFront recorder on loopback)"
	@PUBLISH_DLL=$(abspath $(PUBLISH_DLL)) dotnet test tests/Publish.Tests -c Release --no-build $(DOTNET_QUIET) 2>&1 | tee $(LOGS)/publish.log
