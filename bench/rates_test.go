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
		DurationS   float64                  `json:"duration_s"`
		Seeds       []int                    `json:"seeds"`
		Populations map[string]goldenRate    `json:"populations"`
		Modes       map[string]goldenModeMap `json:"modes"`
	} `json:"networks"`
}

type goldenRate struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

type goldenModeMap map[string]json.RawMessage

// The example networks' mean rates fall within the spread of Brian2's over
// seeds on the same networks (Brian2 draws a different network from each
// seed, so each of our runs is one more sample of the same distribution):
// within mean ± 4 sd, or inside [min, max].
func TestRatesWithinBrian2Spread(t *testing.T) {
	data, err := os.ReadFile("golden/brian2_rates.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(data, &g))
	for _, net := range []string{"cuba", "coba", "brunel"} {
		ref, ok := g.Networks[net]
		require.True(t, ok, net)
		pops := ref.Populations
		if net == "coba" {
			// bistable: compare with the mode examples/coba.snn falls into
			// in most of Brian2's seeds (silent after the opening transient)
			pops = map[string]goldenRate{}
			for p, raw := range ref.Modes["silent"] {
				if p == "seeds" {
					continue
				}
				var r goldenRate
				require.NoError(t, json.Unmarshal(raw, &r))
				pops[p] = r
			}
		}
		ms := ref.DurationS * 1000
		res, err := dsl.Check("../examples/"+net+".snn", dsl.Options{Duration: &ms})
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
