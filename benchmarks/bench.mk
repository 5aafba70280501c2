# Benchmarks, included by the root Makefile (after lambda/lambda.mk). Each prints figures and writes them to
# benchmarks/results/; none judges them, and none runs in `make test` or CI.
#   make bench            bench-synth, bench-tests, bench-bindings, then bench-router (lambda/lambda.mk)
#   make bench-synth      C# synth against its TypeScript twins and on CDK Terrain (ENGINE=cdktn), where the C#
#                         time goes, start-up variants,
#                         temp files -> benchmarks/results/synth.md
#   make bench-tests      the inner loop: make test rerun, after an edit, FRESH=1; make synth after an edit and
#                         with nothing changed (benchmarks/tests/bench.mjs) -> benchmarks/results/tests.md
#                         (CI_CLONE=1 adds .ci/run on a fresh clone; BENCH_TESTS_ONLY=synth only the synth figures)
#   make bench-bindings   bindings generation time and peak memory -> benchmarks/results/bindings.md
#   make bench-edge       the local edge's memory under a burst of large POSTs -> benchmarks/results/edge.md
#                         (BENCH_EDGE_BEFORE=DIR adds a row for the edge built in DIR, e.g. a checkout before a change)
#                         (BENCH_FULL_PROVIDER=1 adds the whole AWS provider: minutes, ~10 GB)
# BENCH_RUNS=N changes the number of counted runs of the synth benchmarks (default 7).
#
# This file is read before the root Makefile defines MAIN_DLL and the npm stamp, so prerequisites here are
# spelled out and the app is built through `$(MAKE) build`.

BENCH_SYNTH_JS := build/bench-synth/js
BENCH_TWINS := $(BENCH_SYNTH_JS)/ts-whole/main.js $(BENCH_SYNTH_JS)/ts-deep/main.js

.PHONY: bench bench-synth bench-tests bench-bindings bench-edge

bench:
	@$(MAKE) bench-synth
	@$(MAKE) bench-tests
	@$(MAKE) bench-bindings
	@$(MAKE) bench-router
	@$(MAKE) bench-edge
	@echo "bench: results in benchmarks/results/ (synth.md, tests.md, bindings.md, router.md, edge.md)"

# The TypeScript twins, compiled once (timing compiled JS is fairer than ts-node).
$(BENCH_TWINS) &: benchmarks/synth/tsconfig.json benchmarks/synth/twin/stacks.ts benchmarks/synth/ts-whole/main.ts \
    benchmarks/synth/ts-deep/main.ts package.json package-lock.json
	@$(MAKE) node_modules/.package-lock.json
	@echo "bench-synth: compiling the TypeScript twins (tsc)"
	@node_modules/.bin/tsc -p benchmarks/synth/tsconfig.json
	@touch $(BENCH_TWINS)

bench-synth: $(BENCH_TWINS) $(LAMBDA_JSON)
	@$(MAKE) build ENGINE=cdktf
	@$(MAKE) build ENGINE=cdktn
	@node benchmarks/synth/bench.mjs synth

bench-tests:
	@node benchmarks/tests/bench.mjs

bench-bindings:
	@$(MAKE) node_modules/.package-lock.json
	@node benchmarks/synth/bench.mjs bindings

BENCH_EDGE_BEFORE ?=
bench-edge:
	@$(MAKE) edge
	@test -f cdktf.out/stacks/edge-router/cdk.tf.json || $(MAKE) synth
	@node benchmarks/edge/burst.mjs $(if $(BENCH_EDGE_BEFORE),--before $(BENCH_EDGE_BEFORE))
