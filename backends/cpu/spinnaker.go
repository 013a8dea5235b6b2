package cpu

// The spinnaker numerics: sPyNNaker's neuron update in s16.15 fixed point
// (language.md section 4, "Numerics"; docs/numerics.md "spinnaker numerics").
// The LIF models are one kernel with four synapse/input variants, as
// sPyNNaker builds them from one neuron model (neuron_model_lif_impl.h) and
// different synapse shapes and input types.

import (
	"fmt"
	"math"
)

func init() {
	RegisterKernel(NumericsSpiNNaker, "lif_curr_exp", func(ps *Params) (Kernel, error) { return newSpinLIF(ps, synExp) })
	RegisterKernel(NumericsSpiNNaker, "lif_curr_alpha", func(ps *Params) (Kernel, error) { return newSpinLIF(ps, synAlpha) })
	RegisterKernel(NumericsSpiNNaker, "lif_curr_delta", func(ps *Params) (Kernel, error) { return newSpinLIF(ps, synDelta) })
	RegisterKernel(NumericsSpiNNaker, "lif_cond_exp", func(ps *Params) (Kernel, error) { return newSpinLIF(ps, synCondExp) })
	RegisterKernel(NumericsSpiNNaker, "izhikevich", newSpinIzh)
	// adex and lif_discrete have no sPyNNaker equivalent: NewKernel reports
	// "model ... has no spinnaker numerics".
}

// synKind selects the synapse shape and input type of a LIF kernel.
type synKind int

const (
	synExp     synKind = iota // IF_curr_exp: exponential shaping, current input
	synAlpha                  // IF_curr_alpha: alpha shaping, current input
	synDelta                  // IF_curr_delta: delta shaping, delta input type
	synCondExp                // IF_cond_exp: exponential shaping, conductance input
)

// condWeightScale is sPyNNaker's global weight scale of the conductance
// input type (input_type_conductance.py get_global_weight_scale = 1024, and
// input_type_conductance.h shifts the synaptic state right by 10 before
// use): conductances live in the ring buffers and synaptic state multiplied
// by 2^10.
const (
	condWeightScale = 1024
	condShift       = 10
)

// ringQuant is the ring-buffer representation of one receptor: 16-bit
// unsigned entries, left-shifted by shift into s16.15 (synapses.c
// synapses_convert_weight_to_input). shift is set by WeightQuantum and kept
// for inspection (tests, the emulator); the conversion itself needs only
// the quantised sum.
type ringQuant struct {
	shift int
}

// ringShift is sPyNNaker's ring_buffer_to_input_left_shift for a largest
// expected per-step input m (in scaled weight units, i.e. after the global
// weight scale): the smallest power p >= 0 with m < 2^p
// (abstract_population_vertex.py: ceil(log2 m), plus one when 2^p == m).
func ringShift(m float64) int {
	if !(m > 0) {
		return 0
	}
	p := int(math.Ceil(math.Max(0, math.Log2(m))))
	if math.Ldexp(1, p) <= m {
		p++
	}
	return p
}

// quantum answers Quantizer.WeightQuantum for a kernel whose weights are
// scaled by gscale before they reach the ring buffer.
func (q *ringQuant) quantum(gscale, maxWeight, maxSum float64) (quantum, maxInput float64) {
	m := math.Max(maxWeight, maxSum) * gscale
	p := ringShift(m)
	if p > 16 { // entries << p must stay inside an int32 s16.15 word
		p = 16
	}
	q.shift = p
	quantum = math.Ldexp(1, p-fixFrac) / gscale
	return quantum, 0xFFFF * quantum
}

// ringInput converts a per-step sum of weight magnitudes (model units,
// already a multiple of the quantum when the simulator quantises) to the
// s16.15 word the ring buffer hands to the synapse, entry << shift: exact
// for a quantised sum, the nearest word otherwise.
func ringInput(x, gscale float64) int32 { return toFix(x * gscale) }

// spinLIF is sPyNNaker's LIF neuron (neuron_model_lif_impl.h) with one of
// the synapse variants. All state is s16.15 (int32) except the u0.32 decay
// factors.
type spinLIF struct {
	kind    synKind
	gscale  float64
	quant   [2]ringQuant
	v       []int32 // V_membrane
	vRest   []int32
	vReset  []int32
	vThresh []int32
	rMem    []int32 // R_membrane = kdivk(tau_m, c_m)
	expTC   []int32 // exp_TC = expk(-kdivk(ts, tau_m))
	iOff    []int32
	timer   []int32 // refract_timer
	tRef    []int32 // T_refract (steps)

	// exponential shaping (synExp, synCondExp): synaptic_input_value and
	// its factors, per receptor
	syn   [2][]int32
	decay [2][]uint32
	sinit [2][]uint32

	// alpha shaping (synAlpha): lin_buff, exp_buff, q_buff, dt/tau^2
	lin, ebuf, qbuf, dtTau2 [2][]int32

	// delta input type (synDelta): scale_factor; syn[] holds the buffer
	scale []int32

	// conductance input type (synCondExp): reversal potentials
	eRev [2][]int32
}

func newSpinLIF(ps *Params, kind synKind) (Kernel, error) {
	n := ps.Pop.Size
	if ps.DT <= 0 {
		return nil, fmt.Errorf("population %s: spinnaker numerics needs a positive dt", ps.Pop.Name)
	}
	ts := fixStep(ps.DT)
	if ts <= 0 {
		return nil, fmt.Errorf("population %s: dt %g ms is below the s16.15 resolution", ps.Pop.Name, ps.DT)
	}
	k := &spinLIF{kind: kind, gscale: 1}
	if kind == synCondExp {
		k.gscale = condWeightScale
	}
	fix := func(name string) []int32 {
		xs := ps.Get(name)
		out := make([]int32, n)
		for i, x := range xs {
			out[i] = toFix(x)
		}
		return out
	}
	k.v = fix("v")
	k.vRest = fix("v_rest")
	k.vReset = fix("v_reset")
	k.vThresh = fix("v_thresh")
	k.iOff = fix("i_offset")
	tauM, cm := fix("tau_m"), fix("cm")
	k.rMem = make([]int32, n)
	k.expTC = make([]int32, n)
	for i := range k.rMem {
		if tauM[i] <= 0 || cm[i] <= 0 {
			return nil, fmt.Errorf("population %s: spinnaker numerics needs tau_m and cm of at least one s16.15 unit (neuron %d)", ps.Pop.Name, i)
		}
		k.rMem[i] = kdivk(tauM[i], cm[i])
		k.expTC[i] = expk(-kdivk(ts, tauM[i]))
	}
	k.timer = make([]int32, n)
	k.tRef = refracSteps(ps.Get("tau_refrac"), ps.DT)

	names := [2]string{"e", "i"}
	switch kind {
	case synExp, synCondExp:
		for r := range 2 {
			tau := fix("tau_syn_" + names[r])
			k.decay[r] = make([]uint32, n)
			k.sinit[r] = make([]uint32, n)
			for i := range tau {
				k.decay[r][i], k.sinit[r][i] = expSynConsts(ts, tau[i])
			}
			if kind == synExp {
				k.syn[r] = fix("i_syn_" + names[r])
			} else {
				g := ps.Get("g_" + names[r])
				k.syn[r] = make([]int32, n)
				for i, x := range g {
					k.syn[r][i] = toFix(x * condWeightScale)
				}
				k.eRev[r] = fix("e_rev_" + names[r])
			}
		}
	case synAlpha:
		for r := range 2 {
			tau := fix("tau_syn_" + names[r])
			k.decay[r] = make([]uint32, n)
			k.dtTau2[r] = make([]int32, n)
			k.lin[r] = fix("i_syn_" + names[r]) // a held initial current: lin = I, exp = 1
			k.ebuf[r] = make([]int32, n)
			k.qbuf[r] = make([]int32, n)
			for i := range tau {
				// synapse_types_alpha_impl.h get_alpha_state
				k.decay[r][i] = expulr(-kdivk(ts, tau[i]))
				k.dtTau2[r][i] = kdivk(ts, mulK(tau[i], tau[i]))
				if k.lin[r][i] != 0 {
					k.ebuf[r][i] = fixOne
				}
			}
		}
	case synDelta:
		// input_type_delta: scale_factor = 1000 / timestep(us) = 1/dt (1/ms);
		// here cm/dt so that a weight w (mV) moves v by about w mV whatever
		// cm is (identical to sPyNNaker for the default cm = 1 nF).
		cmv := ps.Get("cm")
		k.scale = make([]int32, n)
		for i := range k.scale {
			k.scale[i] = toFix(cmv[i] / ps.DT)
		}
		for r := range 2 {
			k.syn[r] = make([]int32, n)
		}
	}
	return k, nil
}

// WeightQuantum implements Quantizer (docs/numerics.md, "weight scaling").
func (k *spinLIF) WeightQuantum(receptor int, maxWeight, maxSum float64) (quantum, maxInput float64) {
	return k.quant[receptor].quantum(k.gscale, maxWeight, maxSum)
}

// addInput is step 1: the ring buffer's word for this step enters the
// synaptic state (synapse_types_add_neuron_input).
func (k *spinLIF) addInput(r, i int, x int32) {
	switch k.kind {
	case synExp, synCondExp:
		// exp_synapse_utils.h add_input_exp
		k.syn[r][i] += decayS1615(x, k.sinit[r][i])
	case synAlpha:
		// synapse_types_alpha_impl.h add_input_alpha (only for input > 0)
		if x > 0 {
			k.qbuf[r][i] = x
			e := decayS1615(k.ebuf[r][i], k.decay[r][i]) + fixOne
			k.ebuf[r][i] = e
			k.lin[r][i] = mulK(k.lin[r][i]+mulK(x, k.dtTau2[r][i]), fixOne-kdivk(fixOne, e))
		}
	case synDelta:
		k.syn[r][i] += x
	}
}

// current returns the current (nA, s16.15) of receptor r as the input type
// converts it at membrane voltage v (input_type_*.h).
func (k *spinLIF) current(r, i int, v int32) int32 {
	switch k.kind {
	case synExp:
		return k.syn[r][i]
	case synAlpha:
		return mulK(k.lin[r][i], k.ebuf[r][i])
	case synDelta:
		return mulK(k.syn[r][i], k.scale[i])
	default: // synCondExp: g >> 10, then g (E - V); inhibitory negated first
		g := k.syn[r][i] >> condShift
		if r == Exc {
			return mulK(g, k.eRev[Exc][i]-v)
		}
		return mulK(-g, k.eRev[Inh][i]-v)
	}
}

// shape is the end-of-step synaptic update (synapse_types_shape_input).
func (k *spinLIF) shape(i int) {
	for r := range 2 {
		switch k.kind {
		case synExp, synCondExp:
			k.syn[r][i] = decayS1615(k.syn[r][i], k.decay[r][i])
		case synAlpha:
			k.lin[r][i] += mulK(k.qbuf[r][i], k.dtTau2[r][i])
			k.ebuf[r][i] = decayS1615(k.ebuf[r][i], k.decay[r][i])
		case synDelta:
			k.syn[r][i] = 0
		}
	}
}

// Step advances neurons [lo, hi) by one step in sPyNNaker's order, which is
// the language's: input, update, threshold (docs/numerics.md).
func (k *spinLIF) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	for i := lo; i < hi; i++ {
		for r := range 2 {
			if in[r] == nil {
				continue
			}
			if x := in[r][i]; x != 0 {
				k.addInput(r, i, ringInput(x, k.gscale))
			}
		}
		v := k.v[i]
		if k.timer[i] <= 0 {
			input := k.current(Exc, i, v) - k.current(Inh, i, v) + k.iOff[i]
			if ext != nil {
				input += toFix(ext[i])
			}
			// lif_neuron_closed_form: alpha = I R + V_rest,
			// V = alpha - exp_TC (alpha - V), both products rounded to nearest
			alpha := mulKRN(input, k.rMem[i]) + k.vRest[i]
			v = alpha - mulKRN(k.expTC[i], alpha-v)
			k.v[i] = v
		} else {
			k.timer[i]--
		}
		if v >= k.vThresh[i] {
			k.v[i] = k.vReset[i]
			k.timer[i] = k.tRef[i]
			spikes = append(spikes, int32(i))
		}
		k.shape(i)
	}
	return spikes, -1
}

// Var implements Kernel.
func (k *spinLIF) Var(name string) (func(i int) float64, bool) {
	rec := map[string]int{"e": Exc, "i": Inh}
	switch {
	case name == "v":
		return func(i int) float64 { return fromFix(k.v[i]) }, true
	case (k.kind == synExp || k.kind == synAlpha) && len(name) == 7 && name[:6] == "i_syn_":
		r, ok := rec[name[6:]]
		if !ok {
			return nil, false
		}
		if k.kind == synAlpha {
			return func(i int) float64 { return fromFix(mulK(k.lin[r][i], k.ebuf[r][i])) }, true
		}
		return func(i int) float64 { return fromFix(k.syn[r][i]) }, true
	case k.kind == synCondExp && len(name) == 3 && name[:2] == "g_":
		r, ok := rec[name[2:]]
		if !ok {
			return nil, false
		}
		return func(i int) float64 { return fromFix(k.syn[r][i]) / condWeightScale }, true
	}
	return nil, false
}
