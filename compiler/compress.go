package compiler

import (
	"math/bits"
	"slices"
	"sort"
)

// Entry is one line of a ternary routing table: a key k matches when
// k&Mask == Key; Route is the backend's route word.
type Entry struct {
	Key, Mask uint32
	Route     uint32
}

// Matches reports whether key k matches the entry.
func (e Entry) Matches(k uint32) bool { return k&e.Mask == e.Key }

// Block is a block of keys in use: the keys k with k&Mask == Key.
type Block struct {
	Key, Mask uint32
}

// intersects reports whether some key matches both the entry and the block.
func intersects(e Entry, b Block) bool { return (e.Key^b.Key)&e.Mask&b.Mask == 0 }

// Compress returns a smaller table that routes every key in use exactly as
// entries does. entries must be one entry per key block, each an element of
// inUse (same key and mask), so that no two entries overlap; inUse lists
// every key block in use anywhere in the machine, sorted by Key, pairwise
// disjoint. A key of inUse without an entry must match nothing after
// compression either: that is what keeps default routing and the dropping
// of unrouted local packets intact.
//
// The method is prefix-trie merging: the entries of one route are sorted by
// key and the whole group is tried as one entry (the bits on which all its
// keys agree, the others don't-care). When that entry would also catch a
// key block routed differently here (or not routed here at all), the group
// is split on its highest differing bit and each half tried again. Merged
// entries never overlap a differently routed block in use, so the order of
// the result does not matter and the first-match rule cannot change any
// route. This is Mundy et al.'s m-Trie idea ("On-chip order-exploiting
// routing table minimization for a multicast supercomputer network", 2016)
// in its simplest, order-free form; CompressOrdered continues from it with
// the paper's order-exploiting ordered covering.
func Compress(entries []Entry, inUse []Block) []Entry {
	if len(entries) <= 1 {
		return slices.Clone(entries)
	}
	own := make(map[uint32]uint32, len(entries)) // entry key -> route
	for _, e := range entries {
		own[e.Key] = e.Route
	}
	byRoute := map[uint32][]Entry{}
	var routes []uint32
	for _, e := range entries {
		if _, ok := byRoute[e.Route]; !ok {
			routes = append(routes, e.Route)
		}
		byRoute[e.Route] = append(byRoute[e.Route], e)
	}
	c := compressor{inUse: inUse, own: own}
	for _, r := range routes {
		g := byRoute[r]
		slices.SortFunc(g, func(a, b Entry) int {
			switch {
			case a.Key < b.Key:
				return -1
			case a.Key > b.Key:
				return 1
			}
			return 0
		})
		c.merge(g, r)
	}
	return c.out
}

type compressor struct {
	inUse []Block
	own   map[uint32]uint32
	out   []Entry
}

// merge emits the entries of group g (sorted by key, all of route r) as
// few entries as the trie allows.
func (c *compressor) merge(g []Entry, r uint32) {
	if len(g) == 1 {
		c.out = append(c.out, g[0])
		return
	}
	mask := ^uint32(0)
	var diff uint32
	for _, e := range g {
		mask &= e.Mask
		diff |= e.Key ^ g[0].Key
	}
	m := Entry{Key: g[0].Key & mask &^ diff, Mask: mask &^ diff, Route: r}
	if !c.conflicts(m, diff) {
		c.out = append(c.out, m)
		return
	}
	// Split on the highest bit where the keys differ: sorted keys have all
	// the zeros of that bit first.
	top := uint32(1) << (31 - bits.LeadingZeros32(diff))
	k := sort.Search(len(g), func(i int) bool { return g[i].Key&top != 0 })
	c.merge(g[:k], r)
	c.merge(g[k:], r)
}

// conflicts reports whether entry m would catch a key block in use that
// is not routed r here. Only blocks inside the range fixed by the bits
// above diff's highest bit can meet m: blocks are disjoint and aligned,
// and every member of the group lies inside that range.
func (c *compressor) conflicts(m Entry, diff uint32) bool {
	prefix := ^uint32(0) << (32 - bits.LeadingZeros32(diff))
	if bits.LeadingZeros32(diff) == 0 {
		prefix = 0
	}
	lo := m.Key & prefix
	hi := lo | ^prefix
	i := sort.Search(len(c.inUse), func(i int) bool { return c.inUse[i].Key >= lo })
	for ; i < len(c.inUse) && c.inUse[i].Key <= hi; i++ {
		b := c.inUse[i]
		if !intersects(m, b) {
			continue
		}
		if r, ok := c.own[b.Key]; ok && r == m.Route {
			continue
		}
		return true
	}
	// A block that starts below lo but reaches into the range would have
	// to contain the whole range (blocks are aligned), members included,
	// which disjointness rules out; no more blocks to check.
	return false
}

// Lookup returns the route of the first entry of table that key matches.
func Lookup(table []Entry, key uint32) (uint32, bool) {
	for _, e := range table {
		if e.Matches(key) {
			return e.Route, true
		}
	}
	return 0, false
}
