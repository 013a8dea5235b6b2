package cpu

import "math"

// The exact-numerics kernels of the nonlinear models (izhikevich, adex).
// They have no closed-form step, so the documented scheme (docs/numerics.md)
// is classical fourth-order Runge-Kutta on the membrane variables, in
// sub-steps of at most maxSubStep, with the synaptic currents or
// conductances evaluated exactly (their decay is closed form) at each stage
// time. When v crosses the model's spike level inside a step, integration of
// that step stops there and the spike is made at the step's end as the step
// semantics require.

func init() {
	RegisterKernel(NumericsExact, "izhikevich", newIzhikevich)
	RegisterKernel(NumericsExact, "adex", newAdEx)
}

// maxSubStep bounds the Runge-Kutta sub-step (ms): izhikevich's upstroke
// (dv/dt of hundreds of mV/ms) is not resolved by one 0.1 ms RK4 step (its
// inter-spike interval then drifts 0.5% from a 1 us reference); at 25 us the
// spike times agree within one step (TestIzhikevichAgainstFineIntegration).
// adex's exponential needs the same: adexSubStep.
const (
	maxSubStep  = 0.025
	adexSubStep = 0.025
)

// synDecay is one neuron's exponential synaptic decay factors for the
// Runge-Kutta kernels: over a step, over a sub-step and over half a
// sub-step (the midpoint stages), per receptor.
type synDecay struct {
	stepE, stepI, subE, subI, halfE, halfI float64
}

func newSynDecay(dt, hSub float64, tauE, tauI []float64) []synDecay {
	out := make([]synDecay, len(tauE))
	for k := range out {
		subE, subI := math.Exp(-hSub/tauE[k]), math.Exp(-hSub/tauI[k])
		out[k] = synDecay{stepE: math.Exp(-dt / tauE[k]), stepI: math.Exp(-dt / tauI[k]),
			subE: subE, subI: subI, halfE: math.Sqrt(subE), halfI: math.Sqrt(subI)}
	}
	return out
}

// izhPeak is Izhikevich's spike cut-off (mV): the model has no threshold
// parameter.
const izhPeak = 30.0

func subSteps(dt, max float64) (int, float64) {
	n := int(math.Ceil(dt/max - 1e-9))
	if n < 1 {
		n = 1
	}
	return n, dt / float64(n)
}

// izhikevich: dv/dt = 0.04 v^2 + 5 v + 140 - u + I/cm (v in mV, t in ms),
// du/dt = a (b v - u); at v >= 30 mV: v <- c, u <- u + d. Exponential
// current synapses as lif_curr_exp.
type izhikevich struct {
	stateVars
	v, u, ie, ii   []float64
	a, b, c, d     []float64 // a, b per ms
	iOffset, invCm []float64
	dec            []synDecay
	nSub           int
	hSub           float64
}

func newIzhikevich(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	m := &izhikevich{v: clone(ps.Get("v")), u: clone(ps.Get("u")), ie: clone(ps.Get("i_syn_e")), ii: clone(ps.Get("i_syn_i")),
		a: make([]float64, n), b: make([]float64, n), c: ps.Get("c"), d: ps.Get("d"), iOffset: ps.Get("i_offset"),
		invCm: make([]float64, n),
	}
	m.stateVars = stateVars{"v": m.v, "u": m.u, "i_syn_e": m.ie, "i_syn_i": m.ii}
	m.nSub, m.hSub = subSteps(ps.DT, maxSubStep)
	a, b, cm := ps.Get("a"), ps.Get("b"), ps.Get("cm")
	for k := range n {
		m.a[k], m.b[k] = a[k]/1000, b[k]/1000 // Hz -> 1/ms
		m.invCm[k] = 1 / cm[k]
	}
	m.dec = newSynDecay(ps.DT, m.hSub, ps.Get("tau_syn_e"), ps.Get("tau_syn_i"))
	return m, nil
}

func (m *izhikevich) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	bad := -1
	h := m.hSub
	for k := lo; k < hi; k++ {
		ie := m.ie[k] + in[Exc][k]
		ii := m.ii[k] + in[Inh][k]
		i0 := m.iOffset[k]
		if ext != nil {
			i0 += ext[k]
		}
		a, b, ic := m.a[k], m.b[k], m.invCm[k]
		d := &m.dec[k]
		v, u := m.v[k], m.u[k]
		se, si := ie, ii // synaptic currents at the sub-step start
		f := func(v, u, cur float64) (float64, float64) {
			return 0.04*v*v + 5*v + 140 - u + cur*ic, a * (b*v - u)
		}
		for s := 0; s < m.nSub; s++ {
			c0 := i0 + se - si
			c1 := i0 + se*d.halfE - si*d.halfI
			c2 := i0 + se*d.subE - si*d.subI
			k1v, k1u := f(v, u, c0)
			k2v, k2u := f(v+h/2*k1v, u+h/2*k1u, c1)
			k3v, k3u := f(v+h/2*k2v, u+h/2*k2u, c1)
			k4v, k4u := f(v+h*k3v, u+h*k3u, c2)
			v += h / 6 * (k1v + 2*k2v + 2*k3v + k4v)
			u += h / 6 * (k1u + 2*k2u + 2*k3u + k4u)
			se *= d.subE
			si *= d.subI
			if v >= izhPeak {
				break
			}
		}
		if !finite(v) || !finite(u) {
			if bad < 0 {
				bad = k
			}
		} else if v >= izhPeak {
			v = m.c[k]
			u += m.d[k]
			spikes = append(spikes, int32(k))
		}
		m.v[k], m.u[k] = v, u
		m.ie[k] = ie * d.stepE
		m.ii[k] = ii * d.stepI
	}
	return spikes, bad
}

// adex (PyNN EIF_cond_exp_isfa_ista, Brette & Gerstner 2005):
// cm dv/dt = -gL (v - v_rest) + gL delta_t exp((v - v_thresh)/delta_t) - w
//
//   - g_e (e_rev_e - v) + g_i (e_rev_i - v) + I,
//
// tau_w dw/dt = a (v - v_rest) - w; at v >= v_spike: v <- v_reset, w <- w + b,
// refractory. In the right-hand side v is capped at v_spike (as NEST's aeif
// models do) so the exponential cannot overflow inside a stage; a parameter
// set that still diverges is reported as NaN/Inf by the simulator.
type adex struct {
	lifBase
	w, ge, gi          []float64
	vSpike, deltaT     []float64
	a, b, tauW, gL, cm []float64
	eRevE, eRevI       []float64
	dec                []synDecay
	wDecay             []float64 // exp(-dt/tau_w), for refractory steps
	nSub               int
	hSub               float64
}

func newAdEx(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	m := &adex{lifBase: newLIFBase(ps), w: clone(ps.Get("w")), ge: clone(ps.Get("g_e")), gi: clone(ps.Get("g_i")),
		vSpike: ps.Get("v_spike"), deltaT: ps.Get("delta_t"), a: ps.Get("a"), b: ps.Get("b"), tauW: ps.Get("tau_w"),
		gL: make([]float64, n), cm: ps.Get("cm"), eRevE: ps.Get("e_rev_e"), eRevI: ps.Get("e_rev_i"),
		wDecay: make([]float64, n)}
	m.stateVars["w"], m.stateVars["g_e"], m.stateVars["g_i"] = m.w, m.ge, m.gi
	m.nSub, m.hSub = subSteps(ps.DT, adexSubStep)
	tm, te, ti := ps.Get("tau_m"), ps.Get("tau_syn_e"), ps.Get("tau_syn_i")
	for k := range n {
		m.gL[k] = m.cm[k] / tm[k]
		m.wDecay[k] = math.Exp(-ps.DT / m.tauW[k])
	}
	m.dec = newSynDecay(ps.DT, m.hSub, te, ti)
	return m, nil
}

func (m *adex) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	bad := -1
	h := m.hSub
	for k := lo; k < hi; k++ {
		ge := m.ge[k] + in[Exc][k]
		gi := m.gi[k] + in[Inh][k]
		v, w := m.v[k], m.w[k]
		p := &m.prm[k*m.stride]
		if m.left[k] > 0 {
			// v held at v_reset; w relaxes exactly towards a (v_reset - v_rest).
			m.left[k]--
			wInf := m.a[k] * (v - p.vRest)
			w = wInf + (w-wInf)*m.wDecay[k]
		} else {
			i0 := p.iOffset
			if ext != nil {
				i0 += ext[k]
			}
			gL, vr, vt, dT, vs := m.gL[k], p.vRest, p.vThresh, m.deltaT[k], m.vSpike[k]
			eE, eI, ic, a, itw := m.eRevE[k], m.eRevI[k], 1/m.cm[k], m.a[k], 1/m.tauW[k]
			d := &m.dec[k]
			f := func(v, w, gE, gI float64) (float64, float64) {
				vc := min(v, vs)
				dv := (-gL*(vc-vr) + gL*dT*math.Exp((vc-vt)/dT) - w + gE*(eE-vc) + gI*(eI-vc) + i0) * ic
				return dv, (a*(vc-vr) - w) * itw
			}
			sE, sI := ge, gi
			for s := 0; s < m.nSub; s++ {
				k1v, k1w := f(v, w, sE, sI)
				k2v, k2w := f(v+h/2*k1v, w+h/2*k1w, sE*d.halfE, sI*d.halfI)
				k3v, k3w := f(v+h/2*k2v, w+h/2*k2w, sE*d.halfE, sI*d.halfI)
				k4v, k4w := f(v+h*k3v, w+h*k3w, sE*d.subE, sI*d.subI)
				v += h / 6 * (k1v + 2*k2v + 2*k3v + k4v)
				w += h / 6 * (k1w + 2*k2w + 2*k3w + k4w)
				sE *= d.subE
				sI *= d.subI
				if v >= vs || !finite(v) {
					break
				}
			}
			if !finite(v) || !finite(w) {
				if bad < 0 {
					bad = k
				}
			} else if v >= vs {
				v = p.vReset
				w += m.b[k]
				m.left[k] = p.refrac
				spikes = append(spikes, int32(k))
			}
		}
		m.v[k], m.w[k] = v, w
		d := &m.dec[k]
		m.ge[k] = ge * d.stepE
		m.gi[k] = gi * d.stepI
	}
	return spikes, bad
}
