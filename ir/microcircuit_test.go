package ir

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The cortical microcircuit of Potjans & Diesmann (Cereb. Cortex 24:785,
// 2014), as in NEST's and PyNN's example scripts: 8 populations, one
// fixed_total projection per pair with K = log(1-C)/log(1-1/(Npre Npost))
// synapses, normally distributed weights and delays. It is the size of
// network the expansion must handle: 77,169 neurons, 2.99e8 synapses.

var mcNames = []string{"L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"}

var mcSizes = []int{20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948}

// mcConnProb is the connection probability table, rows = post, columns = pre.
var mcConnProb = [8][8]float64{
	{0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
	{0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
	{0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
	{0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
	{0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
	{0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
	{0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
	{0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443},
}

// microcircuit builds the IR with population sizes scaled by scale (and K
// recomputed from the same probabilities).
func microcircuit(scale float64) *Network {
	n := &Network{IRVersion: Version, Name: "microcircuit", DT: 0.1, Duration: 1000, Seed: 55}
	for k, name := range mcNames {
		p := newPop(name, "lif_curr_exp", max(1, int(math.Round(float64(mcSizes[k])*scale))))
		p.Params["cm"] = Const(0.25)
		p.Params["tau_m"] = Const(10)
		p.Params["tau_refrac"] = Const(2)
		p.Params["tau_syn_e"] = Const(0.5)
		p.Params["tau_syn_i"] = Const(0.5)
		p.State["v"] = dist("normal", -58, 10)
		n.Populations = append(n.Populations, p)
	}
	const w = 0.08781 // nA: a 0.15 mV PSP peak for these neurons
	for post := range 8 {
		for pre := range 8 {
			c := mcConnProb[post][pre]
			if c == 0 {
				continue
			}
			a, b := n.Populations[pre], n.Populations[post]
			k := math.Round(math.Log1p(-c) / math.Log1p(-1/(float64(a.Size)*float64(b.Size))))
			pr := newProj(fmt.Sprintf("%s_%s", a.Name, b.Name), all(a), all(b),
				Connector{Kind: "fixed_total", N: int64(k), Replace: true, AllowSelf: true})
			mean, delay := w, 15.0 // delays in steps of 0.1 ms: 1.5 ms excitatory
			if pre%2 == 1 {
				mean, delay = 4*w, 7.5 // g = -4 (magnitude; the sign is the receptor), 0.75 ms
				pr.Receptor = "inh"
			}
			if pre == 2 && post == 0 {
				mean *= 2 // L4E -> L23E is twice as strong
			}
			pr.Weight = dist("normal_clipped", mean, 0.1*mean, 0, math.MaxFloat64)
			pr.Delay = dist("normal_clipped", delay, delay/2, 1, math.MaxUint16)
			n.Projections = append(n.Projections, pr)
		}
	}
	return n
}

// expandAll expands every projection and returns the CSRs.
func expandAll(tb testing.TB, n *Network, threads int) []*CSR {
	out := make([]*CSR, len(n.Projections))
	for k, p := range n.Projections {
		c, err := n.Expand(p, threads)
		if err != nil {
			tb.Fatal(err)
		}
		out[k] = c
	}
	return out
}

func TestMicrocircuitSmall(t *testing.T) {
	n := microcircuit(0.05)
	require.NoError(t, n.Validate())
	one := expandAll(t, n, 1)
	two := expandAll(t, n, 2)
	var total int64
	for k, p := range n.Projections {
		checkCSR(t, one[k])
		require.Equal(t, one[k], two[k], p.Name)
		require.Equal(t, p.Connector.N, one[k].Synapses(), p.Name)
		exp, exact := n.ExpectedSynapses(p)
		require.True(t, exact)
		require.Equal(t, float64(p.Connector.N), exp)
		total += one[k].Synapses()
		require.LessOrEqual(t, float64(one[k].Bytes()), 10*float64(one[k].Synapses())+8*float64(one[k].Pre+1))
	}
	require.InDelta(t, 7.47e5, float64(total), 0.01*7.47e5)
}

func benchMicrocircuit(b *testing.B, scale float64) {
	n := microcircuit(scale)
	threads := runtime.GOMAXPROCS(0)
	var syn, bytes int64
	b.ResetTimer()
	for range b.N {
		csrs := expandAll(b, n, threads)
		syn, bytes = 0, 0
		for _, c := range csrs {
			syn += c.Synapses()
			bytes += c.Bytes()
		}
	}
	b.StopTimer()
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(syn), "ns/synapse")
	b.ReportMetric(float64(bytes)/float64(syn), "B/synapse")
	b.ReportMetric(float64(syn), "synapses")
	b.ReportMetric(time.Duration(ns).Seconds(), "s/network")
}

// BenchmarkMicrocircuit expands the whole microcircuit into CSRs (3 GB).
func BenchmarkMicrocircuit(b *testing.B) { benchMicrocircuit(b, 1) }

// BenchmarkMicrocircuitSmall is the 1/20-scale microcircuit (7.5e5 synapses).
func BenchmarkMicrocircuitSmall(b *testing.B) { benchMicrocircuit(b, 0.05) }

// BenchmarkMicrocircuitBlocks streams the whole microcircuit through
// ExpandBlocks without keeping it: generation speed in bounded memory.
func BenchmarkMicrocircuitBlocks(b *testing.B) {
	n := microcircuit(1)
	threads := runtime.GOMAXPROCS(0)
	var syn int64
	var peak uint64
	b.ResetTimer()
	for range b.N {
		syn = 0
		for _, p := range n.Projections {
			err := n.ExpandBlocks(p, threads, func(bl *Block) error {
				syn += int64(bl.Synapses())
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	b.StopTimer()
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(syn), "ns/synapse")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
}
