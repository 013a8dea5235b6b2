package spinnaker

import (
	"fmt"
	"maps"

	"github.com/snn-sim/snn/ir"
)

// netBuilder assembles small networks directly in IR for the tests.
type netBuilder struct{ net *ir.Network }

func newNet(name string) *netBuilder {
	return &netBuilder{net: &ir.Network{IRVersion: ir.Version, Name: name, DT: 1, Duration: 100, Seed: 7}}
}

// pop adds a population of a model with its default parameters.
func (b *netBuilder) pop(name, model string, size int) *ir.Population {
	spec := ir.Models[model]
	p := &ir.Population{Name: name, Model: model, Size: size, Params: map[string]ir.Value{}, State: map[string]ir.Value{}}
	for _, ps := range spec.Params {
		p.Params[ps.Name] = ps.Default
	}
	for _, ps := range spec.State {
		p.State[ps.Name] = ps.Default
	}
	if model == "poisson" {
		p.Params["rate"] = ir.Const(10)
		p.Params["stop"] = ir.Const(b.net.Duration)
	}
	b.net.Populations = append(b.net.Populations, p)
	return p
}

// connect adds a projection; delay is in network steps.
func (b *netBuilder) connect(pre, post string, c ir.Connector, delay ir.Value) *ir.Projection {
	sel := func(name string) ir.Selection {
		return ir.Selection{{Population: name, Lo: 0, Hi: b.net.Population(name).Size}}
	}
	p := &ir.Projection{
		Name: fmt.Sprintf("p%d_%s_%s", len(b.net.Projections), pre, post),
		Pre:  sel(pre), Post: sel(post), Connector: c,
		Weight: ir.Const(0.1), Delay: delay, Receptor: "exc", Synapse: ir.Synapse{Model: "static"},
	}
	b.net.Projections = append(b.net.Projections, p)
	return p
}

// target adds a spinnaker target with the catalogue's defaults, and
// overrides.
func (b *netBuilder) target(machine *ir.Machine, over map[string]float64) *ir.Target {
	t := &ir.Target{Name: "spin", Kind: "spinnaker", Params: map[string]ir.Value{}, Machine: machine, NeuronsPerCore: map[string]int{}}
	for _, ps := range ir.TargetKinds["spinnaker"] {
		t.Params[ps.Name] = ps.Default
	}
	t.Params["timestep"] = ir.Const(b.net.DT)
	for k, v := range maps.All(over) {
		t.Params[k] = ir.Const(v)
	}
	b.net.Targets = append(b.net.Targets, t)
	return t
}

func prob(p float64) ir.Connector { return ir.Connector{Kind: "fixed_probability", P: p} }

func uniformDelay(lo, hi float64) ir.Value {
	return ir.Value{Kind: ir.KindDist, Dist: &ir.Distribution{Name: "uniform", Params: []float64{lo, hi}}}
}
