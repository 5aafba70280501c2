# edge-router: the two commands a user needs are `make synth` (the main job) and `make test` (every test).
# Every target does its own set-up on a fresh clone: npm packages, generated C# bindings, builds.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := synth

# Quiet, reproducible tooling: no telemetry, no Node end-of-life banner on every jsii run.
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1

# The local NuGet feed must exist before any restore: NuGet.config names it.
FEED := .bindings/feed

include lambda/lambda.mk
