package spinnaker

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// The route checker below is independent of the routing code: it derives
// what every core must receive from the expanded synapses themselves, and
// walks every spike key of every slice through the loaded tables with the
// router's rules written out again (first match wins; no match from a
// link: straight on; no match from a local core: dropped).

type coreAt struct{ chip, core int }

// vertexOf finds the neuron or source vertex holding neuron i of population p.
func vertexOf(res *Result, p, i int) int {
	for v, x := range res.Vertices {
		if x.Kind != DelayVertex && x.Pop == p && x.Lo <= i && i < x.Hi {
			return v
		}
	}
	panic(fmt.Sprintf("no vertex holds neuron %d of population %d", i, p))
}

func delayVertexOf(res *Result, v int) int {
	for d, x := range res.Vertices {
		if x.Kind == DelayVertex && x.Pop == res.Vertices[v].Pop && x.Lo == res.Vertices[v].Lo {
			return d
		}
	}
	return -1
}

// expectedCores expands every projection and lists, per vertex, the cores
// its packets must reach: the cores of the post neurons of its synapses
// with delays up to 16 ticks, its delay core if it has longer ones, and
// for a delay core the cores of the post neurons of those longer ones.
func expectedCores(t *testing.T, net *ir.Network, res *Result, tick float64) []map[coreAt]bool {
	exp := make([]map[coreAt]bool, len(res.Vertices))
	for v := range exp {
		exp[v] = map[coreAt]bool{}
	}
	popIdx := func(name string) int {
		for i, p := range net.Populations {
			if p.Name == name {
				return i
			}
		}
		t.Fatalf("no population %s", name)
		return -1
	}
	for _, p := range net.Projections {
		csr, err := net.Expand(p, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := range csr.Pre {
			part, ni := p.Pre.Locate(i)
			pv := vertexOf(res, popIdx(p.Pre[part].Population), ni)
			for k := csr.RowPtr[i]; k < csr.RowPtr[i+1]; k++ {
				j := int(csr.Targets[k])
				qpart, nj := p.Post.Locate(j)
				qv := vertexOf(res, popIdx(p.Post[qpart].Population), nj)
				at := coreAt{res.Locs[qv].Chip, res.Locs[qv].Core}
				ticks := int(float64(csr.Delay(k))*net.DT/tick + 0.5)
				if ticks <= 16 {
					exp[pv][at] = true
					continue
				}
				d := delayVertexOf(res, pv)
				if d < 0 {
					t.Fatalf("%s has a %d-tick synapse but no delay core", res.Names[pv], ticks)
				}
				exp[pv][coreAt{res.Locs[d].Chip, res.Locs[d].Core}] = true
				exp[d][at] = true
			}
		}
	}
	return exp
}

// keysOf lists every key vertex v sends.
func keysOf(res *Result, v int) []uint32 {
	x := &res.Vertices[v]
	k := res.Keys[v].Key
	var out []uint32
	if x.Kind == DelayVertex {
		bits := compiler.Bits(x.Size())
		for s := 1; s <= x.Stages; s++ {
			for a := range x.Size() {
				out = append(out, k|uint32(s-1)<<bits|uint32(a))
			}
		}
		return out
	}
	for a := range x.Size() {
		out = append(out, k|uint32(a))
	}
	return out
}

func routerLookup(table []compiler.Entry, key uint32) (uint32, bool) {
	for _, e := range table {
		if key&e.Mask == e.Key {
			return e.Route, true
		}
	}
	return 0, false
}

// deadLink reports whether the target declares link l of chip (x, y), or
// its other end, dead.
func deadLink(tg *ir.Target, m *Machine, c, l int) bool {
	ch := &m.Chips[c]
	for _, d := range tg.DeadLinks {
		if d == [3]int{ch.X, ch.Y, l} {
			return true
		}
		if n := ch.Neighbour[l]; n >= 0 {
			o := &m.Chips[n]
			if d == [3]int{o.X, o.Y, (l + 3) % 6} {
				return true
			}
		}
	}
	return false
}

// checkRoutes walks every key of every vertex and compares the cores it
// reaches with exp.
func checkRoutes(t fataler, tg *ir.Target, res *Result, exp []map[coreAt]bool) {
	t.Helper()
	m := res.Machine
	for v := range res.Vertices {
		for _, key := range keysOf(res, v) {
			got := map[coreAt]int{}
			seen := map[int]bool{}
			var walk func(chip, in int) error
			walk = func(chip, in int) error {
				if seen[chip] {
					return fmt.Errorf("reaches chip %d twice", chip)
				}
				seen[chip] = true
				r, ok := routerLookup(res.Tables[chip].Compressed, key)
				if !ok {
					if in < 0 {
						return nil // dropped
					}
					r = 1 << ((in + 3) % 6)
				}
				for p := 0; p < 18; p++ {
					if r&(1<<(6+p)) != 0 {
						got[coreAt{chip, p}]++
					}
				}
				for l := range 6 {
					if r&(1<<l) == 0 {
						continue
					}
					if deadLink(tg, m, chip, l) || m.Chips[chip].Neighbour[l] < 0 {
						return fmt.Errorf("leaves chip (%d, %d) on dead or missing link %d", m.Chips[chip].X, m.Chips[chip].Y, l)
					}
					if err := walk(int(m.Chips[chip].Neighbour[l]), (l+3)%6); err != nil {
						return err
					}
				}
				return nil
			}
			if err := walk(res.Locs[v].Chip, -1); err != nil {
				t.Fatalf("key %#x of %s: %v", key, res.Names[v], err)
			}
			for at, n := range got {
				if n != 1 || !exp[v][at] {
					t.Fatalf("key %#x of %s reaches chip %d core %d %d times; expected: %v", key, res.Names[v], at.chip, at.core, n, exp[v][at])
				}
			}
			for at := range exp[v] {
				if got[at] == 0 {
					t.Fatalf("key %#x of %s misses chip %d core %d", key, res.Names[v], at.chip, at.core)
				}
			}
		}
	}
}

// checkCompression compares the compressed and generated tables of every
// chip on every key in use, and the sizes against the router.
func checkCompression(t *testing.T, res *Result) {
	t.Helper()
	var keys []uint32
	for v := range res.Vertices {
		keys = append(keys, keysOf(res, v)...)
	}
	for _, tb := range res.Tables {
		if len(tb.Compressed) > res.Machine.RouterEntries {
			t.Fatalf("chip %d: %d entries > %d", tb.Chip, len(tb.Compressed), res.Machine.RouterEntries)
		}
		if len(tb.Compressed) > len(tb.Entries) {
			t.Fatalf("chip %d: compression grew the table %d -> %d", tb.Chip, len(tb.Entries), len(tb.Compressed))
		}
		for _, k := range keys {
			r0, ok0 := routerLookup(tb.Entries, k)
			r1, ok1 := routerLookup(tb.Compressed, k)
			if r0 != r1 || ok0 != ok1 {
				t.Fatalf("chip %d key %#x: generated table gives (%#x, %v), compressed (%#x, %v)", tb.Chip, k, r0, ok0, r1, ok1)
			}
		}
	}
}

// randomCase makes a random network and a random faulty machine.
func randomCase(r *rand.Rand) (*ir.Network, *ir.Target) {
	b := newNet("random")
	npop := 2 + r.IntN(4)
	for k := range npop {
		model := "lif_curr_exp"
		if k == 0 && r.IntN(2) == 0 {
			model = "poisson"
		}
		b.pop(fmt.Sprintf("p%d", k), model, 10+r.IntN(200))
	}
	for range 2 + r.IntN(7) {
		pre := b.net.Populations[r.IntN(npop)].Name
		post := b.net.Populations[1+r.IntN(npop-1)].Name
		var d ir.Value
		switch r.IntN(3) {
		case 0:
			d = ir.Const(float64(1 + r.IntN(16)))
		case 1:
			d = ir.Const(float64(1 + r.IntN(MaxDelayTicks)))
		default:
			d = uniformDelay(1, float64(2+r.IntN(80)))
		}
		b.connect(pre, post, prob(0.01+0.2*r.Float64()), d)
	}
	machines := []*ir.Machine{{Kind: "spin3"}, {Kind: "spin5"}, {Kind: "boards", W: 1, H: 1}, {Kind: "boards", W: 2, H: 1}, {Kind: "boards", W: 1, H: 2}}
	mc := machines[r.IntN(len(machines))]
	tg := b.target(mc, nil)
	for _, p := range b.net.Populations {
		if r.IntN(2) == 0 {
			tg.NeuronsPerCore[p.Name] = 8 + r.IntN(60)
		}
	}
	full, _ := NewMachine(tg)
	for range r.IntN(10) {
		c := full.Chips[r.IntN(len(full.Chips))]
		tg.DeadLinks = append(tg.DeadLinks, [3]int{c.X, c.Y, r.IntN(6)})
	}
	if len(full.Chips) > 4 {
		for range r.IntN(3) {
			c := full.Chips[r.IntN(len(full.Chips))]
			tg.DeadChips = append(tg.DeadChips, [2]int{c.X, c.Y})
		}
	}
	// Slices spread over chips when a chip holds few cores.
	cores := 18
	if r.IntN(2) == 0 {
		cores = 3 + r.IntN(4)
		tg.Params["cores_per_chip"] = ir.Const(float64(cores))
	}
	for range r.IntN(5) {
		c := full.Chips[r.IntN(len(full.Chips))]
		tg.DeadCores = append(tg.DeadCores, [3]int{c.X, c.Y, 1 + r.IntN(cores-1)})
	}
	return b.net, tg
}

// TestRouteCheckerRandom: random networks on random machines with dead
// chips, cores and links; every key of every slice reaches exactly the
// cores of its targets, once, without loops, and compression changes no
// route.
func TestRouteCheckerRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	ok, delayed, defaults, dead := 0, 0, 0, 0
	for trial := range 60 {
		net, tg := randomCase(r)
		res, err := Compile(net, tg, Options{Threads: 2})
		if err != nil {
			var fe *FitError
			if !errors.As(err, &fe) || (fe.Limit != "cores" && fe.Limit != "routing" && fe.Limit != "SDRAM") {
				t.Fatalf("trial %d: unexpected error: %v", trial, err)
			}
			continue
		}
		ok++
		exp := expectedCores(t, net, res, 1)
		checkRoutes(t, tg, res, exp)
		checkCompression(t, res)
		for _, x := range res.Vertices {
			if x.Kind == DelayVertex {
				delayed++
				break
			}
		}
		for _, tb := range res.Tables {
			defaults += len(tb.Default)
		}
		if len(tg.DeadLinks)+len(tg.DeadChips) > 0 {
			dead++
		}
	}
	t.Logf("compiled %d of 60 cases; %d with delay cores, %d with faults, %d default-routed hops", ok, delayed, dead, defaults)
	// The test means something only if the cases exercised the features.
	if ok < 40 || delayed < 10 || defaults == 0 || dead < 10 {
		t.Errorf("compiled %d of 60 cases; %d with delay cores, %d with faults, %d default-routed hops", ok, delayed, dead, defaults)
	}
}

// TestRouteCheckerCatchesBadTable: the checker itself fails on a broken
// table (an honest test of the test).
func TestRouteCheckerCatchesBadTable(t *testing.T) {
	b := newNet("two")
	b.pop("a", "lif_curr_exp", 50)
	b.pop("b", "lif_curr_exp", 50)
	b.connect("a", "b", prob(0.5), ir.Const(1))
	tg := b.target(&ir.Machine{Kind: "spin5"}, map[string]float64{"cores_per_chip": 2})
	res, err := Compile(b.net, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := expectedCores(t, b.net, res, 1)
	checkRoutes(t, tg, res, exp)
	// Drop the target core from the last chip's entry.
	for c := range res.Tables {
		tb := &res.Tables[c]
		for k := range tb.Compressed {
			if tb.Compressed[k].Route>>6 != 0 {
				tb.Compressed[k].Route &= 0x3F
				ft := &fakeT{}
				func() {
					defer func() { recover() }()
					checkRoutes(ft, tg, res, exp)
				}()
				if !ft.failed {
					t.Fatal("the checker missed a table that delivers to no core")
				}
				return
			}
		}
	}
	t.Fatal("no entry delivers to a core")
}

// fataler is the part of testing.T the checker uses.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// fakeT stands in for testing.T so the checker's failure can be observed.
type fakeT struct{ failed bool }

func (f *fakeT) Fatalf(string, ...any) { f.failed = true; panic("fatal") }
func (f *fakeT) Helper()               {}
