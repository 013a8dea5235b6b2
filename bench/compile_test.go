package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/snn-sim/snn/backends/spinnaker"
	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
)

// benchCompile maps a network onto its target "spin" b.N times and
// reports the time of every pass (as "<pass>-s" metrics), the cores used
// and the largest routing table before and after compression.
func benchCompile(b *testing.B, net *ir.Network, opt spinnaker.Options) {
	t := net.Target("spin")
	if t == nil {
		b.Fatal("no target spin")
	}
	var res *spinnaker.Result
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		res, err = spinnaker.Compile(net, t, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for _, tm := range res.Timings {
		b.ReportMetric(tm.Seconds, strings.ReplaceAll(tm.Pass, " ", "_")+"-s")
	}
	before, after := res.TableSizes()
	b.ReportMetric(float64(len(res.Vertices)), "cores")
	b.ReportMetric(float64(before), "table-max-before")
	b.ReportMetric(float64(after), "table-max-after")
	b.ReportMetric(float64(res.Links), "tree-links")
	b.ReportMetric(float64(res.NaiveLinks), "naive-tree-links")
	b.ReportMetric(res.Synapses, "synapses")
}

func checkExample(b *testing.B, file string) *ir.Network {
	res, err := dsl.Check(file, dsl.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return res.Network
}

// BenchmarkCompileMicrocircuit compiles examples/microcircuit.snn onto its
// boards(1, 1) target (one triad of three boards) with every projection expanded (3e8 synapses). Goal
// (issue 4): <= 60 s on 2 cores. Run it alone with -benchtime=1x;
// bench/compile.sh also reports the peak RSS.
func BenchmarkCompileMicrocircuit(b *testing.B) {
	benchCompile(b, checkExample(b, "../examples/microcircuit.snn"), spinnaker.Options{Synapses: "exact"})
}

// BenchmarkCompileMicrocircuitEstimate is the same with statistical row
// estimates instead of expansion.
func BenchmarkCompileMicrocircuitEstimate(b *testing.B) {
	benchCompile(b, checkExample(b, "../examples/microcircuit.snn"), spinnaker.Options{Synapses: "estimate"})
}

// millionSource is a generated network of 1,000,000 neurons: 100
// populations of 10,000 lif_curr_exp in a ring, each connected to itself
// (p = 0.05, 1-2 ms) and to the next (p = 0.02, 1-30 ms, so delay cores),
// with 20 Poisson populations of 500 sources feeding every fifth
// population: 7e8 synapses, above the expansion limit, so rows are
// estimated statistically.
func millionSource() string {
	var s strings.Builder
	s.WriteString("network million {\n  dt = 1 ms\n  duration = 1000 ms\n  seed = 1\n}\n\n")
	const pops = 100
	for k := range pops {
		fmt.Fprintf(&s, "population p%d[%d] : lif_curr_exp\n", k, 1000000/pops)
	}
	for k := range pops {
		fmt.Fprintf(&s, "connect p%d -> p%d with fixed_probability(0.05) { weight = 0.01 nA  delay = uniform(1 ms, 2 ms) }\n", k, k)
		fmt.Fprintf(&s, "connect p%d -> p%d with fixed_probability(0.02) { weight = 0.01 nA  delay = uniform(1 ms, 30 ms) }\n", k, (k+1)%pops)
	}
	for k := 0; k < pops; k += 5 {
		fmt.Fprintf(&s, "population in%d[500] : poisson { rate = 5 Hz }\n", k)
		fmt.Fprintf(&s, "connect in%d -> p%d with fixed_probability(0.1) { weight = 0.1 nA }\n", k, k)
	}
	s.WriteString("record p0[0:1000].spikes\n\ntarget spin : spinnaker { machine = boards(3, 4) }\n")
	return s.String()
}

// BenchmarkCompileMillion compiles the generated 1,000,000-neuron network.
func BenchmarkCompileMillion(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "million.snn")
	if err := os.WriteFile(p, []byte(millionSource()), 0o644); err != nil {
		b.Fatal(err)
	}
	net := checkExample(b, p)
	n := 0
	for _, pop := range net.Populations {
		if !pop.IsSource() {
			n += pop.Size
		}
	}
	if n != 1000000 {
		b.Fatalf("%d neurons", n)
	}
	runtime.GC()
	benchCompile(b, net, spinnaker.Options{})
}
