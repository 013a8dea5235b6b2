package spinnaker

import (
	"fmt"
	"runtime"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// Options tune a compilation.
type Options struct {
	// Synapses: "auto" (default) expands every projection to count its
	// rows while the network's expected synapses are at most ExactLimit,
	// and estimates them statistically above; "exact" or "estimate" force
	// one way.
	Synapses   string
	ExactLimit float64
	// Placer: "locality" (default) or "naive".
	Placer  string
	Threads int // <= 0: GOMAXPROCS
	// Progress, when set, is told the name of each pass as it starts.
	Progress func(pass string)
}

// DefaultExactLimit is the synapse count up to which "auto" expands the
// network: the full microcircuit (3e8) expands in well under a minute on
// two cores.
const DefaultExactLimit = 5e8

// state is what the passes share.
type state struct {
	net    *ir.Network
	target *ir.Target
	m      *Machine
	opt    Options
	tick   float64 // machine time step, ms

	pt       *compiler.Partition
	stats    []compiler.SynStat
	exact    bool
	vertices []Vertex // the partition's slices first (same index), then delay cores
	targets  [][]int  // per vertex, the vertices its packets must reach
	res      []Resources
	loc      []Loc
	naive    []Loc
	keys     []compiler.Key

	trees             [][]node
	links, naiveLinks int
	tables            []Table
}

// passes is the SpiNNaker mapping, in order.
var passes = []compiler.Pass[*state]{
	{Name: "partition", Doc: "cut populations into slices of at most neurons_per_core", Run: partition},
	{Name: "synapses", Doc: "count synapses, rows and delays per slice pair (expand, or estimate)", Run: synapses},
	{Name: "delay extensions", Doc: "add a delay core to slices with delays beyond 16 ticks", Run: delayExtensions},
	{Name: "resources", Doc: "SDRAM, DTCM and ITCM per core; check each fits", Run: resources},
	{Name: "placement", Doc: "cores on chips: locality-aware, and naive for comparison", Run: place},
	{Name: "keys", Doc: "a key and mask per slice", Run: allocateKeys},
	{Name: "routing", Doc: "multicast trees around dead chips and links", Run: route},
	{Name: "tables", Doc: "routing tables, leaving straight-through hops to default routing", Run: tables},
	{Name: "compression", Doc: "minimise every table to fit the router", Run: compress},
	{Name: "verification", Doc: "walk every key through the tables", Run: verify},
}

// Passes lists the names of the passes, in order.
func Passes() []string {
	var out []string
	for _, p := range passes {
		out = append(out, p.Name)
	}
	return out
}

// Compile maps net onto the spinnaker target t. A network that does not
// fit gives a *FitError; a bad target description a plain error.
func Compile(net *ir.Network, t *ir.Target, opt Options) (*Result, error) {
	if t.Kind != "spinnaker" {
		return nil, fmt.Errorf("target %s is a %s target, not spinnaker", t.Name, t.Kind)
	}
	if opt.Threads <= 0 {
		opt.Threads = runtime.GOMAXPROCS(0)
	}
	if opt.ExactLimit == 0 {
		opt.ExactLimit = DefaultExactLimit
	}
	m, err := NewMachine(t)
	if err != nil {
		return nil, err
	}
	s := &state{net: net, target: t, m: m, opt: opt}
	s.tick = paramFloat(t, "timestep", net.DT)
	if s.tick <= 0 {
		s.tick = net.DT
	}
	timings, err := compiler.RunNotify(s, passes, opt.Progress)
	if err != nil {
		return nil, err
	}
	return s.result(timings), nil
}
