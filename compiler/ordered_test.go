package compiler

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// cubeRoutes calls f for pieces of block c, together covering all its keys,
// with the route the first matching entry of table (from position j on)
// gives each piece, or ok false when nothing matches: the router's rule,
// evaluated exactly on cubes of keys instead of key by key.
func cubeRoutes(table []Entry, j int, c Block, f func(c Block, r uint32, ok bool)) {
	for ; j < len(table); j++ {
		e := table[j]
		if (e.Key^c.Key)&e.Mask&c.Mask != 0 {
			continue // no common key
		}
		split := e.Mask &^ c.Mask
		if split == 0 {
			f(c, e.Route, true) // e matches every key of c
			return
		}
		bit := split & -split
		c0 := Block{Key: c.Key, Mask: c.Mask | bit}
		c1 := Block{Key: c.Key | bit, Mask: c.Mask | bit}
		cubeRoutes(table, j, c0, f)
		cubeRoutes(table, j, c1, f)
		return
	}
	f(c, 0, false)
}

// checkSame fails unless every key of every block in use gets the same
// route (or none) from out as from entries, with first-match semantics.
// The uncompressed table has at most one entry per block, so a block's
// route there is uniform.
func checkSame(t *testing.T, trial int, entries, out []Entry, blocks []Block, r *rand.Rand) {
	t.Helper()
	for _, b := range blocks {
		r0, ok0 := firstMatch(entries, b.Key)
		cubeRoutes(out, 0, b, func(c Block, r1 uint32, ok1 bool) {
			if ok0 != ok1 || r0 != r1 {
				t.Fatalf("trial %d: keys %#x/%#x of block %#x/%#x route (%d, %v) before and (%d, %v) after ordered covering\nbefore %v\nafter %v",
					trial, c.Key, c.Mask, b.Key, b.Mask, r0, ok0, r1, ok1, entries, out)
			}
		})
		// And key by key, with the plain first-match loop.
		size := ^b.Mask + 1
		for a := uint32(0); a < size; a += 1 + uint32(r.IntN(31)) {
			k := b.Key | a
			r1, ok1 := firstMatch(out, k)
			if ok0 != ok1 || r0 != r1 {
				t.Fatalf("trial %d: key %#x routes (%d, %v) before and (%d, %v) after", trial, k, r0, ok0, r1, ok1)
			}
		}
	}
}

// TestCompressOrderedEquivalent: on random key spaces and tables (some
// blocks routed here, the others default-routed or absent, which must stay
// unmatched), the ordered table routes every key in use as the generated
// one, is never larger than the order-free one, and is often smaller.
func TestCompressOrderedEquivalent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const trials = 400
	smaller, total0, total1 := 0, 0, 0
	for trial := range trials {
		blocks := randomSpace(t, r)
		nroutes := 1 + r.IntN(4)
		routed := 0.4 + 0.6*r.Float64()
		var entries []Entry
		for _, b := range blocks {
			if r.Float64() < routed {
				entries = append(entries, Entry{Key: b.Key, Mask: b.Mask, Route: uint32(1 + r.IntN(nroutes))})
			}
		}
		r.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		free := Compress(entries, blocks)
		limit := 0
		if trial%4 == 3 {
			limit = 1 + r.IntN(len(free)+1)
		}
		out := CompressOrdered(entries, blocks, limit)
		if len(out) > len(free) {
			t.Fatalf("trial %d: ordered covering gave %d entries, the order-free merge %d", trial, len(out), len(free))
		}
		if limit > 0 && len(free) <= limit && !slices.Equal(out, free) {
			t.Fatalf("trial %d: the order-free table fits the limit %d but was changed", trial, limit)
		}
		if len(out) < len(free) {
			smaller++
		}
		total0 += len(free)
		total1 += len(out)
		checkSame(t, trial, entries, out, blocks, r)
	}
	t.Logf("ordered covering smaller on %d of %d tables; %d entries in all, %d order-free", smaller, trials, total1, total0)
	if smaller < trials/4 {
		t.Errorf("ordered covering beat the order-free merge on only %d of %d random tables", smaller, trials)
	}
}

// TestCompressOrderedException: sixteen slices of one population routed
// alike except one in the middle. The order-free merge must avoid that
// slice and needs 5 entries; ordered covering puts the exception first
// and one entry for the population after it.
func TestCompressOrderedException(t *testing.T) {
	var blocks []Block
	var entries []Entry
	for s := range uint32(16) {
		b := Block{Key: s << 8, Mask: 0xFFFFFF00}
		blocks = append(blocks, b)
		route := uint32(1 << 2)
		if s == 5 {
			route = 1<<6 | 1<<3
		}
		entries = append(entries, Entry{Key: b.Key, Mask: b.Mask, Route: route})
	}
	// Another population (not routed here) after it.
	blocks = append(blocks, Block{Key: 0x1000, Mask: 0xFFFFF000})
	r := rand.New(rand.NewPCG(7, 8))

	free := Compress(entries, blocks)
	if len(free) <= 3 {
		t.Fatalf("the order-free merge got %d entries: %v; the test needs it above 3", len(free), free)
	}
	out := CompressOrdered(entries, blocks, 3)
	want := []Entry{{Key: 5 << 8, Mask: 0xFFFFFF00, Route: 1<<6 | 1<<3}, {Key: 0, Mask: 0xFFFFF000, Route: 1 << 2}}
	if !slices.Equal(out, want) {
		t.Fatalf("ordered covering under limit 3: got %v, want %v", out, want)
	}
	checkSame(t, 0, entries, out, blocks, r)
	if got := CompressOrdered(entries, blocks, 0); !slices.Equal(got, want) {
		t.Errorf("ordered covering without a limit: got %v, want %v", got, want)
	}
	if got := CompressOrdered(entries, blocks, len(free)); !slices.Equal(got, free) {
		t.Errorf("a limit the order-free table meets must leave it alone: got %v, want %v", got, free)
	}

	// The exception not routed here at all (default-routed or dropped):
	// nothing may catch it, so no order helps.
	noEx := slices.Delete(slices.Clone(entries), 5, 6)
	out = CompressOrdered(noEx, blocks, 1)
	checkSame(t, 1, noEx, out, blocks, r)
	if len(out) != len(Compress(noEx, blocks)) {
		t.Errorf("with the exception unrouted: %d entries, the order-free merge %d", len(out), len(Compress(noEx, blocks)))
	}

	// Two exceptions with routes of their own, one unrouted slice: the
	// unrouted one forces splits, the routed ones go first.
	two := slices.Clone(entries)
	two[9].Route = 1 << 7
	two = slices.Delete(two, 12, 13)
	out = CompressOrdered(two, blocks, 0)
	checkSame(t, 2, two, out, blocks, r)
	if f := Compress(two, blocks); len(out) >= len(f) {
		t.Errorf("two exceptions and a hole: ordered %d entries, order-free %d", len(out), len(f))
	}
}

// TestCompressOrderedUpCheck: sixteen slices; 0-7 route NE except slice
// 3 (route N), 8-15 route N. Ordered covering first merges the NE entries
// into one for slices 0-7 below slice 3's entry; merging slice 3 with the
// entry for 8-15 would then sink it below the NE entry, which would catch
// its keys: the up-check must refuse (the paper's up-check example).
func TestCompressOrderedUpCheck(t *testing.T) {
	const n, ne = 1 << 2, 1 << 1
	var blocks []Block
	var entries []Entry
	for s := range uint32(16) {
		b := Block{Key: s << 8, Mask: 0xFFFFFF00}
		blocks = append(blocks, b)
		route := uint32(ne)
		if s == 3 || s >= 8 {
			route = n
		}
		entries = append(entries, Entry{Key: b.Key, Mask: b.Mask, Route: route})
	}
	out := CompressOrdered(entries, blocks, 0)
	checkSame(t, 0, entries, out, blocks, rand.New(rand.NewPCG(9, 10)))
	want := []Entry{{Key: 0x300, Mask: 0xFFFFFF00, Route: n}, {Key: 0, Mask: 0xFFFFF800, Route: ne}, {Key: 0x800, Mask: 0xFFFFF800, Route: n}}
	if !slices.Equal(out, want) {
		t.Errorf("got %v, want %v", out, want)
	}
}
