package cpu

import (
	"context"
	"math"
	"testing"

	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
	"github.com/stretchr/testify/require"
)

// network checks .snn source text and returns its IR.
func network(t testing.TB, src string) *ir.Network {
	t.Helper()
	res, err := dsl.Check("test.snn", dsl.Options{ReadFile: func(name string) ([]byte, error) {
		return []byte(src), nil
	}})
	if err != nil {
		var b []byte
		if el, ok := err.(dsl.ErrorList); ok {
			for _, e := range el {
				b = append(b, e.Error()...)
				b = append(b, '\n')
			}
		}
		t.Fatalf("check: %v\n%s", err, b)
	}
	return res.Network
}

// simulate runs src and returns the result.
func simulate(t testing.TB, src string, opt Options) *Result {
	t.Helper()
	s, err := New(network(t, src), opt)
	require.NoError(t, err)
	res, err := s.Run(context.Background())
	require.NoError(t, err)
	require.True(t, res.Complete)
	return res
}

// spikeTimes returns the spike times (ms) of neuron k of a recorded population.
func spikeTimes(res *Result, pop string, k int32, dt float64) []float64 {
	var out []float64
	for _, tr := range res.Spikes {
		if tr.Population != pop {
			continue
		}
		for i, n := range tr.Neurons {
			if n == k {
				out = append(out, float64(tr.Steps[i])*dt)
			}
		}
	}
	return out
}

func mathExp(x float64) float64  { return math.Exp(x) }
func mathSqrt(x float64) float64 { return math.Sqrt(x) }
