// Package bench holds benchmarks that need the whole front end: they read
// the example networks through dsl and expand them through ir.
package bench

import (
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
)

// expandAll expands every projection of a network, keeping the CSRs (as a
// simulator would), and returns the synapse count and the bytes they take.
func expandAll(tb testing.TB, net *ir.Network, threads int) (synapses, bytes int64) {
	csrs := make([]*ir.CSR, 0, len(net.Projections))
	for _, p := range net.Projections {
		c, err := net.Expand(p, threads)
		if err != nil {
			tb.Fatal(err)
		}
		synapses += c.Synapses()
		bytes += c.Bytes()
		csrs = append(csrs, c)
	}
	runtime.KeepAlive(csrs)
	return synapses, bytes
}

func benchExample(b *testing.B, file string) {
	res, err := dsl.Check(file, dsl.Options{})
	if err != nil {
		b.Fatal(err)
	}
	threads := runtime.GOMAXPROCS(0)
	if s := os.Getenv("SNN_THREADS"); s != "" {
		threads, _ = strconv.Atoi(s)
	}
	var syn, bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		syn, bytes = expandAll(b, res.Network, threads)
	}
	b.StopTimer()
	b.ReportMetric(float64(syn), "synapses")
	b.ReportMetric(float64(bytes)/float64(syn), "bytes/synapse")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e9/float64(syn), "ns/synapse")
}

// BenchmarkExpandMicrocircuit expands examples/microcircuit.snn in full
// (~3e8 synapses). Run it alone with -benchtime=1x; bench/expand.sh also
// reports the peak RSS. Goals (issue 2): <= 20 s on 2 cores, <= 10 bytes/synapse.
func BenchmarkExpandMicrocircuit(b *testing.B) { benchExample(b, "../examples/microcircuit.snn") }

// BenchmarkExpandBrunel expands examples/brunel.snn (25M synapses with its Poisson pool).
func BenchmarkExpandBrunel(b *testing.B) { benchExample(b, "../examples/brunel.snn") }

// BenchmarkExpandCUBA expands examples/cuba.snn (~320k synapses).
func BenchmarkExpandCUBA(b *testing.B) { benchExample(b, "../examples/cuba.snn") }
