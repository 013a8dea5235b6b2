package dsl

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snn-sim/snn/ir"
)

// TestPrecedence checks operator precedence and associativity through the
// value a population parameter gets.
func TestPrecedence(t *testing.T) {
	cases := []struct {
		expr string
		want float64
	}{
		{"-2^2", -4},
		{"2^-1", 0.5},
		{"2^3^2", 512},
		{"2 - 3 - 4", -5},
		{"24 / 4 / 2", 3},
		{"-(1 + 2) * 3", -9},
		{"1 + 2 * 3^2", 19},
		{"- -1", 1},
		{"2 * -3", -6},
	}
	for _, tc := range cases {
		src := "population p[1] : lif_discrete { bias = " + tc.expr + " }\n"
		res, err := Check("main.snn", Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
		require.NoError(t, err, tc.expr)
		require.Equal(t, tc.want, res.Network.Populations[0].Params["bias"].X, tc.expr)
	}
	bools := []struct {
		expr string
		want float64
	}{
		{"not 1 < 2 and true", 0},
		{"not (1 < 2) or true", 1},
		{"1 < 2 and 2 < 3 or false", 1},
		{"not false and false", 0},
	}
	for _, tc := range bools {
		src := "population p[2] : lif_curr_exp\nconnect p -> p with all_to_all(condition = " + tc.expr + ") { weight = 1 nA }\n"
		res, err := Check("main.snn", Options{ReadFile: func(string) ([]byte, error) { return []byte(src), nil }})
		require.NoError(t, err, tc.expr)
		cond := res.Network.Projections[0].Connector.Condition
		got := 1.0
		if cond != nil {
			got = cond.Eval(ir.Vars{})
		}
		require.Equal(t, tc.want, got, tc.expr)
	}
}
