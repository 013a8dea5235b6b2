package ir

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// defaults returns a model's parameters and state with every default filled
// in, as the front end would.
func defaults(model string, dt, duration float64) (params, state map[string]Value) {
	m := Models[model]
	fill := func(specs []ParamSpec) map[string]Value {
		out := map[string]Value{}
		for _, s := range specs {
			v := s.Default
			switch s.DefaultFromNetwork {
			case "duration":
				v = Const(duration)
			case "dt":
				v = Const(dt)
			}
			if s.Required {
				v = Const(10)
			}
			out[s.Name] = v
		}
		return out
	}
	params = fill(m.Params)
	if len(m.State) > 0 {
		state = fill(m.State)
	}
	return params, state
}

func newPop(name, model string, size int) *Population {
	params, state := defaults(model, 0.1, 1000)
	return &Population{Name: name, Model: model, Size: size, Params: params, State: state}
}

func newNet(seed uint64, pops ...*Population) *Network {
	return &Network{IRVersion: Version, Name: "test", DT: 0.1, Duration: 1000, Seed: seed, Populations: pops}
}

func all(p *Population) Selection { return Selection{{Population: p.Name, Lo: 0, Hi: p.Size}} }

func newProj(name string, pre, post Selection, c Connector) *Projection {
	return &Projection{Name: name, Pre: pre, Post: post, Connector: c,
		Weight: Const(0.1), Delay: Const(1), Receptor: "exc", Synapse: Synapse{Model: "static"}}
}

func dist(name string, params ...float64) Value {
	return Value{Kind: KindDist, Dist: &Distribution{Name: name, Params: params}}
}

// expand expands p (added to n) and checks the invariants every CSR must
// meet: row pointers, targets in range and ascending, aligned values.
func expand(t testing.TB, n *Network, p *Projection, threads int) *CSR {
	t.Helper()
	c, err := n.Expand(p, threads)
	require.NoError(t, err)
	checkCSR(t, c)
	return c
}

func checkCSR(t testing.TB, c *CSR) {
	t.Helper()
	require.Len(t, c.RowPtr, c.Pre+1)
	require.Equal(t, int64(0), c.RowPtr[0])
	ns := c.Synapses()
	require.Equal(t, int64(len(c.Targets)), ns)
	if c.Weights != nil {
		require.Len(t, c.Weights, int(ns))
	}
	if c.Delays != nil {
		require.Len(t, c.Delays, int(ns))
	}
	// Plain comparisons: a testify call per synapse would dominate the run time.
	for i := range c.Pre {
		if c.RowPtr[i] > c.RowPtr[i+1] {
			t.Fatalf("RowPtr decreases at row %d", i)
		}
		row := c.Row(i)
		for k, j := range row {
			if j < 0 || int(j) >= c.Post {
				t.Fatalf("row %d: target %d out of range [0, %d)", i, j, c.Post)
			}
			if k > 0 && row[k-1] > j {
				t.Fatalf("row %d not sorted: %v", i, row)
			}
		}
	}
}

// meanVar returns the sample mean and variance.
func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// rowCounts returns the number of synapses of every row.
func rowCounts(c *CSR) []float64 {
	out := make([]float64, c.Pre)
	for i := range c.Pre {
		out[i] = float64(c.RowPtr[i+1] - c.RowPtr[i])
	}
	return out
}

// colCounts returns the number of synapses onto every post neuron.
func colCounts(c *CSR) []float64 {
	out := make([]float64, c.Post)
	for _, j := range c.Targets {
		out[j]++
	}
	return out
}

// within5Sigma asserts |got - want| <= 5 sd.
func within5Sigma(t testing.TB, got, want, sd float64, what string) {
	t.Helper()
	require.LessOrEqual(t, math.Abs(got-want), 5*sd, "%s: got %v, want %v ± 5×%v", what, got, want, sd)
}

func TestExprString(t *testing.T) {
	c := func(x float64) *Expr { return &Expr{Op: "const", X: x} }
	v := func(n string) *Expr { return &Expr{Op: "var", Var: n} }
	op := func(o string, a ...*Expr) *Expr { return &Expr{Op: o, Args: a} }
	cases := []struct {
		e    *Expr
		want string
	}{
		{&Expr{Op: "call", Func: "exp", Args: []*Expr{op("neg", op("^", op("/", v("d"), c(3)), c(2)))}}, "exp(-(d / 3)^2)"},
		{op("!=", v("i"), v("j")), "i != j"},
		{op("-", v("i"), op("-", v("j"), c(1))), "i - (j - 1)"},
		{op("-", op("-", v("i"), v("j")), c(1)), "i - j - 1"},
		{op("*", op("+", v("i"), c(1)), c(2)), "(i + 1) * 2"},
		{op("^", c(2), op("^", c(3), c(2))), "2^3^2"},
		{op("^", op("^", c(2), c(3)), c(2)), "(2^3)^2"},
		{op("and", op("or", v("i"), v("j")), op("not", v("d"))), "(i or j) and not d"},
		{op("+", c(-1), v("i")), "-1 + i"},
		{op("^", c(-1), v("i")), "(-1)^i"},
	}
	for _, tc := range cases {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("%#v: got %q, want %q", tc.want, got, tc.want)
		}
	}
}
