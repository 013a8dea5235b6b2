package cpu

import (
	"testing"
)

// BenchmarkKernelLIFCurrExp: one step of 4000 CUBA neurons, no input.
func BenchmarkKernelLIFCurrExp(b *testing.B) {
	n := network(b, `network k {
  dt = 0.1 ms
}
population p[4000] : lif_curr_exp { tau_m = 20 ms  v_rest = -49 mV  v_reset = -60 mV  tau_refrac = 4.9 ms  v = uniform(-60 mV, -50 mV) }
`)
	ps, err := NewParams(n, n.Populations[0])
	if err != nil {
		b.Fatal(err)
	}
	k, _ := NewKernel(NumericsExact, ps)
	in := [2][]float64{make([]float64, 4000), make([]float64, 4000)}
	var spikes []int32
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		spikes, _ = k.Step(0, 4000, in, nil, spikes[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4000, "ns/neuron")
}
