package cpu

import "math"

// expTable[j] = 2^(j/64), for expNeg's table-driven reduction.
var expTable [64]float64

func init() {
	for j := range expTable {
		expTable[j] = math.Exp2(float64(j) / 64)
	}
}

// expNeg returns e^x for x <= 0 to within about 2 ulp, faster
// than math.Exp (which the conductance model calls once per neuron and step):
// x = (64k + j) ln2/64 + r with |r| <= ln2/128, e^x = 2^k 2^(j/64) e^r, e^r
// by a degree-5 Taylor polynomial (truncation below 4e-17 relative). The
// operations are fixed IEEE float64 ones (no fused multiply-add), so the
// result is the same on every machine.
func expNeg(x float64) float64 {
	if x < -700 {
		return 0 // below the smallest normal: the membrane update sees 0
	}
	const (
		invLn2x64 = 64 / math.Ln2
		ln2hi     = 6.93147180369123816490e-01 / 64 // ln2 split in two, as in math.Exp
		ln2lo     = 1.90821492927058770002e-10 / 64
	)
	n := int(x*invLn2x64 - 0.5) // round to nearest (x <= 0)
	r := x - float64(n)*ln2hi - float64(n)*ln2lo
	q := r * (1 + r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120))))) // e^r - 1
	j := n & 63
	k := (n - j) >> 6 // floor(n / 64)
	t := expTable[j]
	// t + t q rather than t (1 + q): the small term is added last
	return math.Float64frombits(math.Float64bits(t+t*q) + uint64(int64(k))<<52)
}
