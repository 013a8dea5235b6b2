#!/usr/bin/env bash
# Compile time and peak RSS of the SpiNNaker mapping benchmarks.
# Usage: bench/compile.sh [Benchmark regexp, default Microcircuit]
#   bench/compile.sh Million   # the generated 1,000,000-neuron network
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-Microcircuit}
go test -c -o /tmp/snn-bench.test ./bench
(cd bench && /usr/bin/time -v /tmp/snn-bench.test -test.run '^$' -test.bench "BenchmarkCompile${name}\$" -test.benchtime 1x 2> /tmp/snn-bench.time | tee /tmp/snn-bench.out)
grep -E 'Elapsed|Maximum resident' /tmp/snn-bench.time
