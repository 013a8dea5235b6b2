package compiler

import (
	"math/bits"
	"slices"
	"sort"
)

// CompressOrdered returns a table that routes every key in use exactly as
// entries does, under the router's first-match rule; unlike Compress's
// output, its order matters and must be kept. entries and inUse are as for
// Compress: one entry per routed block of inUse, and a block of inUse
// without an entry must match nothing afterwards either (default routing
// and the dropping of unrouted local packets stay intact).
//
// It runs Compress first (cheap, order-free) and then, while the table has
// more than limit entries (limit <= 0: as long as any merge is left),
// Ordered Covering (Mundy, Heathcote & Garside, "On-chip order-exploiting
// routing table minimization for a multicast supercomputer network", IEEE
// HPSR 2016): the table is kept sorted by increasing generality (number of
// don't-care bits), so a specific entry sits above the general ones that
// overlap it; every step takes, for each route, all its entries as one
// candidate merge, refines it with the down-check and the up-check (below)
// until it is safe, and applies the candidate that removes the most
// entries; the merged entry goes in above the first entry at least as
// general as itself.
//
// Safety is an invariant on the key blocks in use, each of which belongs
// to ("is an alias of") the entry that was merged from its own: every
// entry at or above a block's entry that meets the block has the block's
// route, and no entry meets a block not routed here. A merged entry m of
// route r inserted at position p keeps it when
//
//   - down-check: m meets no block of another route whose entry ends up
//     below p, and no unrouted block. A violation is resolved as in the
//     paper: among the met blocks with the fewest bits that m leaves
//     don't-care but the block fixes, pick the bit and value whose removal
//     from the merge costs fewest members, and drop those members (m then
//     takes the other value on that bit); a block with no such bit
//     contains m and kills the merge.
//   - up-check: no member's block is met by an entry of another route
//     lying between the member and p (the member's keys would now reach
//     that entry first); such members leave the merge.
//
// Differences from the paper (and from PACMAN's port of rig's code):
// coverage is checked against the key blocks in use rather than against
// the aliased key/mask pairs of whole entries, and only differently routed
// blocks count (covering a block of the same route is harmless), so some
// merges the paper refuses are accepted; keys not in use anywhere are
// don't-care, keys in use but not routed here are never covered (the paper
// keeps default-routable entries in the table until the end instead); and
// the order-free trie merge runs first, so ordered covering starts from a
// smaller table.
func CompressOrdered(entries []Entry, inUse []Block, limit int) []Entry {
	first := Compress(entries, inUse)
	if len(first) <= 1 || (limit > 0 && len(first) <= limit) {
		return first
	}
	oc := newOrderedCoverer(entries, inUse, first)
	if oc == nil {
		return first // an entry that is no block of inUse: stay order-free
	}
	oc.run(limit)
	out := make([]Entry, len(oc.table))
	for i, e := range oc.table {
		out[i] = e.Entry
	}
	return out
}

// ocEntry is a table entry with the blocks of inUse it stands for.
type ocEntry struct {
	Entry
	gen    int     // don't-care bits
	blocks []int32 // indices into inUse
}

type orderedCoverer struct {
	inUse  []Block
	routed []bool   // per block: has an entry on this chip
	route  []uint32 // per block: its route when routed
	home   []int32  // per block: position of its entry in table, -1 if none
	table  []ocEntry
}

func generality(e Entry) int { return bits.OnesCount32(^e.Mask) }

// newOrderedCoverer sets up ordered covering from Compress's output first;
// nil when an entry is not a block of inUse or two entries share one.
func newOrderedCoverer(entries []Entry, inUse []Block, first []Entry) *orderedCoverer {
	oc := &orderedCoverer{
		inUse:  inUse,
		routed: make([]bool, len(inUse)),
		route:  make([]uint32, len(inUse)),
		home:   make([]int32, len(inUse)),
	}
	var mine []int32 // routed blocks, by key
	for _, e := range entries {
		i := sort.Search(len(inUse), func(i int) bool { return inUse[i].Key >= e.Key })
		if i == len(inUse) || inUse[i] != (Block{e.Key, e.Mask}) || oc.routed[i] {
			return nil
		}
		oc.routed[i], oc.route[i] = true, e.Route
		mine = append(mine, int32(i))
	}
	slices.Sort(mine)
	// Every routed block lies in exactly one entry of Compress's output
	// (same route; different routes never overlap a block).
	for _, e := range first {
		te := ocEntry{Entry: e, gen: generality(e)}
		for _, b := range mine {
			if e.Route == oc.route[b] && intersects(e, inUse[b]) {
				te.blocks = append(te.blocks, b)
			}
		}
		oc.table = append(oc.table, te)
	}
	slices.SortStableFunc(oc.table, func(a, b ocEntry) int {
		if a.gen != b.gen {
			return a.gen - b.gen
		}
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	oc.rehome()
	return oc
}

func (oc *orderedCoverer) rehome() {
	for i := range oc.home {
		oc.home[i] = -1
	}
	for p, e := range oc.table {
		for _, b := range e.blocks {
			oc.home[b] = int32(p)
		}
	}
}

// merge is a candidate: the members (positions in table, ascending) and
// the entry they would become, inserted at position at.
type merge struct {
	members []int
	m       Entry
	at      int
}

func (oc *orderedCoverer) newMerge(members []int) merge {
	anyOnes, allOnes, allFixed := uint32(0), ^uint32(0), ^uint32(0)
	for _, i := range members {
		e := oc.table[i]
		anyOnes |= e.Key
		allOnes &= e.Key
		allFixed &= e.Mask
	}
	mask := allFixed &^ (anyOnes ^ allOnes)
	m := Entry{Key: allOnes & mask, Mask: mask}
	if len(members) > 0 {
		m.Route = oc.table[members[0]].Route
	}
	g := generality(m)
	at := sort.Search(len(oc.table), func(i int) bool { return oc.table[i].gen >= g })
	return merge{members: members, m: m, at: at}
}

func (oc *orderedCoverer) run(limit int) {
	for limit <= 0 || len(oc.table) > limit {
		// One candidate per route: all its entries, largest groups first
		// so that smaller ones can be skipped once beaten.
		groups := map[uint32][]int{}
		var routes []uint32
		for i, e := range oc.table {
			if _, ok := groups[e.Route]; !ok {
				routes = append(routes, e.Route)
			}
			groups[e.Route] = append(groups[e.Route], i)
		}
		slices.SortStableFunc(routes, func(a, b uint32) int { return len(groups[b]) - len(groups[a]) })
		var best merge
		good := 0
		for _, r := range routes {
			g := groups[r]
			if len(g)-1 <= good {
				break
			}
			mg := oc.refine(oc.newMerge(g), good)
			if len(mg.members)-1 > good {
				best, good = mg, len(mg.members)-1
			}
		}
		if good == 0 {
			return
		}
		oc.apply(best)
	}
}

// refine shrinks a candidate until it is safe, or returns an empty merge
// once it can no longer remove more than good entries.
func (oc *orderedCoverer) refine(mg merge, good int) merge {
	mg = oc.downCheck(mg, good)
	if len(mg.members)-1 <= good {
		return merge{}
	}
	var changed bool
	mg, changed = oc.upCheck(mg, good)
	if changed && len(mg.members)-1 > good {
		// Removing members only makes the entry more specific, moving it
		// up: the up-check cannot fail again, the down-check can.
		mg = oc.downCheck(mg, good)
	}
	if len(mg.members)-1 <= good {
		return merge{}
	}
	return mg
}

// upCheck drops the members some of whose blocks would be met by an entry
// of another route lying between the member and the insertion point.
func (oc *orderedCoverer) upCheck(mg merge, good int) (merge, bool) {
	changed := false
	for k := len(mg.members) - 1; k >= 0; k-- {
		i := mg.members[k]
		if i >= mg.at || !oc.shadowed(i, mg) {
			continue
		}
		rest := slices.Delete(slices.Clone(mg.members), k, k+1)
		mg = oc.newMerge(rest)
		changed = true
		if len(mg.members)-1 <= good {
			return merge{}, true
		}
	}
	return mg, changed
}

// shadowed reports whether a block of member i meets a differently routed
// entry that is not a member and lies between i and the insertion point.
func (oc *orderedCoverer) shadowed(i int, mg merge) bool {
	e := oc.table[i]
	for j := i + 1; j < mg.at; j++ {
		o := oc.table[j].Entry
		if o.Route == e.Route || !intersects(o, Block{e.Key, e.Mask}) {
			continue
		}
		for _, b := range e.blocks {
			if intersects(o, oc.inUse[b]) {
				return true
			}
		}
	}
	return false
}

// downCheck removes members until the merged entry meets no block whose
// routing it would change: a block of another route whose entry lies at or
// below the insertion point, or a block not routed here.
func (oc *orderedCoverer) downCheck(mg merge, good int) merge {
	for len(mg.members)-1 > good {
		// The most stringent covered blocks: fewest bits that the merged
		// entry leaves don't-care and the block fixes. The options are
		// (bit, the block's value there): ones and zeros hold the bits of
		// the options where the block has a 1, resp. a 0.
		least := 33
		var ones, zeros uint32
		oc.covered(mg, func(b Block) bool {
			settable := b.Mask &^ mg.m.Mask
			n := bits.OnesCount32(settable)
			if n > least {
				return true
			}
			if n < least {
				least, ones, zeros = n, 0, 0
			}
			ones |= settable & b.Key
			zeros |= settable &^ b.Key
			return least > 0
		})
		switch least {
		case 33:
			return mg // covers nothing it must not
		case 0:
			return merge{} // a block contains the merged entry
		}
		// The cheapest option: keep the members with a fixed value on the
		// bit opposite to the block's (the merged entry then takes that
		// value); ties go to the more significant bit, then to value 1.
		// keep1[b] counts the members with a fixed 0 on bit b (kept when
		// the merged entry must take 0 there, away from a block's 1), keep0
		// those with a fixed 1.
		var keep1, keep0 [32]int
		for _, i := range mg.members {
			e := oc.table[i]
			for s := ones & e.Mask &^ e.Key; s != 0; s &= s - 1 {
				keep1[bits.TrailingZeros32(s)]++
			}
			for s := zeros & e.Mask & e.Key; s != 0; s &= s - 1 {
				keep0[bits.TrailingZeros32(s)]++
			}
		}
		bestBit, bestOne, most := uint32(0), false, -1
		for b := 31; b >= 0; b-- {
			bit := uint32(1) << b
			if ones&bit != 0 && keep1[b] > most {
				bestBit, bestOne, most = bit, true, keep1[b]
			}
			if zeros&bit != 0 && keep0[b] > most {
				bestBit, bestOne, most = bit, false, keep0[b]
			}
		}
		keep := make([]int, 0, most)
		for _, i := range mg.members {
			if e := oc.table[i]; e.Mask&bestBit != 0 && (e.Key&bestBit != 0) != bestOne {
				keep = append(keep, i)
			}
		}
		mg = oc.newMerge(keep)
	}
	return merge{}
}

// covered calls f with every block in use that mg's entry meets and must
// not (see downCheck) until f returns false.
func (oc *orderedCoverer) covered(mg merge, f func(Block) bool) {
	m := mg.m
	// All keys of m share the bits above its highest don't-care bit; the
	// blocks that meet m start inside that range, or one block (aligned,
	// so containing the whole range) starts before it.
	var lo, hi uint32
	if x := ^m.Mask; x == 0 {
		lo, hi = m.Key, m.Key
	} else {
		// Bits up to the highest don't-care one (all 32 when that is
		// bit 31: the shift wraps to 0 and 0 - 1 is all ones).
		span := uint32(1)<<(31-bits.LeadingZeros32(x))<<1 - 1
		lo = m.Key &^ span
		hi = lo | span
	}
	i := sort.Search(len(oc.inUse), func(i int) bool { return oc.inUse[i].Key >= lo })
	if i > 0 {
		i--
	}
	for ; i < len(oc.inUse) && oc.inUse[i].Key <= hi; i++ {
		b := oc.inUse[i]
		if !intersects(m, b) {
			continue
		}
		if oc.routed[i] && (oc.route[i] == m.Route || int(oc.home[i]) < mg.at) {
			continue
		}
		if !f(b) {
			return
		}
	}
}

// apply replaces the members by the merged entry at its insertion point.
func (oc *orderedCoverer) apply(mg merge) {
	in := make(map[int]bool, len(mg.members))
	ne := ocEntry{Entry: mg.m, gen: generality(mg.m)}
	for _, i := range mg.members {
		in[i] = true
		ne.blocks = append(ne.blocks, oc.table[i].blocks...)
	}
	t := make([]ocEntry, 0, len(oc.table)-len(mg.members)+1)
	for i, e := range oc.table {
		if i == mg.at {
			t = append(t, ne)
		}
		if !in[i] {
			t = append(t, e)
		}
	}
	if mg.at == len(oc.table) {
		t = append(t, ne)
	}
	oc.table = t
	oc.rehome()
}
