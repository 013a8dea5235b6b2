package ir

import (
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFixedProbabilityStatistics(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 10000), newPop("b", "lif_curr_exp", 10000)
	n := newNet(11, a, b)
	const p = 0.02
	pr := newProj("ab", all(a), all(b), Connector{Kind: "fixed_probability", P: p})
	c := expand(t, n, pr, 2)

	// 1e8 pairs: the total is Binomial(1e8, p).
	pairs := 1e8
	within5Sigma(t, float64(c.Synapses()), p*pairs, math.Sqrt(pairs*p*(1-p)), "total")
	// Rows are Binomial(1e4, p): mean 200, variance 196. The sample variance
	// of 1e4 rows has relative sd sqrt(2/1e4) = 1.4%.
	m, v := meanVar(rowCounts(c))
	within5Sigma(t, m, p*1e4, math.Sqrt(p*(1-p)*1e4/1e4), "row mean")
	assert.InDelta(t, 1, v/(1e4*p*(1-p)), 0.07, "row variance %v", v)
	// Columns too: a skip that jumped rows' ends would show here.
	m, v = meanVar(colCounts(c))
	within5Sigma(t, m, p*1e4, math.Sqrt(p*(1-p)), "column mean")
	assert.InDelta(t, 1, v/(1e4*p*(1-p)), 0.07, "column variance %v", v)
	for i := range c.Pre {
		row := c.Row(i)
		for k := 1; k < len(row); k++ {
			if row[k-1] == row[k] {
				t.Fatalf("duplicate target in row %d", i)
			}
		}
	}
	exp, exact := n.ExpectedSynapses(pr)
	require.False(t, exact)
	require.Equal(t, p*pairs, exp)
}

func TestFixedProbabilitySelfAndCondition(t *testing.T) {
	a := newPop("a", "lif_curr_exp", 300)
	n := newNet(12, a)
	pr := newProj("aa", all(a), all(a), Connector{Kind: "fixed_probability", P: 0.5})
	c := expand(t, n, pr, 1)
	selfs := 0
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			if int(j) == i {
				selfs++
			}
		}
	}
	require.Zero(t, selfs, "allow_self = false")
	pr.Connector.AllowSelf = true
	c = expand(t, n, pr, 1)
	selfs = 0
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			if int(j) == i {
				selfs++
			}
		}
	}
	within5Sigma(t, float64(selfs), 150, math.Sqrt(75), "self pairs with allow_self")

	// condition i < j: only the upper triangle, each pair with p.
	pr.Connector.Condition = cmp("<", vr("i"), vr("j"))
	c = expand(t, n, pr, 1)
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			require.Less(t, i, int(j))
		}
	}
	allowed := 300.0 * 299 / 2
	within5Sigma(t, float64(c.Synapses()), allowed*0.5, math.Sqrt(allowed*0.25), "triangle")
	exp, _ := n.ExpectedSynapses(pr)
	require.Equal(t, allowed*0.5, exp)

	for _, p := range []float64{0, 1} {
		pr.Connector.P = p
		c = expand(t, n, pr, 1)
		require.Equal(t, int64(p*allowed), c.Synapses())
		exp, exact := n.ExpectedSynapses(pr)
		require.True(t, exact)
		require.Equal(t, p*allowed, exp)
	}
}

func TestFixedNumberPost(t *testing.T) {
	a := newPop("a", "lif_curr_exp", 1000)
	n := newNet(13, a)
	for _, nn := range []int64{50, 900, 999} { // sparse (rejection) and dense (shuffle) paths
		pr := newProj("aa", all(a), all(a), Connector{Kind: "fixed_number_post", N: nn})
		c := expand(t, n, pr, 2)
		for i := range c.Pre {
			row := c.Row(i)
			require.Len(t, row, int(nn))
			for k, j := range row {
				if i == int(j) {
					t.Fatalf("self connection %d with allow_self = false", i)
				}
				if k > 0 && row[k-1] >= j {
					t.Fatalf("row %d: duplicate with replace = false", i)
				}
			}
		}
		exp, exact := n.ExpectedSynapses(pr)
		require.True(t, exact)
		require.Equal(t, float64(nn*1000), exp)
		// Targets are uniform: post neuron j is chosen by each of the 999
		// other rows with probability n/999.
		m, v := meanVar(colCounts(c))
		require.Equal(t, float64(nn), m)
		if q := float64(nn) / 999; q < 1 {
			assert.InDelta(t, 1, v/(999*q*(1-q)), 0.2, "n = %d", nn)
		} else {
			require.Zero(t, v)
		}
	}
	pr := newProj("aa", all(a), all(a), Connector{Kind: "fixed_number_post", N: 1000})
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, "only 999 candidates")
	pr.Connector.Replace = true
	pr.Connector.N = 2000
	c := expand(t, n, pr, 1)
	dups := 0
	for i := range c.Pre {
		row := c.Row(i)
		require.Len(t, row, 2000)
		for k := 1; k < len(row); k++ {
			if row[k] == row[k-1] {
				dups++
			}
			if i == int(row[k]) {
				t.Fatalf("self connection %d", i)
			}
		}
	}
	require.Positive(t, dups, "replace = true draws repeats")

	// With a condition the pool is the allowed columns only.
	pr = newProj("cond", all(a), all(a), Connector{Kind: "fixed_number_post", N: 10, AllowSelf: true,
		Condition: cmp(">=", vr("j"), vr("i"))})
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "pre neuron 991 has only 9 candidates")
	pr.Connector.Condition = cmp("<", vr("j"), &Expr{Op: "const", X: 20})
	c = expand(t, n, pr, 1)
	for i := range c.Pre {
		require.Len(t, c.Row(i), 10)
		for _, j := range c.Row(i) {
			require.Less(t, j, int32(20))
		}
	}
}

func TestFixedNumberPre(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 700), newPop("b", "lif_curr_exp", 300)
	n := newNet(14, a, b)
	// Pre is the union (a, b[0:100]), post b: self pairs are b[0:100] on both sides.
	pre := Selection{{Population: "a", Lo: 0, Hi: 700}, {Population: "b", Lo: 0, Hi: 100}}
	pr := newProj("pre", pre, all(b), Connector{Kind: "fixed_number_pre", N: 40})
	pr.Weight = dist("uniform", 1, 2)
	pr.Delay = Value{Kind: KindExpr, Expr: &Expr{Op: "+", Args: []*Expr{{Op: "const", X: 1}, vr("j")}}}
	c := expand(t, n, pr, 2)
	require.Equal(t, 800, c.Pre)
	perCol := make([]map[int]bool, 300)
	for j := range perCol {
		perCol[j] = map[int]bool{}
	}
	for i := range c.Pre {
		for k := c.RowPtr[i]; k < c.RowPtr[i+1]; k++ {
			j := int(c.Targets[k])
			require.False(t, perCol[j][i], "duplicate pre %d for post %d", i, j)
			perCol[j][i] = true
			require.False(t, i >= 700 && i-700 == j, "self connection b[%d]", j)
			require.Equal(t, uint16(1+j), c.Delays[k], "delay expression of j")
			require.True(t, c.Weights[k] >= 1 && c.Weights[k] <= 2)
		}
	}
	for j := range perCol {
		require.Len(t, perCol[j], 40, "post %d", j)
	}
	// Pre neurons are drawn uniformly: about 300*40/800 = 15 each.
	m, _ := meanVar(rowCounts(c))
	require.Equal(t, 15.0, m)

	pr.Connector.N = 801
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, "post neuron")
}

func TestFixedTotal(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 400), newPop("b", "lif_curr_exp", 700)
	n := newNet(15, a, b)
	const total = 123457
	pr := newProj("t", all(a), all(b), Connector{Kind: "fixed_total", N: total, Replace: true})
	c := expand(t, n, pr, 3)
	require.Equal(t, int64(total), c.Synapses())
	// Rows are Multinomial: each Binomial(N, 1/400).
	q := 1.0 / 400
	m, v := meanVar(rowCounts(c))
	require.InDelta(t, total*q, m, 1e-9)
	assert.InDelta(t, 1, v/(total*q*(1-q)), 0.25, "row variance %v", v)
	// Columns: Binomial(N, 1/700).
	q = 1.0 / 700
	_, v = meanVar(colCounts(c))
	assert.InDelta(t, 1, v/(total*q*(1-q)), 0.25, "column variance %v", v)
	// Rows' counts follow the same law whatever block they fall in: compare
	// the two halves' totals (Binomial(N, 1/2)).
	half := c.RowPtr[200]
	within5Sigma(t, float64(half), total/2, math.Sqrt(total/4.0), "first half")

	// Onto itself without self pairs: rows draw among 699 columns. Blocks
	// of rows (about 2^18 synapses each) split N by a multinomial; with
	// N = 2e6 there are several blocks.
	self := newPop("s", "lif_curr_exp", 700)
	n = newNet(15, self)
	pr = newProj("ss", all(self), all(self), Connector{Kind: "fixed_total", N: 2000000, Replace: true})
	c = expand(t, n, pr, 2)
	require.Equal(t, int64(2000000), c.Synapses())
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			if int(j) == i {
				t.Fatalf("self connection %d", i)
			}
		}
	}
	q = 1.0 / 700
	m, v = meanVar(rowCounts(c))
	require.InDelta(t, 2e6*q, m, 1e-9)
	assert.InDelta(t, 1, v/(2e6*q*(1-q)), 0.25, "row variance %v", v)
	// Within rows, columns are uniform: column counts are Binomial(N, 1/699)
	// except that no row feeds its own column.
	cols := colCounts(c)
	chi2 := 0.0
	for _, x := range cols {
		e := 2e6 / 700
		chi2 += (x - e) * (x - e) / e
	}
	// 699 degrees of freedom: mean 699, sd 37.
	require.Less(t, chi2, 699+5*37.4)
	require.Greater(t, chi2, 699-5*37.4)
}

func TestFixedTotalWithoutReplacement(t *testing.T) {
	a := newPop("a", "lif_curr_exp", 100)
	n := newNet(16, a)
	for _, total := range []int64{3000, 9000, 9900} { // sparse, dense, all pairs
		pr := newProj("t", all(a), all(a), Connector{Kind: "fixed_total", N: total})
		c := expand(t, n, pr, 2)
		require.Equal(t, total, c.Synapses())
		for i := range c.Pre {
			row := c.Row(i)
			for k, j := range row {
				if i == int(j) || (k > 0 && row[k-1] >= j) {
					t.Fatalf("row %d: self connection or repeat: %v", i, row)
				}
			}
		}
	}
	pr := newProj("t", all(a), all(a), Connector{Kind: "fixed_total", N: 9901})
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, "exceeds the 9900 pairs")
	pr.Connector = Connector{Kind: "fixed_total", N: 2000, Replace: true, AllowSelf: true,
		Condition: cmp("==", &Expr{Op: "call", Func: "abs", Args: []*Expr{{Op: "-", Args: []*Expr{vr("i"), vr("j")}}}}, &Expr{Op: "const", X: 1})}
	c := expand(t, n, pr, 2)
	require.Equal(t, int64(2000), c.Synapses())
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			require.Equal(t, 1.0, math.Abs(float64(i)-float64(j)))
		}
	}
}

func TestDistanceConnector(t *testing.T) {
	g := newPop("g", "lif_curr_exp", 1000)
	g.Layout = &Layout{Kind: "grid", Shape: [3]int{10, 10, 10}, Spacing: 1}
	n := newNet(17, g)
	// p = exp(-d / 2)
	pexpr := &Expr{Op: "call", Func: "exp", Args: []*Expr{{Op: "/", Args: []*Expr{{Op: "neg", Args: []*Expr{vr("d")}}, {Op: "const", X: 2}}}}}
	pr := newProj("dist", all(g), all(g), Connector{Kind: "distance", PExpr: pexpr})
	pr.Delay = Value{Kind: KindExpr, Expr: &Expr{Op: "+", Args: []*Expr{{Op: "const", X: 1}, vr("d")}}}
	c := expand(t, n, pr, 2)
	pos := n.Positions(g)
	var mean, variance float64
	for i := range 1000 {
		for j := range 1000 {
			if i == j {
				continue
			}
			d := math.Sqrt(sq(pos[i][0]-pos[j][0]) + sq(pos[i][1]-pos[j][1]) + sq(pos[i][2]-pos[j][2]))
			p := math.Exp(-d / 2)
			mean += p
			variance += p * (1 - p)
		}
	}
	within5Sigma(t, float64(c.Synapses()), mean, math.Sqrt(variance), "distance count")
	exp, exact := n.ExpectedSynapses(pr)
	require.False(t, exact)
	require.InDelta(t, mean, exp, 1e-6*mean)
	for i := range c.Pre {
		for k := c.RowPtr[i]; k < c.RowPtr[i+1]; k++ {
			j := c.Targets[k]
			require.NotEqual(t, int32(i), j)
			d := math.Sqrt(sq(pos[i][0]-pos[j][0]) + sq(pos[i][1]-pos[j][1]) + sq(pos[i][2]-pos[j][2]))
			require.Equal(t, uint16(math.Round(1+d)), c.Delays[k])
		}
	}
	// Neighbours (d = 1, p = 0.61) are far more often connected than
	// pairs at d >= 5 (p < 0.08).
	near, far := 0.0, 0.0
	for i := range c.Pre {
		for _, j := range c.Row(i) {
			d := math.Sqrt(sq(pos[i][0]-pos[j][0]) + sq(pos[i][1]-pos[j][1]) + sq(pos[i][2]-pos[j][2]))
			if d == 1 {
				near++
			}
			if d >= 5 {
				far++
			}
		}
	}
	require.Greater(t, near, 0.0)
	require.Greater(t, far, 0.0)

	// d without a layout is an error naming the population.
	h := newPop("h", "lif_curr_exp", 10)
	n.Populations = append(n.Populations, h)
	pr.Post = all(h)
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, `population "h" has none`)
}

func TestDeterministicConnectors(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 3), newPop("b", "lif_curr_exp", 4)
	n := newNet(18, a, b)

	pr := newProj("ata", all(a), all(b), Connector{Kind: "all_to_all", AllowSelf: true})
	xs := make([]float64, 12)
	for k := range xs {
		xs[k] = float64(k)
	}
	pr.Weight = Value{Kind: KindArray, Xs: xs}
	c := expand(t, n, pr, 2)
	require.Equal(t, []int64{0, 4, 8, 12}, c.RowPtr)
	require.Equal(t, []int32{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}, c.Targets)
	require.Equal(t, []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, c.Weights, "row-major array")
	require.Nil(t, c.Delays)
	require.Equal(t, uint16(1), c.ConstDelay)

	// all_to_all onto itself without self pairs, array indexed row-major
	// over the full matrix.
	pr = newProj("aa", all(b), all(b), Connector{Kind: "all_to_all"})
	pr.Weight = Value{Kind: KindArray, Xs: make([]float64, 16)}
	for k := range 16 {
		pr.Weight.Xs[k] = float64(k)
	}
	c = expand(t, n, pr, 1)
	require.Equal(t, []int32{1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2}, c.Targets)
	require.Equal(t, []float32{1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14}, c.Weights)
	exp, exact := n.ExpectedSynapses(pr)
	require.True(t, exact)
	require.Equal(t, 12.0, exp)

	pr = newProj("o2o", all(b), all(b), Connector{Kind: "one_to_one"})
	pr.Delay = Value{Kind: KindArray, Xs: []float64{1, 2.4, 2.6, 7}}
	c = expand(t, n, pr, 1)
	require.Equal(t, []int32{0, 1, 2, 3}, c.Targets, "one_to_one ignores allow_self")
	require.Equal(t, []uint16{1, 2, 3, 7}, c.Delays)
	pr.Post = all(a)
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, "equal sizes")

	// from_list: rows sorted, repeats kept in list order, arrays in list order.
	pr = newProj("list", all(a), all(b), Connector{Kind: "from_list", Pairs: []int32{2, 3, 0, 1, 2, 0, 0, 1, 1, 2}})
	pr.Weight = Value{Kind: KindArray, Xs: []float64{0.1, 0.2, 0.3, 0.4, 0.5}}
	pr.Delay = Value{Kind: KindArray, Xs: []float64{1, 2, 3, 4, 5}}
	c = expand(t, n, pr, 4)
	require.Equal(t, []int64{0, 2, 3, 5}, c.RowPtr)
	require.Equal(t, []int32{1, 1, 2, 0, 3}, c.Targets)
	require.Equal(t, []float32{0.2, 0.4, 0.5, 0.3, 0.1}, c.Weights)
	require.Equal(t, []uint16{2, 4, 5, 3, 1}, c.Delays)
	exp, exact = n.ExpectedSynapses(pr)
	require.True(t, exact)
	require.Equal(t, 5.0, exp)
	pr.Connector.Pairs = append(pr.Connector.Pairs, 3, 0)
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "outside 3 x 4")

	// Arrays need a connector with a fixed order.
	pr = newProj("fp", all(a), all(b), Connector{Kind: "fixed_probability", P: 0.5})
	pr.Weight = Value{Kind: KindArray, Xs: xs}
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "fixed order")
}

// TestSelfAcrossSlices: pre and post are different slices and unions of one
// population; only pairs that are the same neuron are excluded.
func TestSelfAcrossSlices(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 100), newPop("b", "lif_curr_exp", 10)
	n := newNet(19, a, b)
	pre := Selection{{Population: "a", Lo: 0, Hi: 50}}
	post := Selection{{Population: "b", Lo: 0, Hi: 10}, {Population: "a", Lo: 25, Hi: 75}}
	pr := newProj("x", pre, post, Connector{Kind: "all_to_all"})
	c := expand(t, n, pr, 1)
	for i := range 50 {
		row := c.Row(i)
		if i >= 25 {
			require.Len(t, row, 59)
			require.NotContains(t, row, int32(10+i-25), "a[%d] onto itself", i)
		} else {
			require.Len(t, row, 60)
		}
	}
	exp, exact := n.ExpectedSynapses(pr)
	require.True(t, exact)
	require.Equal(t, float64(50*60-25), exp)
}

func TestValueErrors(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 50), newPop("b", "lif_curr_exp", 50)
	n := newNet(20, a, b)
	pr := newProj("bad", all(a), all(b), Connector{Kind: "all_to_all"})
	pr.Delay = Const(0.4)
	_, err := n.Expand(pr, 1)
	require.ErrorContains(t, err, `projection "bad": delay`)
	require.ErrorContains(t, err, "shorter than one time step")
	pr.Delay = Const(70000)
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "more than 65535")
	pr.Delay = Const(1.5)
	c := expand(t, n, pr, 1)
	require.Equal(t, uint16(2), c.ConstDelay, "math.Round: 1.5 -> 2")
	pr.Delay = dist("normal", 1, 1)
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "delay of synapse")
	pr.Delay = Const(1)
	pr.Weight = Const(-1)
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "receptor = inh")
	pr.Weight = dist("normal", 0.1, 1)
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "weight of synapse")
	pr.Weight = dist("normal_clipped", 0, 1, 40, 50)
	_, err = n.Expand(pr, 2)
	require.ErrorContains(t, err, "no value inside")
	require.ErrorContains(t, err, "synapse (0, 0)", "the first failing synapse, whatever the thread count")
	pr.Weight = Value{Kind: KindExpr, Expr: &Expr{Op: "/", Args: []*Expr{{Op: "const", X: 1}, vr("j")}}}
	_, err = n.Expand(pr, 1)
	require.ErrorContains(t, err, "synapse (0, 0)")
	require.ErrorContains(t, err, "not a finite number")
}

// allConnectors returns a network with one projection of every connector
// kind, each with drawn weights and delays.
func allConnectors(seed uint64) *Network {
	a, b := newPop("a", "lif_curr_exp", 900), newPop("b", "lif_curr_exp", 1300)
	a.Layout = &Layout{Kind: "grid", Shape: [3]int{30, 30, 1}, Spacing: 1}
	b.Layout = &Layout{Kind: "random", Box: [3]float64{30, 30, 1}}
	n := newNet(seed, a, b)
	pexpr := &Expr{Op: "call", Func: "exp", Args: []*Expr{{Op: "neg", Args: []*Expr{vr("d")}}}}
	cs := []Connector{
		{Kind: "all_to_all", Condition: cmp("<", vr("d"), &Expr{Op: "const", X: 4})},
		{Kind: "fixed_probability", P: 0.05},
		{Kind: "fixed_probability", P: 0.3, Condition: cmp("!=", vr("i"), vr("j"))},
		{Kind: "fixed_number_post", N: 30},
		{Kind: "fixed_number_post", N: 800, Replace: false},
		{Kind: "fixed_number_pre", N: 25, Replace: true},
		{Kind: "fixed_total", N: 400000, Replace: true},
		{Kind: "fixed_total", N: 30000},
		{Kind: "distance", PExpr: pexpr},
	}
	names := []string{"ata", "fp", "fpc", "fnpost", "fnpostdense", "fnpre", "ft", "ftnr", "dist"}
	for k, c := range cs {
		pr := newProj(names[k], all(a), Selection{{Population: "a", Lo: 100, Hi: 900}, {Population: "b", Lo: 0, Hi: 1300}}, c)
		pr.Weight = dist("normal_clipped", 0.1, 0.05, 0, 1)
		pr.Delay = dist("uniform", 1, 20)
		n.Projections = append(n.Projections, pr)
	}
	l := newProj("list", all(a), all(b), Connector{Kind: "from_list", Pairs: []int32{5, 7, 1, 2, 5, 3, 899, 1299, 1, 2}})
	l.Weight = dist("gamma", 2, 0.1)
	n.Projections = append(n.Projections, l)
	return n
}

func TestDeterminismAcrossThreads(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	var ref map[string]*CSR
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		n := allConnectors(21)
		for _, threads := range []int{1, 4} {
			got := map[string]*CSR{}
			for _, p := range n.Projections {
				got[p.Name] = expand(t, n, p, threads)
				require.NotNil(t, got[p.Name].Weights)
			}
			if ref == nil {
				ref = got
				continue
			}
			for name, c := range got {
				require.Equal(t, ref[name], c, "projection %s, GOMAXPROCS %d, threads %d", name, procs, threads)
			}
		}
	}
	// The streaming form gives the same synapses, in pre order.
	n := allConnectors(21)
	for _, p := range n.Projections {
		var rebuilt CSR
		rebuilt.Pre, rebuilt.Post = ref[p.Name].Pre, ref[p.Name].Post
		rebuilt.RowPtr = []int64{0}
		next := 0
		err := n.ExpandBlocks(p, 3, func(b *Block) error {
			require.Equal(t, next, b.Lo, "blocks in pre order")
			next = b.Hi
			base := int64(len(rebuilt.Targets))
			for r := 1; r < len(b.RowPtr); r++ {
				rebuilt.RowPtr = append(rebuilt.RowPtr, base+b.RowPtr[r])
			}
			rebuilt.Targets = append(rebuilt.Targets, b.Targets...)
			rebuilt.Weights = append(rebuilt.Weights, b.Weights...)
			rebuilt.Delays = append(rebuilt.Delays, b.Delays...)
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, rebuilt.Pre, next)
		r := ref[p.Name]
		require.Equal(t, r.RowPtr, rebuilt.RowPtr, p.Name)
		require.Equal(t, r.Targets, rebuilt.Targets, p.Name)
		require.Equal(t, r.Weights, rebuilt.Weights, p.Name)
		require.Equal(t, r.Delays, rebuilt.Delays, p.Name)
	}
	// A different seed gives a different network.
	other := allConnectors(22)
	c := expand(t, other, other.Projections[1], 2)
	require.NotEqual(t, ref["fp"].Targets, c.Targets)
}

func TestStatementOrderIndependence(t *testing.T) {
	n1 := allConnectors(23)
	n2 := allConnectors(23)
	// Reverse the statements of the second network.
	for k, m := 0, len(n2.Projections)-1; k < m; k, m = k+1, m-1 {
		n2.Projections[k], n2.Projections[m] = n2.Projections[m], n2.Projections[k]
	}
	n2.Populations[0], n2.Populations[1] = n2.Populations[1], n2.Populations[0]
	for _, p := range n1.Projections {
		require.Equal(t, expand(t, n1, p, 2), expand(t, n2, n2.Projection(p.Name), 1), p.Name)
	}
}

func TestWeightsDoNotChangeTheGraph(t *testing.T) {
	n := allConnectors(24)
	for _, p := range n.Projections {
		before := expand(t, n, p, 2)
		p.Weight = dist("uniform", 0, 5)
		p.Delay = Const(3)
		after := expand(t, n, p, 2)
		require.Equal(t, before.RowPtr, after.RowPtr, p.Name)
		require.Equal(t, before.Targets, after.Targets, p.Name)
		require.NotEqual(t, before.Weights, after.Weights, p.Name)
		require.Nil(t, after.Delays)
		require.Equal(t, uint16(3), after.ConstDelay)
	}
}

func TestExpandBlocksStopsOnError(t *testing.T) {
	a := newPop("a", "lif_curr_exp", 5000)
	n := newNet(25, a)
	pr := newProj("x", all(a), all(a), Connector{Kind: "fixed_probability", P: 0.5})
	stop := errors.New("enough")
	for _, threads := range []int{1, 2, 8} {
		calls := 0
		err := n.ExpandBlocks(pr, threads, func(b *Block) error {
			calls++
			require.Positive(t, b.Synapses())
			require.Len(t, b.RowPtr, b.Hi-b.Lo+1)
			if calls == 3 {
				return stop
			}
			return nil
		})
		require.ErrorIs(t, err, stop)
		require.Equal(t, 3, calls)
	}
}

func TestExpectedSynapsesExact(t *testing.T) {
	a, b := newPop("a", "lif_curr_exp", 200), newPop("b", "lif_curr_exp", 300)
	n := newNet(26, a, b)
	for _, c := range []struct {
		conn Connector
		want float64
	}{
		{Connector{Kind: "all_to_all", AllowSelf: true}, 200 * 300},
		{Connector{Kind: "all_to_all", Condition: cmp("<", vr("i"), &Expr{Op: "const", X: 10})}, 10 * 300},
		{Connector{Kind: "fixed_number_post", N: 7}, 7 * 200},
		{Connector{Kind: "fixed_number_pre", N: 7}, 7 * 300},
		{Connector{Kind: "fixed_total", N: 1234}, 1234},
	} {
		pr := newProj("p", all(a), all(b), c.conn)
		got, exact := n.ExpectedSynapses(pr)
		require.True(t, exact, c.conn.Kind)
		require.Equal(t, c.want, got, c.conn.Kind)
		require.Equal(t, int64(c.want), expand(t, n, pr, 2).Synapses(), c.conn.Kind)
	}
	// Above 1e8 pairs the expectation of a conditional connector is sampled.
	big1, big2 := newPop("c", "lif_curr_exp", 20000), newPop("d", "lif_curr_exp", 20000)
	n = newNet(27, big1, big2)
	pr := newProj("big", all(big1), all(big2), Connector{Kind: "fixed_probability", P: 0.1,
		Condition: cmp("<", vr("j"), &Expr{Op: "const", X: 5000})})
	got, exact := n.ExpectedSynapses(pr)
	require.False(t, exact)
	assert.InDelta(t, 0.1*20000*5000, got, 0.02*0.1*20000*5000)
}

func sq(x float64) float64 { return x * x }

func vr(name string) *Expr { return &Expr{Op: "var", Var: name} }

func cmp(op string, a, b *Expr) *Expr { return &Expr{Op: op, Args: []*Expr{a, b}} }
