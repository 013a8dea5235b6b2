package bench

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/snn-sim/snn/backends/cpu"
	"github.com/snn-sim/snn/dsl"
	"github.com/stretchr/testify/require"
)

// golden is bench/golden/brian2_rates.json (made by brian2_rates.sh).
type golden struct {
	Networks map[string]struct {
		DurationS   float64               `json:"duration_s"`
		Seeds       []int                 `json:"seeds"`
		Populations map[string]goldenRate `json:"populations"`
	} `json:"networks"`
}

type goldenRate struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// The example networks' mean rates fall within the spread of Brian2's over
// seeds on the same networks (Brian2 draws a different network from each
// seed, so each of our runs is one more sample of the same distribution):
// within mean ± 4 sd, or inside [min, max].
func TestRatesWithinBrian2Spread(t *testing.T) {
	data, err := os.ReadFile("golden/brian2_rates.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(data, &g))
	// examples/coba.snn has the 0.2 nA drive: Brian2's "coba_i02" runs
	// (its "coba" entry is the undriven, mostly silent variant).
	for net, ex := range map[string]string{"cuba": "cuba", "coba_i02": "coba", "brunel": "brunel"} {
		ref, ok := g.Networks[net]
		require.True(t, ok, net)
		pops := ref.Populations
		ms := ref.DurationS * 1000
		res, err := dsl.Check("../examples/"+ex+".snn", dsl.Options{Duration: &ms})
		require.NoError(t, err)
		sim, err := cpu.New(res.Network, cpu.Options{Threads: 2})
		require.NoError(t, err)
		out, err := sim.Run(context.Background())
		require.NoError(t, err)
		for p, r := range pops {
			size := res.Network.Population(p).Size
			rate := float64(out.PopSpikes[p]) / float64(size) / ref.DurationS
			lo, hi := math.Min(r.Mean-4*r.SD, r.Min), math.Max(r.Mean+4*r.SD, r.Max)
			t.Logf("%s %s: snn %.4f Hz; Brian2 %.4f ± %.4f Hz (min %.4f, max %.4f, %d seeds)", net, p, rate, r.Mean, r.SD, r.Min, r.Max, len(ref.Seeds))
			require.True(t, rate >= lo && rate <= hi, "%s %s: %.4f Hz outside Brian2's [%.4f, %.4f]", net, p, rate, lo, hi)
		}
	}
}
