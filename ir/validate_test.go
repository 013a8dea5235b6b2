package ir

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fullNetwork uses every kind of Value and every kind of object.
func fullNetwork() *Network {
	exc := newPop("exc", "lif_curr_exp", 100)
	exc.Params["tau_m"] = dist("normal_clipped", 20, 2, 10, 30)
	exc.Params["cm"] = Value{Kind: KindArray, Xs: make([]float64, 100)}
	for k := range 100 {
		exc.Params["cm"].Xs[k] = 1 + float64(k)/100
	}
	exc.Params["i_offset"] = Value{Kind: KindExpr, Expr: &Expr{Op: "*", Args: []*Expr{{Op: "const", X: 0.01}, vr("i")}}}
	exc.State["v"] = dist("uniform", -65, -55)
	exc.Layout = &Layout{Kind: "grid", Shape: [3]int{10, 10, 1}, Spacing: 1}
	inh := newPop("inh", "lif_discrete", 25)
	inh.Params["decay"] = Value{Kind: KindDist, Dist: &Distribution{Name: "choice", Choices: []float64{0.8, 0.9}, P: []float64{0.25, 0.75}}}
	inh.Params["reset"] = Value{Kind: KindString, S: "subtract"}
	inh.Layout = &Layout{Kind: "random", Box: [3]float64{10, 10, 1}}
	src := newPop("src", "poisson", 20)
	src.Params["rate"] = dist("lognormal", 1, 0.5, 5)
	times := newPop("times", "spike_array", 2)
	times.Params, times.State = map[string]Value{}, nil
	times.SpikeTimes = [][]float64{{1, 5}, {2}}
	n := newNet(9, exc, inh, src, times)
	n.Description = "every kind of value"

	p1 := newProj("ee", all(exc), all(exc), Connector{Kind: "fixed_probability", P: 0.1,
		Condition: cmp("<", vr("d"), &Expr{Op: "const", X: 3})})
	p1.Weight = dist("gamma", 2, 0.05)
	p1.Delay = Value{Kind: KindExpr, Expr: &Expr{Op: "+", Args: []*Expr{{Op: "const", X: 10}, vr("d")}}}
	p1.Synapse = Synapse{Name: "plastic", Model: "stdp", STDP: &STDP{Timing: "spike_pair", TauPlus: 20, TauMinus: 20,
		APlus: 0.01, AMinus: 0.012, WeightRule: "additive", WMin: 0, WMax: 1}}
	p2 := newProj("se", all(src), Selection{{Population: "exc", Lo: 0, Hi: 50}, {Population: "inh", Lo: 5, Hi: 25}},
		Connector{Kind: "from_list", Pairs: []int32{0, 1, 3, 2, 19, 69}, Source: "conn.csv"})
	p2.Weight = Value{Kind: KindArray, Xs: []float64{0.1, 0.2, 0.3}}
	p2.Delay = Value{Kind: KindArray, Xs: []float64{1, 2, 3}}
	p3 := newProj("ie", all(inh), all(exc), Connector{Kind: "distance", PExpr: &Expr{Op: "call", Func: "exp",
		Args: []*Expr{{Op: "neg", Args: []*Expr{vr("d")}}}}})
	p3.Receptor = "inh"
	p3.Weight = dist("exponential", 0.2)
	p3.Delay = dist("normal_clipped", 5, 1, 1, 10)
	p3.Synapse = Synapse{Model: "tsodyks_markram", TM: &TsodyksMarkram{U: 0.5, TauRec: 100}}
	p4 := newProj("tt", all(times), all(exc), Connector{Kind: "fixed_total", N: 30, Replace: true})
	p4.Weight = dist("normal", 1, 0.1)
	n.Projections = []*Projection{p1, p2, p3, p4}
	n.Currents = []*Current{
		{Name: "bias", Target: Selection{{Population: "exc", Lo: 0, Hi: 10}}, Kind: "dc", Amplitude: 0.5, Stop: 100},
		{Name: "steps", Target: all(exc), Kind: "step", Times: []float64{10, 20}, Amplitudes: []float64{0.1, 0}},
	}
	n.Recordings = []*Recording{
		{Target: all(exc), Variable: "v", Every: 10},
		{Target: all(inh), Variable: "spikes", Every: 1},
		{Projection: "ee", Variable: "weight", Every: 100},
	}
	n.Targets = []*Target{{Name: "board", Kind: "reram", Params: map[string]Value{
		"array":    {Kind: KindShape, Xs: []float64{256, 256}},
		"cell":     {Kind: KindString, S: "1T1R"},
		"g_formed": dist("normal", 12.3, 1.8),
		"arrays":   Const(2),
	}, NeuronsPerCore: map[string]int{"exc": 64}}}
	n.Tasks = []*Task{{Name: "cls", Kind: "classify", Input: "src",
		Train:    &Dataset{Source: "idx_images", Path: "/data", Split: "train", Encoders: []Encoder{{Kind: "poisson_rate", Params: map[string]float64{"max_rate": 100}}}},
		Test:     &Dataset{Source: "idx_images", Path: "/data", Split: "test"},
		Features: []Feature{{Population: "exc", Variable: "spikes"}}, Bins: 4, Readout: Readout{Kind: "ridge", Lambda: 1000}}}
	return n
}

func TestJSONRoundTrip(t *testing.T) {
	n := fullNetwork()
	require.NoError(t, n.Validate())
	b, err := json.Marshal(n)
	require.NoError(t, err)
	var back Network
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, n, &back)
	// The loaded network expands to the same synapses.
	for _, p := range n.Projections {
		require.Equal(t, expand(t, n, p, 1), expand(t, &back, back.Projection(p.Name), 2), p.Name)
	}
}

func TestValidateCatchesCorruption(t *testing.T) {
	cases := []struct {
		name    string
		corrupt func(n *Network)
		want    string
	}{
		{"version", func(n *Network) { n.IRVersion = 99 }, "ir_version is 99"},
		{"dt", func(n *Network) { n.DT = 0 }, "dt = 0 ms"},
		{"duration", func(n *Network) { n.Duration = 0.01 }, "shorter than dt"},
		{"model", func(n *Network) { n.Populations[0].Model = "hh" }, `population "exc": unknown model "hh"`},
		{"missing param", func(n *Network) { delete(n.Populations[0].Params, "tau_m") }, "parameter tau_m is missing"},
		{"unknown param", func(n *Network) { n.Populations[0].Params["tau_x"] = Const(1) }, "has no parameter tau_x"},
		{"NaN", func(n *Network) { n.Populations[0].Params["v_rest"] = Const(math.NaN()) }, "v_rest = NaN"},
		{"array length", func(n *Network) { n.Populations[0].Params["cm"] = Value{Kind: KindArray, Xs: []float64{1}} }, "1 values for 100 elements"},
		{"word", func(n *Network) { n.Populations[1].Params["reset"] = Value{Kind: KindString, S: "half"} }, "reset must be one of"},
		{"bad dist", func(n *Network) { n.Populations[0].State["v"] = dist("uniform", 1) }, "uniform takes 2 parameters"},
		{"clipped window", func(n *Network) { n.Populations[0].State["v"] = dist("normal_clipped", 0, 1, 10, 20) }, "lies inside [lo, hi]"},
		{"choice", func(n *Network) { n.Populations[1].Params["decay"].Dist.P[0] = 0.5 }, "add up to 1.25"},
		{"size", func(n *Network) { n.Populations[2].Size = 0 }, `population "src": size 0`},
		{"spike times", func(n *Network) { n.Populations[3].SpikeTimes[0] = []float64{5, 1} }, "not finite, non-negative and sorted"},
		{"selection", func(n *Network) { n.Projections[1].Post[1].Hi = 26 }, "inh[5:26] is empty or outside"},
		{"unknown population", func(n *Network) { n.Projections[0].Pre[0].Population = "nope" }, `unknown population "nope"`},
		{"probability", func(n *Network) { n.Projections[0].Connector.P = 1.5 }, "p = 1.5 is not a probability"},
		{"n", func(n *Network) { n.Projections[3].Connector.N = -1 }, "n = -1 is negative"},
		{"expr", func(n *Network) { n.Projections[0].Connector.Condition = &Expr{Op: "call", Func: "sin"} }, `unknown function "sin"`},
		{"connector", func(n *Network) { n.Projections[0].Connector.Kind = "small_world" }, `unknown connector "small_world"`},
		{"pairs", func(n *Network) { n.Projections[1].Connector.Pairs[5] = 70 }, "pair 2 (19, 70) is outside 20 x 70"},
		{"negative weight", func(n *Network) { n.Projections[2].Weight = Const(-0.1) }, "use receptor = inh"},
		{"delay", func(n *Network) { n.Projections[1].Delay.Xs[0] = 0.3 }, "delay 0.3 steps rounds to 0"},
		{"array connector", func(n *Network) { n.Projections[0].Weight = Value{Kind: KindArray, Xs: []float64{1}} }, "arrays need a connector with a fixed order"},
		{"duplicate", func(n *Network) { n.Projections[1].Name = "ee" }, `projection "ee": name already used by a projection`},
		{"receptor", func(n *Network) { n.Projections[0].Receptor = "mod" }, `receptor "mod"`},
		{"source post", func(n *Network) { n.Projections[0].Post = all(n.Populations[2]) }, "is a spike source"},
		{"d without layout", func(n *Network) { n.Populations[0].Layout = nil }, `d needs a layout, and population "exc" has none`},
		{"stdp", func(n *Network) { n.Projections[0].Synapse.STDP.WeightRule = "hebb" }, `weight rule "hebb"`},
		{"recording variable", func(n *Network) { n.Recordings[0].Variable = "w" }, `has no variable "w"`},
		{"recording plastic", func(n *Network) { n.Recordings[2].Projection = "ie" }, `projection "ie" is not plastic`},
		{"recording every", func(n *Network) { n.Recordings[1].Every = 0 }, "every = 0 steps"},
		{"current", func(n *Network) { n.Currents[1].Amplitudes = nil }, "step has 2 times and 0 amplitudes"},
		{"target kind", func(n *Network) { n.Targets[0].Kind = "loihi" }, `unknown target kind "loihi"`},
		{"target param", func(n *Network) { n.Targets[0].Params["cores"] = Const(1) }, "reram has no parameter cores"},
		{"task", func(n *Network) { n.Tasks[0].Input = "retina" }, `input: no population "retina"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := fullNetwork()
			c.corrupt(n)
			err := n.Validate()
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
	// All problems are reported, one per line.
	n := fullNetwork()
	n.DT = -1
	n.Populations[0].Model = "hh"
	n.Projections[0].Connector.P = 2
	err := n.Validate()
	require.Error(t, err)
	require.GreaterOrEqual(t, len(strings.Split(err.Error(), "\n")), 3)
}
