#!/usr/bin/env bash
# Expansion of examples/microcircuit.snn: wall time, peak RSS, bytes per synapse.
# Usage: bench/expand.sh [Benchmark regexp, default Microcircuit]
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-Microcircuit}
go test -c -o /tmp/snn-bench.test ./bench
(cd bench && /usr/bin/time -v /tmp/snn-bench.test -test.run '^$' -test.bench "BenchmarkExpand${name}\$" -test.benchtime 1x 2> /tmp/snn-bench.time | tee /tmp/snn-bench.out)
grep -E 'Elapsed|Maximum resident' /tmp/snn-bench.time
