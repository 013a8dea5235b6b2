package ir

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// draws returns n values of d, one per element of a keyed stream, as
// population values are drawn.
func draws(d *Distribution, n int) []float64 {
	key := Key(42, "test", d.Name)
	out := make([]float64, n)
	var s Stream
	for k := range out {
		s.Reset(key, uint64(k))
		out[k] = d.Draw(&s)
	}
	return out
}

func TestDistributionMoments(t *testing.T) {
	phi := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	// Truncated normal N(0, 1) on [-0.5, 2] (Johnson, Kotz & Balakrishnan).
	a, b := -0.5, 2.0
	z := (math.Erf(b/math.Sqrt2) - math.Erf(a/math.Sqrt2)) / 2
	tnMean := (phi(a) - phi(b)) / z
	tnVar := 1 + (a*phi(a)-b*phi(b))/z - tnMean*tnMean
	mu, sigma, scale := 0.2, 0.5, 3.0
	lnMean := scale * math.Exp(mu+sigma*sigma/2)
	lnVar := scale * scale * (math.Exp(sigma*sigma) - 1) * math.Exp(2*mu+sigma*sigma)

	cases := []struct {
		d        *Distribution
		mean, sd float64
		lo, hi   float64
	}{
		{&Distribution{Name: "uniform", Params: []float64{2, 5}}, 3.5, 3 / math.Sqrt(12), 2, 5},
		{&Distribution{Name: "normal", Params: []float64{1, 2}}, 1, 2, math.Inf(-1), math.Inf(1)},
		{&Distribution{Name: "normal_clipped", Params: []float64{1, 2, 1 + 2*a, 1 + 2*b}}, 1 + 2*tnMean, 2 * math.Sqrt(tnVar), 1 + 2*a, 1 + 2*b},
		{&Distribution{Name: "lognormal", Params: []float64{mu, sigma, scale}}, lnMean, math.Sqrt(lnVar), 0, math.Inf(1)},
		{&Distribution{Name: "exponential", Params: []float64{2}}, 2, 2, 0, math.Inf(1)},
		{&Distribution{Name: "gamma", Params: []float64{2.5, 1.5}}, 2.5 * 1.5, math.Sqrt(2.5) * 1.5, 0, math.Inf(1)},
		{&Distribution{Name: "choice", Choices: []float64{1, 2, 5}, P: []float64{0.2, 0.5, 0.3}},
			0.2 + 1 + 1.5, math.Sqrt(0.2*1 + 0.5*4 + 0.3*25 - 2.7*2.7), 1, 5},
	}
	const n = 100000
	for _, c := range cases {
		t.Run(c.d.Name, func(t *testing.T) {
			xs := draws(c.d, n)
			for _, x := range xs {
				require.True(t, x >= c.lo && x <= c.hi, "%v outside [%v, %v]", x, c.lo, c.hi)
			}
			m, v := meanVar(xs)
			within5Sigma(t, m, c.mean, c.sd/math.Sqrt(n), "mean")
			// The sample sd of 1e5 draws is within a few percent for these
			// light-tailed distributions (lognormal's sigma 0.5 included).
			assert.InDelta(t, 1, math.Sqrt(v)/c.sd, 0.03, "sd %v, want %v", math.Sqrt(v), c.sd)
		})
	}
}

func TestChoiceFrequencies(t *testing.T) {
	d := &Distribution{Name: "choice", Choices: []float64{10, 20, 30, 40}, P: []float64{0.1, 0.2, 0.3, 0.4}}
	const n = 50000
	counts := map[float64]float64{}
	for _, x := range draws(d, n) {
		counts[x]++
	}
	chi2 := 0.0
	for k, c := range d.Choices {
		e := d.P[k] * n
		chi2 += (counts[c] - e) * (counts[c] - e) / e
	}
	// 3 degrees of freedom: P(chi2 > 21.1) = 1e-4.
	require.Less(t, chi2, 21.1)
	require.Len(t, counts, 4)

	uniform := &Distribution{Name: "choice", Choices: []float64{1, 2}}
	m, _ := meanVar(draws(uniform, n))
	within5Sigma(t, m, 1.5, 0.5/math.Sqrt(n), "choice without p")
}

func TestNormalClippedGivesUp(t *testing.T) {
	d := &Distribution{Name: "normal_clipped", Params: []float64{0, 1, 50, 60}}
	require.True(t, math.IsNaN(d.Draw(NewStream(1, 2))))
	require.True(t, math.IsNaN((&Distribution{Name: "nope"}).Draw(NewStream(1, 2))))
	require.True(t, math.IsNaN((&Distribution{Name: "normal", Params: []float64{1}}).Draw(NewStream(1, 2))))
}

func TestDrawDoesNotAllocate(t *testing.T) {
	d := &Distribution{Name: "normal", Params: []float64{0, 1}}
	s := NewStream(1, 2)
	allocs := testing.AllocsPerRun(1000, func() { d.Draw(s) })
	require.Zero(t, allocs)
}

func TestPopulationValues(t *testing.T) {
	p := newPop("exc", "lif_curr_exp", 100)
	p.Params["tau_m"] = dist("normal_clipped", 20, 5, 10, 30)
	p.Params["cm"] = Value{Kind: KindExpr, Expr: &Expr{Op: "+", Args: []*Expr{{Op: "const", X: 1}, {Op: "var", Var: "i"}}}}
	xs := make([]float64, 100)
	for k := range xs {
		xs[k] = float64(k) / 10
	}
	p.State["v"] = Value{Kind: KindArray, Xs: xs}
	n := newNet(7, p)

	tau, err := n.PopulationValues(p, "tau_m")
	require.NoError(t, err)
	for _, x := range tau {
		require.True(t, x >= 10 && x <= 30)
	}
	// A neuron's value depends on its index alone, not on the population size.
	small := newPop("exc", "lif_curr_exp", 10)
	small.Params["tau_m"] = p.Params["tau_m"]
	tauSmall, err := newNet(7, small).PopulationValues(small, "tau_m")
	require.NoError(t, err)
	require.Equal(t, tau[:10], tauSmall)
	// ... and on the seed.
	other, err := newNet(8, p).PopulationValues(p, "tau_m")
	require.NoError(t, err)
	require.NotEqual(t, tau, other)

	cm, err := n.PopulationValues(p, "cm")
	require.NoError(t, err)
	require.Equal(t, 1.0, cm[0])
	require.Equal(t, 100.0, cm[99])

	v, err := n.PopulationValues(p, "v")
	require.NoError(t, err)
	require.Equal(t, xs, v)

	rest, err := n.PopulationValues(p, "v_rest")
	require.NoError(t, err)
	require.Equal(t, -65.0, rest[42])

	_, err = n.PopulationValues(p, "nope")
	require.ErrorContains(t, err, `"nope"`)
	p.State["v"] = Value{Kind: KindArray, Xs: xs[:5]}
	_, err = n.PopulationValues(p, "v")
	require.ErrorContains(t, err, "5 values for 100 neurons")
	p.Params["tau_m"] = dist("normal_clipped", 20, 1, 100, 200)
	_, err = n.PopulationValues(p, "tau_m")
	require.ErrorContains(t, err, "no value inside")
}

func TestPositions(t *testing.T) {
	p := newPop("g", "lif_curr_exp", 24)
	p.Layout = &Layout{Kind: "grid", Shape: [3]int{4, 3, 2}, Spacing: 2}
	n := newNet(1, p)
	pos := n.Positions(p)
	require.Len(t, pos, 24)
	// i = x + nx (y + ny z)
	for _, c := range []struct{ i, x, y, z int }{{0, 0, 0, 0}, {1, 1, 0, 0}, {4, 0, 1, 0}, {11, 3, 2, 0}, {12, 0, 0, 1}, {23, 3, 2, 1}} {
		require.Equal(t, [3]float64{2 * float64(c.x), 2 * float64(c.y), 2 * float64(c.z)}, pos[c.i], "neuron %d", c.i)
	}

	r := newPop("r", "lif_curr_exp", 500)
	r.Layout = &Layout{Kind: "random", Box: [3]float64{10, 5, 1}}
	n = newNet(1, r)
	a := n.Positions(r)
	require.Equal(t, a, n.Positions(r))
	var mean [3]float64
	for _, q := range a {
		for c := range 3 {
			require.True(t, q[c] >= 0 && q[c] < r.Layout.Box[c])
			mean[c] += q[c] / 500
		}
	}
	assert.InDelta(t, 5, mean[0], 5*10/math.Sqrt(12*500))
	assert.InDelta(t, 2.5, mean[1], 5*5/math.Sqrt(12*500))
	require.Nil(t, n.Positions(newPop("x", "lif_curr_exp", 3)))
}

func TestBinomialAndHypergeometric(t *testing.T) {
	s := NewStream(Key(3, "discrete"), 0)
	const reps = 20000
	check := func(name string, draw func() int64, mean, variance float64) {
		xs := make([]float64, reps)
		for k := range xs {
			xs[k] = float64(draw())
		}
		m, v := meanVar(xs)
		within5Sigma(t, m, mean, math.Sqrt(variance/reps), name+" mean")
		assert.InDelta(t, 1, v/variance, 0.06, "%s variance %v, want %v", name, v, variance)
	}
	check("binomial(1e9, 1e-3)", func() int64 { return binomial(s, 1e9, 1e-3) }, 1e6, 1e6*(1-1e-3))
	check("binomial(40, 0.3)", func() int64 { return binomial(s, 40, 0.3) }, 12, 40*0.3*0.7)
	check("binomial(100, 0.97)", func() int64 { return binomial(s, 100, 0.97) }, 97, 100*0.97*0.03)
	// Hypergeometric: n draws from T items of which K marked.
	hg := func(T, K, n float64) (float64, float64) {
		return n * K / T, n * K / T * (T - K) / T * (T - n) / (T - 1)
	}
	m, v := hg(1e10, 3e9, 1e6)
	check("hypergeometric big", func() int64 { return hypergeometric(s, 1e10, 3e9, 1e6) }, m, v)
	m, v = hg(50, 20, 30)
	check("hypergeometric small", func() int64 { return hypergeometric(s, 50, 20, 30) }, m, v)
	require.Equal(t, int64(0), binomial(s, 10, 0))
	require.Equal(t, int64(10), binomial(s, 10, 1))
	require.Equal(t, int64(5), hypergeometric(s, 10, 5, 10))
}

func TestZiggurat(t *testing.T) {
	// The bisection finds the published base-strip abscissae for 256 layers.
	require.InDelta(t, 3.6541528853610088, zigNormal.r, 1e-12)
	require.InDelta(t, 7.69711747013104972, zigExp.r, 1e-12)

	const n = 1 << 20
	s := NewStream(Key(5, "ziggurat"), 0)
	norm := make([]float64, n)
	expo := make([]float64, n)
	for k := range n {
		norm[k] = s.NormFloat64()
		expo[k] = s.ExpFloat64()
	}
	// Kolmogorov-Smirnov against the exact CDFs: D_n > 1.95/sqrt(n) has
	// probability 0.001.
	ks := func(xs []float64, cdf func(float64) float64) float64 {
		ys := slices.Clone(xs)
		slices.Sort(ys)
		d := 0.0
		for k, y := range ys {
			f := cdf(y)
			d = max(d, math.Abs(f-float64(k)/n), math.Abs(float64(k+1)/n-f))
		}
		return d
	}
	require.Less(t, ks(norm, func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }), 1.95/math.Sqrt(n))
	require.Less(t, ks(expo, func(x float64) float64 { return -math.Expm1(-x) }), 1.95/math.Sqrt(n))
	// Tails, where the wedges and the base strip's tail take over.
	tail := func(xs []float64, above float64) float64 {
		c := 0.0
		for _, x := range xs {
			if x > above {
				c++
			}
		}
		return c
	}
	for _, a := range []float64{2, 3, 3.6541528853610088, 4.2} {
		p := 0.5 * math.Erfc(a/math.Sqrt2)
		within5Sigma(t, tail(norm, a), n*p, math.Sqrt(n*p*(1-p)), fmt.Sprintf("normal above %v", a))
		within5Sigma(t, tail(norm, -1e9)-tail(norm, -a), n*p, math.Sqrt(n*p*(1-p)), fmt.Sprintf("normal below -%v", a))
	}
	for _, a := range []float64{1, 5, 7.69711747013104972, 9} {
		p := math.Exp(-a)
		within5Sigma(t, tail(expo, a), n*p, math.Sqrt(n*p*(1-p)), fmt.Sprintf("exponential above %v", a))
	}
	m, v := meanVar(norm)
	within5Sigma(t, m, 0, 1/math.Sqrt(n), "normal mean")
	within5Sigma(t, v, 1, math.Sqrt(2.0/n), "normal variance")
	m, v = meanVar(expo)
	within5Sigma(t, m, 1, 1/math.Sqrt(n), "exponential mean")
	within5Sigma(t, v, 1, math.Sqrt(8.0/n), "exponential variance")
}
