package compiler

import (
	"math/rand/v2"
	"testing"
)

// randomSpace allocates keys for random groups and returns every block.
func randomSpace(t *testing.T, r *rand.Rand) []Block {
	var groups []KeyGroup
	for g := range 1 + r.IntN(12) {
		kg := KeyGroup{Name: string(rune('a' + g))}
		for range 1 + r.IntN(20) {
			kg.Atoms = append(kg.Atoms, 1+r.IntN(300))
		}
		groups = append(groups, kg)
	}
	keys, err := AllocateKeys(groups)
	if err != nil {
		t.Fatal(err)
	}
	var bs []Block
	for _, ks := range keys {
		for _, k := range ks {
			bs = append(bs, Block{Key: k.Key, Mask: k.Mask})
		}
	}
	sortBlocks(bs)
	return bs
}

func sortBlocks(bs []Block) {
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && bs[j].Key < bs[j-1].Key; j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
}

// firstMatch is the router's rule, written out again for the test.
func firstMatch(table []Entry, k uint32) (uint32, bool) {
	for _, e := range table {
		if k&e.Mask == e.Key {
			return e.Route, true
		}
	}
	return 0, false
}

// TestCompressEquivalent: on random key spaces and random tables (some
// blocks routed here, some default-routed or absent), every key of every
// block in use gets the same route, or none, before and after.
func TestCompressEquivalent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shrunk := 0
	for trial := range 300 {
		blocks := randomSpace(t, r)
		nroutes := 1 + r.IntN(4)
		var entries []Entry
		for _, b := range blocks {
			if r.Float64() < 0.7 {
				entries = append(entries, Entry{Key: b.Key, Mask: b.Mask, Route: uint32(1 + r.IntN(nroutes))})
			}
		}
		r.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		out := Compress(entries, blocks)
		if len(out) > len(entries) {
			t.Fatalf("trial %d: compression grew the table %d -> %d", trial, len(entries), len(out))
		}
		if len(out) < len(entries) {
			shrunk++
		}
		for _, b := range blocks {
			size := ^b.Mask + 1
			for a := uint32(0); a < size; a += 1 + uint32(r.IntN(7)) {
				k := b.Key | a
				r0, ok0 := firstMatch(entries, k)
				r1, ok1 := firstMatch(out, k)
				if ok0 != ok1 || r0 != r1 {
					t.Fatalf("trial %d: key %#x routes (%d, %v) before and (%d, %v) after compression", trial, k, r0, ok0, r1, ok1)
				}
			}
		}
	}
	if shrunk < 100 {
		t.Errorf("compression shrank only %d of 300 random tables", shrunk)
	}
}

// TestCompressMergesPopulation: the slices of one population with the
// same route become a single entry.
func TestCompressMergesPopulation(t *testing.T) {
	keys, err := AllocateKeys([]KeyGroup{{Name: "exc", Atoms: []int{256, 256, 256, 256, 256, 256, 256, 200}}, {Name: "inh", Atoms: []int{256, 100}}})
	if err != nil {
		t.Fatal(err)
	}
	var blocks []Block
	var entries []Entry
	for _, k := range keys[0] {
		blocks = append(blocks, Block{k.Key, k.Mask})
		entries = append(entries, Entry{Key: k.Key, Mask: k.Mask, Route: 7})
	}
	for _, k := range keys[1] {
		blocks = append(blocks, Block{k.Key, k.Mask})
		entries = append(entries, Entry{Key: k.Key, Mask: k.Mask, Route: 9})
	}
	sortBlocks(blocks)
	out := Compress(entries, blocks)
	if len(out) != 2 {
		t.Fatalf("got %d entries, want 2 (one per population): %v", len(out), out)
	}
	// Make one inh slice default-routed here: its entry goes, and exc's
	// merged entry must not swallow it.
	out = Compress(entries[:len(entries)-1], blocks)
	for _, e := range out {
		if e.Matches(keys[1][1].Key) {
			t.Fatalf("entry %+v catches the default-routed block", e)
		}
	}
}

func TestAllocateKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		blocks := randomSpace(t, r)
		for i := 1; i < len(blocks); i++ {
			a, b := blocks[i-1], blocks[i]
			if a.Key|^a.Mask >= b.Key {
				t.Fatalf("blocks %#x/%#x and %#x/%#x overlap", a.Key, a.Mask, b.Key, b.Mask)
			}
		}
		for _, b := range blocks {
			if b.Key&^b.Mask != 0 {
				t.Fatalf("block %#x/%#x is not aligned", b.Key, b.Mask)
			}
		}
	}
	ks, err := AllocateKeys([]KeyGroup{{Name: "p", Atoms: []int{256, 256, 10}}})
	if err != nil {
		t.Fatal(err)
	}
	if ks[0][1].Key != 256 || ks[0][2].Key != 512 || ks[0][0].Mask != 0xFFFFFF00 {
		t.Errorf("keys %v: want slices at 0, 256, 512 with mask 0xFFFFFF00", ks[0])
	}
	if _, err := AllocateKeys([]KeyGroup{{Name: "huge", Atoms: make([]int, 1<<20)}, {Name: "big", Atoms: []int{1 << 20}}}); err != nil {
		t.Errorf("2^20 one-key slices and one 2^20 slice fit in 32 bits: %v", err)
	}
	if _, err := AllocateKeys([]KeyGroup{{Name: "huge", Atoms: []int{1 << 31, 1 << 31, 1 << 31}}}); err == nil {
		t.Error("3 x 2^31 keys should not fit")
	}
}

func TestBits(t *testing.T) {
	for n, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 2, 4: 2, 5: 3, 256: 8, 257: 9} {
		if got := Bits(n); got != want {
			t.Errorf("Bits(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestRunTimings(t *testing.T) {
	type st struct{ n int }
	var started []string
	ts, err := RunNotify(&st{}, []Pass[*st]{
		{Name: "a", Run: func(s *st) error { s.n++; return nil }},
		{Name: "b", Run: func(s *st) error { s.n++; return errTest }},
		{Name: "c", Run: func(s *st) error { t.Error("pass after an error ran"); return nil }},
	}, func(n string) { started = append(started, n) })
	if err != errTest || len(ts) != 2 || ts[0].Pass != "a" || ts[1].Pass != "b" || len(started) != 2 {
		t.Errorf("got %v, %v, started %v", ts, err, started)
	}
}

type testErr struct{}

func (testErr) Error() string { return "test" }

var errTest = testErr{}
