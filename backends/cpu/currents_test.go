package cpu

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// currentTrace runs one lif_curr_exp neuron (threshold out of reach) with a
// current source and returns v at the start of every step.
func currentTrace(t *testing.T, source string) []float64 {
	src := `network cur {
  dt = 0.1 ms
  duration = 30 ms
}
population n[1] : lif_curr_exp { tau_m = 10 ms  cm = 0.5 nF  v_thresh = 100 mV }
current drive into n : ` + source + `
record n.v
`
	res := simulate(t, src, Options{})
	return res.Traces[0].Data
}

// heldCurrent integrates dv/dt = -(v - v_rest)/tau + I(t_n)/cm exactly over
// each step with the current of the step's start held: the semantics of
// language.md section 4 for injected current, written out independently.
func heldCurrent(steps int, current func(t float64) float64) []float64 {
	const tau, cm, vr, dt = 10.0, 0.5, -65.0, 0.1
	e := math.Exp(-dt / tau)
	v := vr
	out := []float64{v}
	for n := 0; n < steps-1; n++ {
		i := current(float64(n) * dt)
		v = vr + (v-vr)*e + i*tau/cm*(1-e)
		out = append(out, v)
	}
	return out
}

func TestCurrentSources(t *testing.T) {
	for _, c := range []struct {
		src string
		i   func(t float64) float64
	}{
		{"dc(0.4 nA, start = 5 ms, stop = 20 ms)", func(t float64) float64 {
			if t >= 5-1e-9 && t < 20-1e-9 {
				return 0.4
			}
			return 0
		}},
		{"step(times = [2 ms, 10 ms, 25 ms], amplitudes = [0.2 nA, -0.1 nA, 0.3 nA])", func(t float64) float64 {
			switch {
			case t >= 25-1e-9:
				return 0.3
			case t >= 10-1e-9:
				return -0.1
			case t >= 2-1e-9:
				return 0.2
			}
			return 0
		}},
		{"ac(0.5 nA, 100 Hz, phase = 90, offset = 0.1 nA, start = 3 ms)", func(t float64) float64 {
			if t < 3-1e-9 {
				return 0
			}
			return 0.1 + 0.5*math.Sin(2*math.Pi*100*t/1000+math.Pi/2)
		}},
	} {
		got := currentTrace(t, c.src)
		want := heldCurrent(len(got), c.i)
		for n := range want {
			require.InDelta(t, want[n], got[n], 1e-9, "%s: step %d", c.src, n)
		}
	}
}

// noisy: a new normal value every dt_noise, the same for every thread
// count, with the given mean and sd (checked on the membrane's response
// to a slow-varying current: the long-run mean of v).
func TestNoisyCurrent(t *testing.T) {
	src := `network noise {
  dt = 0.1 ms
  duration = 2000 ms
  seed = 9
}
population n[200] : lif_curr_exp { tau_m = 10 ms  cm = 0.5 nF  v_thresh = 100 mV }
current drive into n : noisy(0.3 nA, 0.2 nA, dt = 1 ms)
record n.v every 1 ms
`
	net := network(t, src)
	a := runNet(t, net, Options{Threads: 1})
	b := runNet(t, net, Options{Threads: 3})
	require.Equal(t, a, b)
	// mean v over neurons and time after 100 ms: v_rest + R * mean
	tr := a.Traces[0]
	sum, cnt := 0.0, 0
	var first []float64
	for m := 100; m < tr.Samples; m++ {
		row := tr.Data[m*200 : (m+1)*200]
		for _, v := range row {
			sum += v
			cnt++
		}
		if m == 100 {
			first = row
		}
	}
	mean := sum / float64(cnt)
	// R = tau/cm = 20 MOhm: 0.3 nA -> 6 mV above rest; the sd of the mean
	// over 200 neurons x 1900 samples (correlated over ~10 ms) is ~0.01 mV
	require.InDelta(t, -65+6, mean, 0.1)
	// neurons get different draws
	require.NotEqual(t, first[0], first[1])
}
