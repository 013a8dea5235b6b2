package spinnaker

import (
	"errors"
	"strings"
	"testing"

	"github.com/snn-sim/snn/ir"
)

// oneToOne is 256 Poisson sources driving 256 lif_curr_exp neurons one to
// one: the smallest network whose neuron core can be costed by hand.
//
// The neuron core exc[0:256]:
//
//	DTCM  stack and runtime                    8192
//	      neuron state 256 x 13 words x 4     13312  (9 parameters + 3 state + refractory counter)
//	      ring buffers 2 B << (4+1+8)          16384
//	      input spike buffer 256 x 4            1024
//	      DMA buffers 2 x (3+1) words x 4          32
//	      master pop table 8 + 12, address 4       24
//	      total                                38968
//	SDRAM headers 8192 + parameters 13312 + matrix 256 rows x 16 B = 4096
//	      + master pop table 20 + address list 4 = 25624
func oneToOne(over map[string]float64) (*ir.Network, *ir.Target, Options) {
	b := newNet("fit")
	b.pop("src", "poisson", 256)
	b.pop("exc", "lif_curr_exp", 256)
	b.connect("src", "exc", ir.Connector{Kind: "one_to_one"}, ir.Const(1))
	return b.net, b.target(&ir.Machine{Kind: "spin3"}, over), Options{}
}

func fitError(t *testing.T, err error, limit string, parts ...string) {
	t.Helper()
	var fe *FitError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a %s FitError", err, limit)
	}
	if fe.Limit != limit {
		t.Errorf("limit %q, want %q (%s)", fe.Limit, limit, fe.Msg)
	}
	for _, p := range parts {
		if !strings.Contains(fe.Msg, p) {
			t.Errorf("message %q lacks %q", fe.Msg, p)
		}
	}
}

func excVertex(t *testing.T, res *Result) int {
	for v, n := range res.Names {
		if n == "exc[0:256]" {
			return v
		}
	}
	t.Fatal("no exc[0:256]")
	return -1
}

func TestDTCMBoundary(t *testing.T) {
	res, err := Compile(oneToOne(map[string]float64{"dtcm": 38968}))
	if err != nil {
		t.Fatalf("38968 B of DTCM should fit exactly: %v", err)
	}
	if got := res.Res[excVertex(t, res)].DTCM.Bytes; got != 38968 {
		t.Errorf("DTCM %d, want 38968 by hand", got)
	}
	_, err = Compile(oneToOne(map[string]float64{"dtcm": 38967}))
	// 255 neurons: 8192 + 255 x 52 + 16384 + 1024 + 30 + 24 = 38914 fits.
	fitError(t, err, "DTCM", "exc[0:256] needs 39 KB DTCM; a core has 38 KB: set neurons_per_core exc = 255")
	// Far over: KB, and the fix halves the ring buffers.
	_, err = Compile(oneToOne(map[string]float64{"dtcm": 30 * 1024}))
	// n = 128: 8192 + 128 x 52 + 2 << 12 (8192) + 1024 + 2 x 8 + 24 = 24104;
	// n = 129..255 keep 16384 B of ring buffers: 8192+129x52+16384+... > 30720.
	fitError(t, err, "DTCM", "exc[0:256] needs 39 KB DTCM; a core has 30 KB: set neurons_per_core exc = 128")
}

func TestSDRAMBoundary(t *testing.T) {
	res, err := Compile(oneToOne(map[string]float64{"sdram_per_chip": sdramSystemBytes + 25624}))
	if err != nil {
		t.Fatalf("25624 B of SDRAM should fit exactly: %v", err)
	}
	v := excVertex(t, res)
	if got := res.Res[v].SDRAM.Bytes; got != 25624 {
		t.Errorf("SDRAM %d, want 25624 by hand", got)
	}
	// The source (16384 B) cannot share exc's chip: it was placed elsewhere.
	for w := range res.Vertices {
		if w != v && res.Locs[w].Chip == res.Locs[v].Chip {
			t.Errorf("%s shares the full chip of exc", res.Names[w])
		}
	}
	_, err = Compile(oneToOne(map[string]float64{"sdram_per_chip": sdramSystemBytes + 25623}))
	fitError(t, err, "SDRAM", "exc[0:256] needs 26 KB SDRAM; a chip (for applications) has 25 KB: set neurons_per_core exc = 255")
	// Recording v of every neuron for 100 steps adds 100 x (4 + 256 x 4) B.
	net, tg, _ := oneToOne(nil)
	net.Recordings = []*ir.Recording{{Target: ir.Selection{{Population: "exc", Lo: 0, Hi: 256}}, Variable: "v", Every: 1}}
	res, err = Compile(net, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Res[excVertex(t, res)].SDRAM.Bytes; got != 25624+100*(4+1024) {
		t.Errorf("SDRAM with recording %d, want %d", got, 25624+100*(4+1024))
	}
}

func TestRowLengthLimit(t *testing.T) {
	b := newNet("rows")
	b.pop("one", "lif_curr_exp", 1)
	b.pop("many", "lif_curr_exp", 256)
	// Each of the 256 post neurons draws 2 synapses from the single pre
	// neuron: a row of 512.
	b.connect("one", "many", ir.Connector{Kind: "fixed_number_pre", N: 2, Replace: true}, ir.Const(1))
	tg := b.target(&ir.Machine{Kind: "spin3"}, nil)
	_, err := Compile(b.net, tg, Options{})
	fitError(t, err, "synaptic row length", "512 synapses", "at most 256", "set neurons_per_core many = 128")
	tg.NeuronsPerCore["many"] = 128
	if _, err := Compile(b.net, tg, Options{}); err != nil {
		t.Errorf("with 128 per core (rows of 256): %v", err)
	}
}

func TestCoreLimit(t *testing.T) {
	b := newNet("big")
	b.pop("exc", "lif_curr_exp", 68*256)
	tg := b.target(&ir.Machine{Kind: "spin3"}, nil)
	if _, err := Compile(b.net, tg, Options{}); err != nil {
		t.Fatalf("68 slices on spin3's 68 application cores: %v", err)
	}
	b.net.Populations[0].Size++
	_, err := Compile(b.net, tg, Options{})
	fitError(t, err, "cores", "needs 69 cores", "spin3 has 68 working application cores")
	tg.DeadCores = [][3]int{{1, 1, 3}}
	b.net.Populations[0].Size--
	_, err = Compile(b.net, tg, Options{})
	fitError(t, err, "cores", "needs 68 cores", "spin3 has 67 working application cores")
	tg.DeadCores = nil
	tg.NeuronsPerCore["exc"] = 300
	_, err = Compile(b.net, tg, Options{})
	fitError(t, err, "neurons per core", "at most 256")
}

func TestRouterEntriesLimit(t *testing.T) {
	b := newNet("fan")
	for _, n := range []string{"a", "b", "c", "d"} {
		b.pop(n, "lif_curr_exp", 10)
	}
	b.connect("a", "c", prob(1), ir.Const(1))
	b.connect("b", "d", prob(1), ir.Const(1))
	tg := b.target(&ir.Machine{Kind: "spin3"}, map[string]float64{"router_entries": 2})
	tg.Place = []ir.Placement{{Population: "a", X: 0, Y: 0}, {Population: "b", X: 0, Y: 0}, {Population: "c", X: 1, Y: 0}, {Population: "d", X: 0, Y: 1}}
	if _, err := Compile(b.net, tg, Options{}); err != nil {
		t.Fatalf("2 entries on chip (0, 0): %v", err)
	}
	tg.Params["router_entries"] = ir.Const(1)
	_, err := Compile(b.net, tg, Options{})
	fitError(t, err, "router entries", "chip (0, 0) needs 2 routing entries", "a router has 1")
}

func delayNet(delaySteps float64, dt, timestep float64) (*ir.Network, *ir.Target) {
	b := newNet("delays")
	b.net.DT = dt
	b.pop("a", "lif_curr_exp", 100)
	b.pop("z", "lif_curr_exp", 100)
	b.connect("a", "z", prob(0.2), ir.Const(delaySteps))
	tg := b.target(&ir.Machine{Kind: "spin3"}, map[string]float64{"timestep": timestep})
	return b.net, tg
}

func TestDelayExtensions(t *testing.T) {
	for _, c := range []struct {
		steps, dt, timestep float64
		stages              int // 0: no delay core
	}{
		{1, 1, 1, 0},
		{16, 1, 1, 0},
		{17, 1, 1, 1},
		{32, 1, 1, 1},
		{33, 1, 1, 2},
		{144, 1, 1, 8},
		{90, 0.1, 0.1, 5},  // the microcircuit's longest delay, 9 ms at 0.1 ms
		{90, 0.1, 1, 0},    // the same delay is 9 ticks of a 1 ms machine step
		{200, 0.1, 1.0, 1}, // 20 ms = 20 ticks
	} {
		net, tg := delayNet(c.steps, c.dt, c.timestep)
		res, err := Compile(net, tg, Options{})
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		stages := 0
		for _, v := range res.Vertices {
			if v.Kind == DelayVertex {
				if v.Pop != 0 || v.Lo != 0 || v.Hi != 100 {
					t.Errorf("%+v: delay core for %d[%d:%d], want a[0:100]", c, v.Pop, v.Lo, v.Hi)
				}
				stages = v.Stages
			}
		}
		if stages != c.stages {
			t.Errorf("%+v: %d delay stages, want %d", c, stages, c.stages)
		}
		// Packets of a go to the delay core only, which feeds z.
		if c.stages > 0 {
			exp := expectedCores(t, net, res, c.timestep)
			checkRoutes(t, tg, res, exp)
			a := 0
			if len(res.Targets[a]) != 1 || res.Vertices[res.Targets[a][0]].Kind != DelayVertex {
				t.Errorf("%+v: a sends to %v, want its delay core alone", c, res.Targets[a])
			}
		}
	}
	net, tg := delayNet(145, 1, 1)
	_, err := Compile(net, tg, Options{})
	fitError(t, err, "delay", "delay of 145 ticks", "at most 144 ticks")
}

// TestEstimateMatchesExact: on a random network, the statistical synapse
// estimate is close to the exact count, and its rows are no shorter.
func TestEstimateMatchesExact(t *testing.T) {
	b := newNet("est")
	b.pop("a", "lif_curr_exp", 1000)
	b.pop("z", "lif_curr_exp", 800)
	b.connect("a", "z", prob(0.1), uniformDelay(1, 40))
	b.connect("z", "a", ir.Connector{Kind: "fixed_number_pre", N: 50}, ir.Const(3))
	tg := b.target(&ir.Machine{Kind: "spin5"}, nil)
	ex, err := Compile(b.net, tg, Options{Synapses: "exact"})
	if err != nil {
		t.Fatal(err)
	}
	es, err := Compile(b.net, tg, Options{Synapses: "estimate"})
	if err != nil {
		t.Fatal(err)
	}
	if !ex.SynapsesExact || es.SynapsesExact {
		t.Error("exactness flags wrong")
	}
	if d := es.Synapses/ex.Synapses - 1; d > 0.01 || d < -0.01 {
		t.Errorf("estimated %.0f synapses, exact %.0f", es.Synapses, ex.Synapses)
	}
	if len(es.Vertices) != len(ex.Vertices) {
		t.Errorf("estimate made %d cores, exact %d", len(es.Vertices), len(ex.Vertices))
	}
	for v := range ex.Vertices {
		e, x := es.Res[v].SDRAM.Bytes, ex.Res[v].SDRAM.Bytes
		if e < x || float64(e) > 1.5*float64(x) {
			t.Errorf("%s: estimated SDRAM %d, exact %d", ex.Names[v], e, x)
		}
	}
}
