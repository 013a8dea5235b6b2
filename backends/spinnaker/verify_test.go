package spinnaker

import (
	"errors"
	"testing"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// mapUpTo runs the passes before verification and returns the state.
func mapUpTo(t *testing.T, net *ir.Network, tg *ir.Target) *state {
	t.Helper()
	m, err := NewMachine(tg)
	if err != nil {
		t.Fatal(err)
	}
	s := &state{net: net, target: tg, m: m, opt: Options{Threads: 1, ExactLimit: DefaultExactLimit}, tick: net.DT}
	if _, err := compiler.Run(s, passes[:len(passes)-1]); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestVerifyCatches: the verification pass rejects a table that loses a
// target, one that delivers to a wrong core, and one that sends a packet
// round a loop.
func TestVerifyCatches(t *testing.T) {
	build := func() *state {
		b := newNet("v")
		b.pop("a", "lif_curr_exp", 20)
		b.pop("z", "lif_curr_exp", 20)
		b.connect("a", "z", prob(0.5), ir.Const(1))
		tg := b.target(&ir.Machine{Kind: "spin5"}, nil)
		tg.Place = []ir.Placement{{Population: "a", X: 0, Y: 0}, {Population: "z", X: 2, Y: 0}}
		return mapUpTo(t, b.net, tg)
	}
	s := build()
	if err := verify(s); err != nil {
		t.Fatalf("a correct mapping fails: %v", err)
	}
	a := 0
	src := s.loc[a].Chip
	for name, corrupt := range map[string]func(s *state){
		"lost target": func(s *state) { s.tables[s.loc[1].Chip].Compressed = nil },
		"extra core": func(s *state) {
			tb := &s.tables[src]
			tb.Compressed[0].Route |= 1 << (coreShift + 9)
		},
		"loop": func(s *state) {
			// (0,0) E -> (1,0); make (1,0) send it back W.
			mid := s.m.ChipAt(1, 0)
			s.tables[mid].Compressed = []compiler.Entry{{Key: s.keys[a].Key, Mask: s.keys[a].Mask, Route: 1 << 3}}
		},
	} {
		s := build()
		corrupt(s)
		var ve *VerifyError
		if err := verify(s); !errors.As(err, &ve) {
			t.Errorf("%s: verify gives %v", name, err)
		}
	}
}

// TestLocalityBeatsNaive: a chain of populations, each feeding the next,
// needs fewer links when connected slices sit together than in creation
// order, where every slice's delay core is far away.
func TestLocalityBeatsNaive(t *testing.T) {
	b := newNet("chain")
	for k := range 8 {
		b.pop(string(rune('a'+k)), "lif_curr_exp", 512)
	}
	for k := range 7 {
		b.connect(string(rune('a'+k)), string(rune('a'+k+1)), prob(0.05), uniformDelay(1, 30))
	}
	tg := b.target(&ir.Machine{Kind: "spin5"}, map[string]float64{"cores_per_chip": 5})
	res, err := Compile(b.net, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Links >= res.NaiveLinks {
		t.Errorf("locality placer: %d links, naive: %d", res.Links, res.NaiveLinks)
	}
	t.Logf("locality %d links, naive %d", res.Links, res.NaiveLinks)
	naive, err := Compile(b.net, tg, Options{Placer: "naive"})
	if err != nil {
		t.Fatal(err)
	}
	if naive.Links != res.NaiveLinks {
		t.Errorf("naive placer alone: %d links, as comparison: %d", naive.Links, res.NaiveLinks)
	}
	checkRoutes(t, tg, naive, expectedCores(t, b.net, naive, 1))
}
