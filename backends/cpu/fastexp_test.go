package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// expNeg against math.Exp over the range the conductance model uses and
// beyond: relative error within 4.5e-16 (two ulp).
func TestExpNeg(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	for i := range 200000 {
		var x float64
		switch i % 3 {
		case 0:
			x = -rng.Float64() * 2
		case 1:
			x = -rng.Float64() * 50
		default:
			x = -rng.Float64() * 700
		}
		want := math.Exp(x)
		got := expNeg(x)
		rel := math.Abs(got-want) / want
		worst = max(worst, rel)
		require.LessOrEqual(t, rel, 4.5e-16, "x = %v", x)
	}
	require.Equal(t, 1.0, expNeg(0))
	require.Equal(t, 0.0, expNeg(-800))
	t.Logf("largest relative error %.2g", worst)
}

func BenchmarkExpNeg(b *testing.B) {
	s := 0.0
	x := -0.01
	for i := 0; i < b.N; i++ {
		s += expNeg(x)
		x -= 1e-9
	}
	sink = s
}

func BenchmarkMathExp(b *testing.B) {
	s := 0.0
	x := -0.01
	for i := 0; i < b.N; i++ {
		s += math.Exp(x)
		x -= 1e-9
	}
	sink = s
}

var sink float64
