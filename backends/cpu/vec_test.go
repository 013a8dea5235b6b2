package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The vector path of lif_curr_exp computes exactly what the scalar path
// computes: random states, inputs, refractory neurons, a NaN, ranges that
// do not start or end on a multiple of four.
func TestCurrExpVectorMatchesScalar(t *testing.T) {
	if !useVector {
		t.Log("no AVX2 here: the scalar path is the only one; comparing it with itself")
	}
	n := network(t, `network k {
  dt = 0.1 ms
}
population p[1003] : lif_curr_exp { tau_m = 20 ms  v_rest = -49 mV  v_reset = -60 mV  tau_refrac = 2 ms  tau_syn_i = 10 ms }
`)
	build := func() *lifCurrExp {
		ps, err := NewParams(n, n.Populations[0])
		require.NoError(t, err)
		k, err := NewKernel(NumericsExact, ps)
		require.NoError(t, err)
		return k.(*lifCurrExp)
	}
	vec, sca := build(), build()
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range vec.v {
		vec.v[k] = -60 + 11*rng.Float64()
		vec.left[k] = int32(rng.IntN(3))
	}
	vec.v[500] = math.NaN()
	copy(sca.v, vec.v)
	copy(sca.left, vec.left)
	inV := [2][]float64{make([]float64, 1003), make([]float64, 1003)}
	inS := [2][]float64{make([]float64, 1003), make([]float64, 1003)}
	save := useVector
	defer func() { useVector = save }()
	for step := range 300 {
		for r := range 2 {
			for k := range inV[r] {
				if rng.IntN(10) == 0 {
					inV[r][k] = rng.Float64() * 0.3
				}
			}
			copy(inS[r], inV[r])
		}
		for _, rg := range [][2]int{{0, 3}, {3, 501}, {501, 1003}} {
			useVector = save
			sv, bv := vec.Step(rg[0], rg[1], inV, nil, nil)
			useVector = false
			ss, bs := sca.Step(rg[0], rg[1], inS, nil, nil)
			require.Equal(t, ss, sv, "step %d range %v", step, rg)
			require.Equal(t, bs, bv, "step %d range %v", step, rg)
		}
		for k := range vec.v {
			require.Equal(t, math.Float64bits(sca.v[k]), math.Float64bits(vec.v[k]), "v[%d] at step %d", k, step)
			require.Equal(t, math.Float64bits(sca.ie[k]), math.Float64bits(vec.ie[k]))
			require.Equal(t, math.Float64bits(sca.ii[k]), math.Float64bits(vec.ii[k]))
			require.Equal(t, sca.left[k], vec.left[k])
		}
		require.Equal(t, inS, inV) // both consumed (zeroed)
	}
}
