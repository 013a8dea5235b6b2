package dsl

import (
	"fmt"
	"strings"
	"testing"
)

// benchProgram generates a valid program of exactly lines lines: groups of
// lets, neuron types, populations with fields, connects with fields, and
// recordings, as a large hand-written model would have.
func benchProgram(lines int) string {
	var b strings.Builder
	n := 0
	w := func(format string, args ...any) {
		fmt.Fprintf(&b, format+"\n", args...)
		n++
	}
	w("# generated benchmark network")
	w("network bench { dt = 0.1 ms  duration = 1000 ms  seed = 42  description = \"10k lines\" }")
	w(`synapse dep : tsodyks_markram { U = 0.5, tau_rec = 800 ms }`)
	w(`synapse learn : stdp { timing = spike_pair(tau_plus = 20 ms, a_plus = 0.01 nA) weight_rule = additive(0 nA, 1 nA) }`)
	const group = 31 // lines per group below
	for k := 0; n+group+2 <= lines; k++ {
		w("")
		w("# group %d: an excitatory and an inhibitory population", k)
		w("let tau_%d = %d ms + 0.5 ms", k, 10+k%20)
		w("let w_%d = 0.1 nA * %d / 10", k, 1+k%7)
		w("let n_%d = %d", k, 40+k%60)
		w("neuron cell_%d : lif_curr_exp { tau_m = tau_%d, v_rest = -65 mV; tau_refrac = 2 ms }", k, k)
		w("population e%d[n_%d * 4] : cell_%d {", k, k, k)
		w("  v_thresh = -50 mV")
		w("  v_reset = -65 mV")
		w("  v = uniform(-65 mV, -55 mV)")
		w("  i_offset = 0.01 nA * i / n_%d", k)
		w("  layout = grid(n_%d, 4)", k)
		w("}")
		w("population i%d[n_%d] : lif_curr_exp {", k, k)
		w("  tau_m = 10 ms")
		w("  tau_syn_i = normal_clipped(5 ms, 1 ms, 1 ms, 10 ms)")
		w("  cm = 250 pF")
		w("}")
		w("connect e%d -> (e%d, i%d) with fixed_probability(0.1) as ee%d {", k, k, k, k)
		w("  weight = w_%d", k)
		w("  delay = normal_clipped(1.5 ms, 0.2 ms, 0.5 ms, 3 ms)")
		w("  synapse = dep")
		w("}")
		w("connect i%d -> e%d[0:n_%d] with all_to_all(condition = i != j, allow_self = false) { weight = 4 * w_%d  receptor = inh }", k, k, k, k)
		if k > 0 {
			w("connect e%d[-10:] -> e%d with fixed_number_pre(5) as ff%d { weight = 0.05 nA  delay = 1 ms + 0.1 ms * j / 10  synapse = learn }", k-1, k, k)
			w("record ff%d.weight every 10 ms", k)
		} else {
			w("current kick into e0[0:4] : dc(1.5 nA, start = 10 ms, stop = 500 ms)")
			w("# no feed-forward input to the first group")
		}
		w("record e%d.spikes", k)
		w("record i%d[0:5].v every 1 ms", k)
		w("record (e%d[0], i%d[-1]).spikes", k, k)
		w("/* end of group %d */", k)
	}
	for k := 0; n < lines; k++ {
		w("let pad_%d = %d * 1 ms", k, k)
	}
	return b.String()
}

func TestBenchProgramChecks(t *testing.T) {
	src := benchProgram(10000)
	if got := strings.Count(src, "\n"); got != 10000 {
		t.Fatalf("%d lines", got)
	}
	n := mustCheck(t, mainOnly(src))
	if len(n.Populations) < 600 || len(n.Projections) < 900 {
		t.Errorf("%d populations, %d projections", len(n.Populations), len(n.Projections))
	}
	if err := n.Validate(); err != nil {
		t.Errorf("generated network does not validate: %v", err)
	}
}

// BenchmarkParseCheck10k parses, checks and lowers a 10,000-line program.
func BenchmarkParseCheck10k(b *testing.B) {
	const lines = 10000
	files := mainOnly(benchProgram(lines))
	read := memFiles(files)
	b.SetBytes(int64(len(files["main.snn"])))
	runs := 0
	for b.Loop() {
		if _, err := Check("main.snn", Options{ReadFile: read}); err != nil {
			b.Fatal(err)
		}
		runs++
	}
	b.ReportMetric(float64(lines)*float64(runs)/b.Elapsed().Seconds(), "lines/s")
}
