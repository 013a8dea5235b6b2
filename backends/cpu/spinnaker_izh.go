package cpu

// sPyNNaker's Izhikevich neuron (IZK_curr_exp: neuron_model_izh_impl.h with
// exponential current synapses) in s16.15 fixed point.

import "fmt"

// Constants of neuron_model_izh_impl.h, as GCC converts the accum literals
// (truncated): 140.0k, 5.0k and 0.5k are exact, MAGIC_MULTIPLIER
// 0.040008544921875k is exactly 1311/2^15, SIMPLE_TQ_OFFSET 1.85k is
// 60620/2^15.
var (
	izhK140   = fixLit(140)
	izhK5     = fixLit(5)
	izhMagic  = fixLit(0.040008544921875)
	izhTQ     = fixLit(1.85)
	izhThresh = fixLit(30) // IzkCurrExp's static threshold, 30 mV
)

// spinIzh is the state of an izhikevich population.
type spinIzh struct {
	quant      [2]ringQuant
	a, b, c, d []int32 // a, b in 1/ms; c mV; d mV/ms
	v, u       []int32 // mV, mV/ms
	iOff       []int32
	invCm      []int32 // 1/cm; 1.0 (a no-op) for the default cm = 1 nF
	thisH      []int32 // step used by the next update (this_h)
	resetH     int32   // reset_h = the S1615 time step
	syn        [2][]int32
	decay      [2][]uint32
	sinit      [2][]uint32
}

func newSpinIzh(ps *Params) (Kernel, error) {
	n := ps.Pop.Size
	ts := fixStep(ps.DT)
	if ts <= 0 {
		return nil, fmt.Errorf("population %s: dt %g ms is below the s16.15 resolution", ps.Pop.Name, ps.DT)
	}
	fixScaled := func(name string, scale float64) []int32 {
		xs := ps.Get(name)
		out := make([]int32, n)
		for i, x := range xs {
			out[i] = toFix(x * scale)
		}
		return out
	}
	fix := func(name string) []int32 { return fixScaled(name, 1) }
	k := &spinIzh{resetH: ts}
	k.a = fixScaled("a", 1e-3) // the catalogue keeps a, b in Hz; sPyNNaker takes 1/ms
	k.b = fixScaled("b", 1e-3)
	k.c, k.d = fix("c"), fix("d")
	k.v, k.u = fix("v"), fix("u")
	k.iOff = fix("i_offset")
	cm := ps.Get("cm")
	k.invCm = make([]int32, n)
	k.thisH = make([]int32, n)
	for i := range k.invCm {
		if cm[i] <= 0 {
			return nil, fmt.Errorf("population %s: izhikevich cm must be positive (neuron %d)", ps.Pop.Name, i)
		}
		k.invCm[i] = toFix(1 / cm[i])
		k.thisH[i] = ts // next_h starts at the time step
	}
	names := [2]string{"e", "i"}
	for r := range 2 {
		tau := fix("tau_syn_" + names[r])
		k.decay[r] = make([]uint32, n)
		k.sinit[r] = make([]uint32, n)
		for i := range tau {
			k.decay[r][i], k.sinit[r][i] = expSynConsts(ts, tau[i])
		}
		k.syn[r] = fix("i_syn_" + names[r])
	}
	return k, nil
}

// WeightQuantum implements Quantizer.
func (k *spinIzh) WeightQuantum(receptor int, maxWeight, maxSum float64) (quantum, maxInput float64) {
	return k.quant[receptor].quantum(1, maxWeight, maxSum)
}

// izhRK2 is rk2_kernel_midpoint: one explicit-midpoint step of size h with
// the input held; every product is GCC's truncating accum multiply and
// REAL_HALF(x) is x * 0.5k.
func izhRK2(h, v, u, a, b, input int32) (int32, int32) {
	preAlph := izhK140 + input - u
	alpha := preAlph + mulK(izhK5+mulK(izhMagic, v), v)
	eta := v + mulK(mulK(h, alpha), fixHalf)
	beta := mulK(mulK(mulK(h, mulK(b, v)-u), a), fixHalf)
	v += mulK(h, preAlph-beta+mulK(izhK5+mulK(izhMagic, eta), eta))
	u += mulK(mulK(a, h), -u-beta+mulK(b, eta)) // uses the old u (lastU1)
	return v, u
}

// Step implements Kernel (docs/numerics.md, "izhikevich").
func (k *spinIzh) Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) ([]int32, int) {
	for i := lo; i < hi; i++ {
		for r := range 2 {
			if in[r] == nil {
				continue
			}
			if x := in[r][i]; x != 0 {
				k.syn[r][i] += decayS1615(ringInput(x, 1), k.sinit[r][i])
			}
		}
		input := k.syn[Exc][i] - k.syn[Inh][i] + k.iOff[i]
		if ext != nil {
			input += toFix(ext[i])
		}
		input = mulK(input, k.invCm[i])
		k.v[i], k.u[i] = izhRK2(k.thisH[i], k.v[i], k.u[i], k.a[i], k.b[i], input)
		k.thisH[i] = k.resetH
		if k.v[i] >= izhThresh {
			k.v[i] = k.c[i]
			k.u[i] += k.d[i]
			k.thisH[i] = mulK(k.resetH, izhTQ) // the next step only is 1.85 dt long
			spikes = append(spikes, int32(i))
		}
		for r := range 2 {
			k.syn[r][i] = decayS1615(k.syn[r][i], k.decay[r][i])
		}
	}
	return spikes, -1
}

// Var implements Kernel.
func (k *spinIzh) Var(name string) (func(i int) float64, bool) {
	var xs []int32
	switch name {
	case "v":
		xs = k.v
	case "u":
		xs = k.u
	case "i_syn_e":
		xs = k.syn[Exc]
	case "i_syn_i":
		xs = k.syn[Inh]
	default:
		return nil, false
	}
	return func(i int) float64 { return fromFix(xs[i]) }, true
}
