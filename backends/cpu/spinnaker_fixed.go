package cpu

// Fixed-point arithmetic of the spinnaker numerics: the operations of
// sPyNNaker's neuron code on 32-bit words, each with the rounding of the
// code path it reproduces. docs/numerics.md ("spinnaker numerics") gives the
// source of every rule.
//
// Formats (ISO/IEC TR 18037 names as used by sPyNNaker):
//
//	s16.15 (accum, REAL)          int32, value = bits / 2^15
//	u0.32  (unsigned long fract)  uint32, value = bits / 2^32 (decay factors)

import "math"

const (
	fixFrac = 15                // fractional bits of s16.15
	fixOne  = int32(1 << 15)    // 1.0k
	fixHalf = int32(1 << 14)    // 0.5k
	u032Max = uint32(1<<32 - 1) // 1.0ulr saturates to the largest u0.32
)

// toFix encodes x in s16.15 the way the host tools write a DataType.S1615
// parameter: the nearest representable value, ties to even (Python's round
// of a Decimal, numpy.round), saturated at the ends of the range.
func toFix(x float64) int32 {
	y := math.RoundToEven(x * (1 << fixFrac))
	switch {
	case y != y: // NaN
		return 0
	case y >= math.MaxInt32:
		return math.MaxInt32
	case y <= math.MinInt32:
		return math.MinInt32
	}
	return int32(y)
}

// fixLit is an accum literal as GCC converts it: truncated toward zero
// (GCC does not round decimal-to-fixed conversions).
func fixLit(x float64) int32 { return int32(math.Trunc(x * (1 << fixFrac))) }

// fromFix decodes s16.15.
func fromFix(b int32) float64 { return float64(b) / (1 << fixFrac) }

// satK saturates a 64-bit value to the int32 range (__stdfix_sat_k).
func satK(x int64) int32 {
	if x > math.MaxInt32 {
		return math.MaxInt32
	}
	if x < math.MinInt32 {
		return math.MinInt32
	}
	return int32(x)
}

// mulK is the `*` of two accums as GCC compiles it for the ARM968 (the
// mulsa3 expander of gcc/config/arm/arm-fixed.md: SMULL, then bits 46..15
// of the 64-bit product): the product floored to s16.15, no rounding and no
// saturation (an overflow wraps).
func mulK(a, b int32) int32 { return int32((int64(a) * int64(b)) >> fixFrac) }

// mulKRN is MULT_ROUND_NEAREST_ACCUM of two accums (spinn_common round.h,
// __stdfix_smul_k_round_nearest): the product rounded to nearest with ties
// toward +infinity (bit 14 of the product is added after the shift), then
// saturated.
func mulKRN(a, b int32) int32 {
	if a == math.MinInt32 && b == math.MinInt32 {
		return math.MaxInt32
	}
	p := int64(a) * int64(b)
	return satK((p >> fixFrac) + ((p >> (fixFrac - 1)) & 1))
}

// decayS1615 multiplies an accum by a u0.32 factor (sPyNNaker decay.h
// decay_s1615): the 64-bit product shifted right by 32, i.e. floored.
func decayS1615(x int32, d uint32) int32 { return int32((int64(x) * int64(d)) >> 32) }

// decayS1615ToU032 is decay.h's decay_s1615_to_u032: an accum times a u0.32
// factor giving a u0.32 result, floored (and wrapped to 32 bits).
func decayS1615ToU032(x int32, d uint32) uint32 {
	return uint32((uint64(int64(x)) * uint64(d)) >> fixFrac)
}

// kdivk is sPyNNaker maths-util.h's accum division: (a << 15) / b as an
// unsigned 64-bit division, i.e. truncated; callers pass positive values.
func kdivk(a, b int32) int32 {
	if b == 0 {
		return math.MaxInt32
	}
	return int32(uint32((uint64(int64(a)) << fixFrac) / uint64(int64(b))))
}

// expk is spinn_common's accum exponential: e^x truncated to s16.15, with
// the library's saturation bounds. The library evaluates e^x from tables and
// a short series and truncates the result; here the exact exponential of the
// (exact) fixed-point argument is truncated, which agrees to within one unit
// in the last place.
func expk(x int32) int32 {
	switch {
	case x > 363408:
		return math.MaxInt32
	case x < -340695:
		return 0
	}
	return int32(math.Floor(math.Exp(fromFix(x)) * (1 << fixFrac)))
}

// expulr is spinn_common's exponential into u0.32 (for x <= 0): e^x
// truncated to 32 fractional bits; e^0 saturates to the largest u0.32.
func expulr(x int32) uint32 {
	if x < -340695 {
		return 0
	}
	y := math.Floor(math.Exp(fromFix(x)) * (1 << 32))
	if y >= float64(u032Max) {
		return u032Max
	}
	return uint32(y)
}

// fixStep is the machine time step as the neuron code sees it: the network
// dt written as an S1615 parameter (0.1 ms is 3277 / 2^15 = 0.100006 ms).
func fixStep(dt float64) int32 { return toFix(dt) }

// expSynConsts are an exponential synapse's per-step factors as sPyNNaker's
// exp_synapse_utils.h decay_and_init computes them at load time from the
// S1615 time step ts and time constant tau:
//
//	decay = expulr(-kdivk(ts, tau))                 e^(-dt/tau)
//	init  = decay_s1615_to_u032(kdivk(tau, ts), 1.0ulr - decay)
//	                                                 tau/dt (1 - e^(-dt/tau))
func expSynConsts(ts, tau int32) (decay, init uint32) {
	decay = expulr(-kdivk(ts, tau))
	init = decayS1615ToU032(kdivk(tau, ts), u032Max-decay)
	return decay, init
}
