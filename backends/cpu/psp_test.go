package cpu

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// pspTrace runs one presynaptic spike at t = 0 into a lone neuron of the
// given model (delay dt, so it arrives at the start of step 1) and returns
// v at the start of every step.
func pspTrace(t *testing.T, model, extra string, weight string) *Trace {
	src := fmt.Sprintf(`network psp {
  dt = 0.1 ms
  duration = 40 ms
}
population pre[1] : spike_array { times = [[0 ms]] }
population post[1] : %s { %s }
connect pre -> post with all_to_all { weight = %s }
record post.v
`, model, extra, weight)
	res := simulate(t, src, Options{})
	require.Len(t, res.Traces, 1)
	return res.Traces[0]
}

// An exponential current of amplitude w (nA) and time constant tau_s into a
// membrane (cm, tau_m): v(t) - v_rest = w/cm * tau_m tau_s/(tau_m - tau_s)
// (e^{-t/tau_m} - e^{-t/tau_s}), peaking at t* = tau_m tau_s/(tau_m - tau_s)
// ln(tau_m/tau_s).
func TestPSPExpClosedForm(t *testing.T) {
	const w, cm, tm, ts = 0.5, 0.25, 10.0, 2.0
	tr := pspTrace(t, "lif_curr_exp", "cm = 0.25 nF\n tau_m = 10 ms\n tau_syn_e = 2 ms\n v_thresh = 0 mV", "0.5 nA")
	closed := func(t float64) float64 {
		if t <= 0 {
			return 0
		}
		return w / cm * tm * ts / (tm - ts) * (math.Exp(-t/tm) - math.Exp(-t/ts))
	}
	peakT, peakV := 0.0, math.Inf(-1)
	for m := range tr.Samples {
		got := tr.Data[m] + 65
		// the spike arrives at the start of step 1 (t = 0.1 ms)
		tt := float64(m)*0.1 - 0.1
		require.InDelta(t, closed(tt), got, 1e-12, "t = %g", tt)
		if got > peakV {
			peakT, peakV = tt, got
		}
	}
	tStar := tm * ts / (tm - ts) * math.Log(tm/ts)
	require.InDelta(t, tStar, peakT, 0.05+1e-9) // the grid point nearest the peak
	require.InDelta(t, closed(tStar), peakV, 1e-3)
	t.Logf("exp PSP: peak %.6f mV at %.1f ms (closed form %.6f mV at %.4f ms)", peakV, peakT, closed(tStar), tStar)
}

// Equal time constants: the limit form of the propagator.
func TestPSPExpEqualTaus(t *testing.T) {
	tr := pspTrace(t, "lif_curr_exp", "tau_m = 5 ms\n tau_syn_e = 5 ms\n v_thresh = 0 mV", "1 nA")
	for m := range tr.Samples {
		tt := float64(m)*0.1 - 0.1
		want := 0.0
		if tt > 0 {
			want = 1 / 1.0 * tt * math.Exp(-tt/5) // w/cm t e^{-t/tau}
		}
		require.InDelta(t, want, tr.Data[m]+65, 1e-12, "t = %g", tt)
	}
}

// An alpha current w (t/tau_s) e^{1 - t/tau_s}: v(t) - v_rest =
// w e/(tau_s cm) e^{-t/tau_m} (1 - e^{-a t}(1 + a t))/a^2, a = 1/tau_s - 1/tau_m.
func TestPSPAlphaClosedForm(t *testing.T) {
	const w, cm, tm, ts = 0.5, 1.0, 20.0, 0.5
	tr := pspTrace(t, "lif_curr_alpha", "v_thresh = 0 mV", "0.5 nA")
	a := 1/ts - 1/tm
	closed := func(t float64) float64 {
		if t <= 0 {
			return 0
		}
		return w * math.E / (ts * cm) * math.Exp(-t/tm) * (1 - math.Exp(-a*t)*(1+a*t)) / (a * a)
	}
	peakT, peakV := 0.0, math.Inf(-1)
	for m := range tr.Samples {
		got := tr.Data[m] + 65
		tt := float64(m)*0.1 - 0.1
		require.InDelta(t, closed(tt), got, 1e-11, "t = %g", tt)
		if got > peakV {
			peakT, peakV = tt, got
		}
	}
	// the peak of the closed form, by golden-section search
	lo, hi := 0.0, 40.0
	for range 200 {
		m1, m2 := lo+(hi-lo)*0.382, lo+(hi-lo)*0.618
		if closed(m1) < closed(m2) {
			lo = m1
		} else {
			hi = m2
		}
	}
	require.InDelta(t, lo, peakT, 0.05+1e-9)
	require.InDelta(t, closed(lo), peakV, 1e-4)
	t.Logf("alpha PSP: peak %.6f mV at %.1f ms (closed form %.6f mV at %.4f ms)", peakV, peakT, closed(lo), lo)
}

// A delta synapse moves v by its weight when it arrives, then v relaxes with tau_m.
func TestPSPDelta(t *testing.T) {
	tr := pspTrace(t, "lif_curr_delta", "v_thresh = 0 mV", "2 mV")
	for m := range tr.Samples {
		tt := float64(m) * 0.1
		want := 0.0
		if m >= 2 { // added at the start of step 1, decays over it: v at the start of step m
			want = 2 * math.Exp(-(tt-0.1)/20)
		}
		require.InDelta(t, want, tr.Data[m]+65, 1e-12, "t = %g", tt)
	}
}

// Conductance synapse: against a fine explicit integration of the same
// equations (an independent answer; the scheme is second order, so the
// 0.1 ms steps agree to well under a microvolt-scale tolerance).
func TestCondExpAgainstFineIntegration(t *testing.T) {
	tr := pspTrace(t, "lif_cond_exp", "v_thresh = 0 mV", "0.05 uS")
	const cm, tm, te, ee, vr = 1.0, 20.0, 5.0, 0.0, -65.0
	v, g := vr, 0.0
	h := 1e-4
	tt := 0.0
	for m := range tr.Samples {
		tm0 := float64(m) * 0.1
		for tt < tm0-h/2 {
			if tt >= 0.1-h/2 && tt < 0.1+h/2 {
				g += 0.05
			}
			// midpoint (RK2) for v with g exact
			gm := g * math.Exp(-h/2/te)
			f := func(v, g float64) float64 { return (-(cm/tm)*(v-vr) + g*(ee-v)) / cm }
			vm := v + h/2*f(v, g)
			v += h * f(vm, gm)
			g *= math.Exp(-h / te)
			tt += h
		}
		require.InDelta(t, v, tr.Data[m], 2e-4, "t = %g", tm0)
	}
}
