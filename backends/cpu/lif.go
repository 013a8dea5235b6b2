package cpu

import (
	"math"
	"math/bits"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

// The exact kernels of the linear integrate-and-fire models. Between input
// arrivals the subthreshold dynamics are linear with constant coefficients,
// so one step is an exact affine map of the state (the "propagators" of
// Rotter & Diesmann 1999), computed once per neuron at build time in
// float64. Inputs arrive at the start of a step; injected current is held
// over it.

func init() {
	RegisterKernel(NumericsExact, "lif_curr_exp", newLIFCurrExp)
	RegisterKernel(NumericsExact, "lif_curr_alpha", newLIFCurrAlpha)
	RegisterKernel(NumericsExact, "lif_curr_delta", newLIFCurrDelta)
	RegisterKernel(NumericsExact, "lif_cond_exp", newLIFCondExp)
	RegisterKernel(NumericsExact, "lif_discrete", newLIFDiscrete)
}

// lifParams are one neuron's constants. Kernels keep one entry per
// neuron, or a single entry when all neurons share them (the usual case),
// reached through the same code path: prm[k*stride] with stride 0 or 1.
type lifParams struct {
	vRest, vReset, vThresh, iOffset float64
	p11                             float64 // exp(-dt/tau_m)
	p1c                             float64 // voltage reached in one step per nA held: R (1 - p11)
	refrac                          int32   // refractory steps after a spike
}

// lifBase is what every LIF kernel shares: membrane, threshold, reset,
// refractory counter, constant current.
type lifBase struct {
	stateVars
	v      []float64
	left   []int32 // refractory steps still to serve
	prm    []lifParams
	stride int
}

// shared returns xs reduced to one entry, and stride 0, when every entry is
// equal; otherwise xs and stride 1.
func shared[P comparable](xs []P) ([]P, int) {
	for _, x := range xs[min(1, len(xs)):] {
		if x != xs[0] {
			return xs, 1
		}
	}
	if len(xs) == 0 {
		return xs, 0
	}
	return xs[:1:1], 0
}

func lifParamsOf(ps *Params) []lifParams {
	n := ps.Pop.Size
	cm, tm := ps.Get("cm"), ps.Get("tau_m")
	vRest, vReset, vThresh, iOff := ps.Get("v_rest"), ps.Get("v_reset"), ps.Get("v_thresh"), ps.Get("i_offset")
	ref := refracSteps(ps.Get("tau_refrac"), ps.DT)
	out := make([]lifParams, n)
	for k := range n {
		out[k] = lifParams{vRest: vRest[k], vReset: vReset[k], vThresh: vThresh[k], iOffset: iOff[k],
			p11: math.Exp(-ps.DT / tm[k]),
			// R (1 - e^{-h/tau}) with R = tau/cm, via expm1 for small h/tau.
			p1c:    -tm[k] / cm[k] * math.Expm1(-ps.DT/tm[k]),
			refrac: ref[k]}
	}
	return out
}

func newLIFBase(ps *Params) lifBase {
	b := lifBase{v: clone(ps.Get("v")), left: make([]int32, ps.Pop.Size)}
	b.stateVars = stateVars{"v": b.v}
	b.prm, b.stride = shared(lifParamsOf(ps))
	return b
}

// fire applies step 3 of the step semantics to neuron k: threshold, reset,
// refractory period.
func (b *lifBase) fire(k int, p *lifParams, spikes []int32) []int32 {
	if b.v[k] >= p.vThresh {
		b.v[k] = p.vReset
		b.left[k] = p.refrac
		spikes = append(spikes, int32(k))
	}
	return spikes
}

func clone(x []float64) []float64 { return append([]float64(nil), x...) }

// psc is the propagator from an exponentially decaying current (unit value
// at the step start, time constant tau) to the membrane over one step h:
// (1/cm) * tau_m tau / (tau_m - tau) * (e^{-h/tau_m} - e^{-h/tau}), written
// so that it stays exact as tau approaches tau_m (limit h/cm e^{-h/tau_m}).
func psc(h, tauM, tau, cm float64) float64 {
	a := 1/tau - 1/tauM
	var f float64
	if math.Abs(h*a) < 1e-12 {
		f = h
	} else {
		f = -math.Expm1(-h*a) / a
	}
	return math.Exp(-h/tauM) * f / cm
}

// lifCurrExp: cm dv/dt = -(cm/tau_m)(v - v_rest) + i_syn_e - i_syn_i + I,
// tau_syn di/dt = -i. i_syn_i holds the magnitude of the inhibitory current.
// State is kept as separate arrays so that the shared-parameter update can
// run four neurons per instruction (lif_amd64.s).
type lifCurrExp struct {
	stateVars
	v, ie, ii []float64
	left      []int32
	prm       []cexpParams
	stride    int
	flags     []byte // vector path: one spike/bad mask per 4 neurons
}

type cexpParams struct {
	lifParams
	pe, pi     float64 // psc propagators
	decE, decI float64
}

func newLIFCurrExp(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	base := lifParamsOf(ps)
	cm, tm, te, ti := ps.Get("cm"), ps.Get("tau_m"), ps.Get("tau_syn_e"), ps.Get("tau_syn_i")
	m := &lifCurrExp{v: clone(ps.Get("v")), ie: clone(ps.Get("i_syn_e")), ii: clone(ps.Get("i_syn_i")),
		left: make([]int32, n), flags: make([]byte, (n+3)/4+8)}
	m.stateVars = stateVars{"v": m.v, "i_syn_e": m.ie, "i_syn_i": m.ii}
	prm := make([]cexpParams, n)
	for j := range n {
		prm[j] = cexpParams{lifParams: base[j],
			pe: psc(ps.DT, tm[j], te[j], cm[j]), pi: psc(ps.DT, tm[j], ti[j], cm[j]),
			decE: math.Exp(-ps.DT / te[j]), decI: math.Exp(-ps.DT / ti[j])}
	}
	m.prm, m.stride = shared(prm)
	return m, nil
}

func (m *lifCurrExp) consumesInput() {}

func (m *lifCurrExp) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	if m.stride == 0 && ext == nil {
		return m.stepShared(lo, hi, in[Exc], in[Inh], spikes)
	}
	inE, inI := in[Exc], in[Inh]
	bad := -1
	for k := lo; k < hi; k++ {
		p := &m.prm[k*m.stride]
		ie := m.ie[k] + inE[k]
		ii := m.ii[k] + inI[k]
		inE[k], inI[k] = 0, 0
		if m.left[k] > 0 {
			m.left[k]--
		} else {
			i0 := p.iOffset
			if ext != nil {
				i0 += ext[k]
			}
			v := p.vRest + (m.v[k]-p.vRest)*p.p11 + i0*p.p1c + ie*p.pe - ii*p.pi
			if !finite(v) && bad < 0 {
				bad = k
			}
			if v >= p.vThresh {
				v = p.vReset
				m.left[k] = p.refrac
				spikes = append(spikes, int32(k))
			}
			m.v[k] = v
		}
		m.ie[k] = ie * p.decE
		m.ii[k] = ii * p.decI
	}
	return spikes, bad
}

// cexpConsts are the shared constants of stepShared, laid out for the
// vector code.
type cexpConsts struct {
	vRest, p11, c, pe, pi, decE, decI, vTh, negHuge float64
}

// stepShared is Step for neurons that share their parameters and have no
// injected current (the common case). It computes exactly what the general
// loop computes, operation for operation (no fused multiply-add), so the
// vector and scalar paths agree bit for bit.
func (m *lifCurrExp) stepShared(lo, hi int, inE, inI []float64, spikes []int32) ([]int32, int) {
	p := &m.prm[0]
	k := cexpConsts{vRest: p.vRest, p11: p.p11, c: p.iOffset * p.p1c, pe: p.pe, pi: p.pi,
		decE: p.decE, decI: p.decI, vTh: p.vThresh, negHuge: -1e308}
	bad := -1
	x := lo
	if n4 := (hi - lo) / 4 * 4; n4 > 0 && useVector {
		// Each thread's range owns its own part of flags: ranges do not
		// overlap, and floor(lo/4) + (hi-lo)/4 <= floor(hi/4).
		flags := m.flags[lo/4 : lo/4+n4/4]
		cexpStep4(m.v[lo:lo+n4], m.ie[lo:lo+n4], m.ii[lo:lo+n4], inE[lo:lo+n4], inI[lo:lo+n4], m.left[lo:lo+n4], flags, &k)
		for g := 0; g < len(flags); g++ {
			if g+8 <= len(flags) && *(*uint64)(unsafe.Pointer(&flags[g])) == 0 {
				g += 7
				continue
			}
			for f := flags[g]; f != 0; f &= f - 1 {
				j := lo + 4*g + bits.TrailingZeros8(f)
				spikes, bad = m.fireShared(j, spikes, bad)
			}
		}
		x = lo + n4
	}
	for ; x < hi; x++ {
		ie := m.ie[x] + inE[x]
		ii := m.ii[x] + inI[x]
		inE[x], inI[x] = 0, 0
		m.ie[x] = ie * k.decE
		m.ii[x] = ii * k.decI
		if m.left[x] > 0 {
			m.left[x]--
			continue
		}
		v := k.vRest + (m.v[x]-k.vRest)*k.p11 + k.c + ie*k.pe - ii*k.pi
		m.v[x] = v
		if v >= k.vTh || !(v > k.negHuge) {
			spikes, bad = m.fireShared(x, spikes, bad)
		}
	}
	return spikes, bad
}

// fireShared is the rare branch of stepShared: a spike, or a broken state.
func (m *lifCurrExp) fireShared(k int, spikes []int32, bad int) ([]int32, int) {
	p := &m.prm[0]
	if v := m.v[k]; v >= p.vThresh && v < 1e308 {
		m.v[k] = p.vReset
		m.left[k] = p.refrac
		return append(spikes, int32(k)), bad
	}
	if bad < 0 {
		bad = k
	}
	return spikes, bad
}

// lifCurrDelta: a synaptic event moves v by its weight (mV) at once.
type lifCurrDelta struct{ lifBase }

func newLIFCurrDelta(ps *Params) (Kernel, error) {
	return &lifCurrDelta{newLIFBase(ps)}, nil
}

func (m *lifCurrDelta) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	inE, inI := in[Exc][lo:hi], in[Inh][lo:hi]
	bad := -1
	for k := lo; k < hi; k++ {
		if m.left[k] > 0 {
			m.left[k]-- // input arriving while refractory is discarded
			continue
		}
		p := &m.prm[k*m.stride]
		i0 := p.iOffset
		if ext != nil {
			i0 += ext[k]
		}
		v := m.v[k] + inE[k-lo] - inI[k-lo]
		v = p.vRest + (v-p.vRest)*p.p11 + i0*p.p1c
		m.v[k] = v
		if !finite(v) && bad < 0 {
			bad = k
		}
		spikes = m.fire(k, p, spikes)
	}
	return spikes, bad
}

// lifCurrAlpha: each synaptic event of weight w (nA) adds the current
// w (t/tau) e^{1 - t/tau}, peaking at w after tau. Per receptor the state is
// the current i and an auxiliary z (di/dt = -i/tau + z, dz/dt = -z/tau; an
// event adds w e / tau to z). The step propagator of (z, i, v - v_rest) is
// the matrix exponential of the 3x3 system, computed once per distinct
// parameter set.
type lifCurrAlpha struct {
	lifBase
	ie, ii, ze, zi []float64
	e, i           []alphaProp
}

// alphaProp propagates (z, i) of one receptor and their effect on v over a step.
type alphaProp struct {
	zz, iz, ii float64 // z' = zz z; i' = iz z + ii i
	vz, vi     float64 // v' += vz z + vi i
	kick       float64 // e / tau: z jump per unit weight
}

func alphaPropagator(h, tau, tauM, cm float64) alphaProp {
	a := mat.NewDense(3, 3, []float64{
		-1 / tau, 0, 0,
		1, -1 / tau, 0,
		0, 1 / cm, -1 / tauM,
	})
	a.Scale(h, a)
	var p mat.Dense
	p.Exp(a)
	return alphaProp{zz: p.At(0, 0), iz: p.At(1, 0), ii: p.At(1, 1), vz: p.At(2, 0), vi: p.At(2, 1), kick: math.E / tau}
}

func newLIFCurrAlpha(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	m := &lifCurrAlpha{lifBase: newLIFBase(ps), ie: clone(ps.Get("i_syn_e")), ii: clone(ps.Get("i_syn_i")),
		ze: make([]float64, n), zi: make([]float64, n), e: make([]alphaProp, n), i: make([]alphaProp, n)}
	m.stateVars["i_syn_e"], m.stateVars["i_syn_i"] = m.ie, m.ii
	cm, tm, te, ti := ps.Get("cm"), ps.Get("tau_m"), ps.Get("tau_syn_e"), ps.Get("tau_syn_i")
	cache := map[[3]float64]alphaProp{}
	get := func(tau, tauM, c float64) alphaProp {
		key := [3]float64{tau, tauM, c}
		p, ok := cache[key]
		if !ok {
			p = alphaPropagator(ps.DT, tau, tauM, c)
			cache[key] = p
		}
		return p
	}
	for k := range n {
		m.e[k] = get(te[k], tm[k], cm[k])
		m.i[k] = get(ti[k], tm[k], cm[k])
	}
	return m, nil
}

func (m *lifCurrAlpha) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	inE, inI := in[Exc][lo:hi], in[Inh][lo:hi]
	bad := -1
	for k := lo; k < hi; k++ {
		pe, pi := &m.e[k], &m.i[k]
		ze := m.ze[k] + inE[k-lo]*pe.kick
		zi := m.zi[k] + inI[k-lo]*pi.kick
		ie, ii := m.ie[k], m.ii[k]
		if m.left[k] > 0 {
			m.left[k]--
		} else {
			p := &m.prm[k*m.stride]
			i0 := p.iOffset
			if ext != nil {
				i0 += ext[k]
			}
			vr := p.vRest
			v := vr + (m.v[k]-vr)*p.p11 + i0*p.p1c +
				ze*pe.vz + ie*pe.vi - zi*pi.vz - ii*pi.vi
			m.v[k] = v
			if !finite(v) && bad < 0 {
				bad = k
			}
			spikes = m.fire(k, p, spikes)
		}
		m.ie[k] = pe.iz*ze + pe.ii*ie
		m.ii[k] = pi.iz*zi + pi.ii*ii
		m.ze[k] = pe.zz * ze
		m.zi[k] = pi.zz * zi
	}
	return spikes, bad
}

// lifCondExp: cm dv/dt = (cm/tau_m)(v_rest - v) + g_e (e_rev_e - v) +
// g_i (e_rev_i - v) + I, tau dg/dt = -g. The conductances make the membrane
// equation time-varying, so there is no exact step map. The documented
// scheme: the conductances are integrated exactly; over the step the
// membrane sees their exact step averages (g0 tau/h (1 - e^{-h/tau})) as
// constants, and the resulting linear equation is solved exactly
// (exponential Euler with averaged conductances; second-order accurate).
type lifCondExp struct {
	lifBase
	ge, gi       []float64
	decE, decI   []float64
	avgE, avgI   []float64 // step average of a conductance per unit start value
	eRevE, eRevI []float64
	cm, gLeak    []float64
	hOverCm      []float64 // dt / cm
	h            float64   // dt
}

func newLIFCondExp(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	m := &lifCondExp{lifBase: newLIFBase(ps), ge: clone(ps.Get("g_e")), gi: clone(ps.Get("g_i")),
		decE: make([]float64, n), decI: make([]float64, n), avgE: make([]float64, n), avgI: make([]float64, n),
		eRevE: ps.Get("e_rev_e"), eRevI: ps.Get("e_rev_i"), cm: ps.Get("cm"), gLeak: make([]float64, n), hOverCm: make([]float64, n), h: ps.DT}
	m.stateVars["g_e"], m.stateVars["g_i"] = m.ge, m.gi
	tm, te, ti := ps.Get("tau_m"), ps.Get("tau_syn_e"), ps.Get("tau_syn_i")
	h := ps.DT
	for k := range n {
		m.decE[k], m.decI[k] = math.Exp(-h/te[k]), math.Exp(-h/ti[k])
		m.avgE[k] = -te[k] / h * math.Expm1(-h/te[k])
		m.avgI[k] = -ti[k] / h * math.Expm1(-h/ti[k])
		m.gLeak[k] = m.cm[k] / tm[k]
		m.hOverCm[k] = h / m.cm[k]
	}
	return m, nil
}

func (m *lifCondExp) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	inE, inI := in[Exc][lo:hi], in[Inh][lo:hi]
	bad := -1
	for k := lo; k < hi; k++ {
		ge := m.ge[k] + inE[k-lo]
		gi := m.gi[k] + inI[k-lo]
		if m.left[k] > 0 {
			m.left[k]--
		} else {
			p := &m.prm[k*m.stride]
			i0 := p.iOffset
			if ext != nil {
				i0 += ext[k]
			}
			gE, gI := ge*m.avgE[k], gi*m.avgI[k]
			gTot := m.gLeak[k] + gE + gI
			vInf := (m.gLeak[k]*p.vRest + gE*m.eRevE[k] + gI*m.eRevI[k] + i0) / gTot
			v := vInf + (m.v[k]-vInf)*expNeg(-gTot*m.hOverCm[k])
			m.v[k] = v
			if !finite(v) && bad < 0 {
				bad = k
			}
			spikes = m.fire(k, p, spikes)
		}
		m.ge[k] = ge * m.decE[k]
		m.gi[k] = gi * m.decI[k]
	}
	return spikes, bad
}

// lifDiscrete: v <- decay v + (exc - inh) + bias each step, dimensionless.
type lifDiscrete struct {
	stateVars
	v, decay, vThresh, vReset, bias []float64
	subtract                        bool
	refrac, left                    []int32
}

func newLIFDiscrete(ps *Params) (Kernel, error) {
	rs := ps.Get("refrac_steps")
	m := &lifDiscrete{v: clone(ps.Get("v")), decay: ps.Get("decay"), vThresh: ps.Get("v_thresh"),
		vReset: ps.Get("v_reset"), bias: ps.Get("bias"), subtract: ps.Word("reset") == "subtract",
		refrac: make([]int32, len(rs)), left: make([]int32, len(rs))}
	m.stateVars = stateVars{"v": m.v}
	for k, x := range rs {
		m.refrac[k] = int32(x)
	}
	return m, nil
}

func (m *lifDiscrete) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	inE, inI := in[Exc][lo:hi], in[Inh][lo:hi]
	bad := -1
	for k := lo; k < hi; k++ {
		if m.left[k] > 0 {
			m.left[k]--
			m.v[k] = m.vReset[k]
			continue
		}
		v := m.decay[k]*m.v[k] + (inE[k-lo] - inI[k-lo]) + m.bias[k]
		if ext != nil {
			v += ext[k]
		}
		if !finite(v) && bad < 0 {
			bad = k
		}
		if v >= m.vThresh[k] {
			if m.subtract {
				v -= m.vThresh[k]
			} else {
				v = 0
			}
			m.left[k] = m.refrac[k]
			spikes = append(spikes, int32(k))
		}
		m.v[k] = v
	}
	return spikes, bad
}
