package cpu

import (
	"math"
	"testing"

	"github.com/snn-sim/snn/ir"
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

// fineSpikes integrates dv/dt = f(v, w), dw/dt = g(v, w) with explicit Euler
// at h = 1 us under the language's step semantics (threshold looked at the
// end of each 0.1 ms step, spike stamped at the step's start, reset at its
// end; within a step, integration stops once v reaches the peak, as the
// model would fly off otherwise): an independent, slow reference for the
// nonlinear kernels.
func fineSpikes(tEnd float64, v, w float64, f func(v, w float64) (float64, float64), peak float64, reset func(v, w float64) (float64, float64), refracSteps int) []float64 {
	const dt, sub = 0.1, 100
	const h = dt / sub
	var out []float64
	hold := 0
	for n := 0; float64(n)*dt < tEnd-1e-9; n++ {
		if hold > 0 {
			hold--
			for range sub {
				_, dw := f(v, w)
				w += h * dw
			}
			continue
		}
		for range sub {
			dv, dw := f(v, w)
			v += h * dv
			w += h * dw
			if v >= peak {
				break
			}
		}
		if v >= peak {
			out = append(out, float64(n)*dt)
			v, w = reset(v, w)
			hold = refracSteps
		}
	}
	return out
}

// Izhikevich regular spiking under a constant current, against the fine
// reference: every spike within one step of it.
func TestIzhikevichAgainstFineIntegration(t *testing.T) {
	res := simulate(t, `network izh {
  dt = 0.1 ms
  duration = 300 ms
}
population n[1] : izhikevich { i_offset = 10 nA }
record n.spikes
`, Options{})
	got := spikeTimes(res, "n", 0, 0.1)
	want := fineSpikes(300, -70, -14, func(v, u float64) (float64, float64) {
		return 0.04*v*v + 5*v + 140 - u + 10, 0.02 * (0.2*v - u)
	}, 30, func(v, u float64) (float64, float64) { return -65, u + 2 }, 0)
	require.NotEmpty(t, want)
	t.Logf("got  %v\nwant %v", got, want)
	require.Len(t, got, len(want))
	for k := range want {
		require.InDelta(t, want[k], got[k], 0.1+1e-9, "spike %d", k)
	}
	t.Logf("izhikevich: %d spikes, first at %.1f ms (reference %.3f ms)", len(got), got[0], want[0])
}

// AdEx with adaptation under a constant current, against the fine
// reference (same model, v capped at v_spike in the exponential).
func TestAdExAgainstFineIntegration(t *testing.T) {
	res := simulate(t, `network adex {
  dt = 0.1 ms
  duration = 300 ms
}
population n[1] : adex { i_offset = 1 nA }
record n.spikes
`, Options{})
	got := spikeTimes(res, "n", 0, 0.1)
	const cm, tm, el, vt, dT, a, b, tw, vs, vr = 0.281, 9.3667, -70.6, -50.4, 2.0, 0.004, 0.0805, 144.0, -40.0, -70.6
	gl := cm / tm
	want := fineSpikes(300, -70.6, 0, func(v, w float64) (float64, float64) {
		vc := math.Min(v, vs)
		return (-gl*(vc-el) + gl*dT*math.Exp((vc-vt)/dT) - w + 1) / cm, (a*(vc-el) - w) / tw
	}, vs, func(v, w float64) (float64, float64) { return vr, w + b }, 1)
	require.NotEmpty(t, want)
	require.Len(t, got, len(want))
	for k := range want {
		require.InDelta(t, want[k], got[k], 0.2+1e-9, "spike %d", k)
	}
	t.Logf("adex: %d spikes, intervals adapt from %.1f to %.1f ms", len(got), got[1]-got[0], got[len(got)-1]-got[len(got)-2])
}

// Kernels read the inputs of neuron k at in[r][k] for any range [lo, hi):
// splitting a population across threads changes nothing.
func TestNonlinearRangesBitIdentical(t *testing.T) {
	src := `network nl {
  dt = 0.1 ms
  duration = 100 ms
  seed = 3
}
population drive[50] : poisson { rate = 400 Hz }
population iz[7] : izhikevich { }
population ad[7] : adex { }
population lc[7] : lif_cond_exp { }
population la[7] : lif_curr_alpha { }
population ld[7] : lif_discrete { decay = 0.8  v_thresh = 3 }
connect drive -> (iz, la) with fixed_probability(0.3) { weight = uniform(1 nA, 4 nA) }
connect drive -> (ad, lc) with fixed_probability(0.3) { weight = uniform(0.01 uS, 0.05 uS) }
connect drive -> ld with fixed_probability(0.3) { weight = 1 }
synapse dep : tsodyks_markram { U = 0.3  tau_rec = 80 ms  tau_facil = 20 ms }
synapse learn : stdp {
  timing = spike_pair(tau_plus = 15 ms, tau_minus = 25 ms, a_plus = 0.1, a_minus = 0.12)
  weight_rule = multiplicative(0 nA, 5 nA)
}
connect drive -> la with fixed_probability(0.4) as tm { weight = uniform(1 nA, 3 nA)  synapse = dep }
connect (drive, iz) -> (la, iz) with fixed_probability(0.5) as plastic {
  weight = uniform(0.5 nA, 2 nA)
  delay = uniform(0.1 ms, 3 ms)
  synapse = learn
}
record plastic.weight every 5 ms
record (iz, ad, lc, la, ld).spikes
record iz.v
record ad.w
`
	n := network(t, src)
	ref := runNet(t, n, Options{Threads: 1})
	for _, p := range []string{"iz", "ad", "lc", "la", "ld"} {
		require.Greater(t, ref.PopSpikes[p], int64(0), p)
	}
	w := ref.Weights[0]
	syn := len(w.Pre)
	require.NotEqual(t, w.Data[:syn], w.Data[(w.Samples-1)*syn:], "the plastic weights moved")
	for _, th := range []int{2, 4} {
		require.Equal(t, ref, runNet(t, n, Options{Threads: th}), "threads %d", th)
	}
}

// Every state variable of every model can be recorded, in every numerics
// that has the model.
func TestEveryStateVariableRecordable(t *testing.T) {
	for name, spec := range ir.Models {
		if spec.Source {
			continue
		}
		n := network(t, "network k {}\npopulation p[3] : "+name+" { }\n")
		ps, err := NewParams(n, n.Populations[0])
		require.NoError(t, err)
		for num := range kernels {
			if _, ok := kernels[num][name]; !ok {
				continue
			}
			k, err := NewKernel(num, ps)
			require.NoError(t, err)
			for _, v := range spec.StateNames() {
				get, ok := k.Var(v)
				require.True(t, ok, "%s %s: %s", num, name, v)
				require.False(t, math.IsNaN(get(2)))
			}
			_, ok := k.Var("nonsense")
			require.False(t, ok)
		}
	}
}
