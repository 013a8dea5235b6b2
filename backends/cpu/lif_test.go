package cpu

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The spec's own example (language.md section 4): a lone lif_curr_exp with
// PyNN defaults and tau_refrac = 2 ms under dc(1.5 nA) at dt = 0.1 ms.
// Closed form: v(t) = v_rest + R I (1 - e^{-t/tau_m}) reaches v_thresh at
// t* = -tau_m ln(1 - (v_thresh - v_rest)/(R I)) = 20 ln 2 = 13.863 ms; the
// first step whose end is past t* is n = 138 (stamp 13.8 ms); then 20
// refractory steps, and the same climb from v_reset: period 159 steps.
func TestLoneLIFClosedForm(t *testing.T) {
	src := `network lone {
  dt = 0.1 ms
  duration = 1000 ms
}
population n[1] : lif_curr_exp { tau_refrac = 2 ms }
current drive into n : dc(1.5 nA)
record n.spikes
`
	res := simulate(t, src, Options{})
	got := spikeTimes(res, "n", 0, 0.1)
	tStar := -20 * math.Log(1-15.0/30.0)
	first := int(math.Ceil(tStar/0.1)) - 1 // step whose end first reaches threshold
	period := first + 1 + 20
	var want []float64
	for n := first; n < 10000; n += period {
		want = append(want, float64(n)*0.1)
	}
	require.Len(t, got, len(want))
	require.Len(t, got, 63)
	for k := range want {
		require.InDelta(t, want[k], got[k], 1e-9, "spike %d", k)
	}
	require.InDelta(t, 13.8, got[0], 1e-9)
	require.InDelta(t, 29.7, got[1], 1e-9)
	require.InDelta(t, 45.6, got[2], 1e-9)
}
