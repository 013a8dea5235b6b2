package spinnaker

import (
	"fmt"
	"slices"
	"sync"

	"github.com/snn-sim/snn/compiler"
)

// Table is one chip's multicast routing table.
type Table struct {
	Chip int
	// Full is the table with an entry for every tree node on the chip;
	// Entries leaves out the ones default routing carries (the table as
	// generated); Compressed is what is loaded.
	Full       int
	Entries    []compiler.Entry
	Compressed []compiler.Entry
	// Default lists the vertices that pass through by default routing.
	Default []int
}

// tables turns the trees into one table per chip, leaving to default
// routing every chip where a packet goes straight through.
func tables(s *state) error {
	s.tables = make([]Table, len(s.m.Chips))
	for c := range s.tables {
		s.tables[c].Chip = c
	}
	for v, t := range s.trees {
		k := s.keys[v]
		for _, n := range t {
			tb := &s.tables[n.chip]
			tb.Full++
			if n.defaultRouted() {
				tb.Default = append(tb.Default, v)
				continue
			}
			tb.Entries = append(tb.Entries, compiler.Entry{Key: k.Key, Mask: k.Mask, Route: n.route()})
		}
	}
	return nil
}

// inUse is every key block of the network, sorted by key: a slice with
// no targets still sends its spikes to its router, which must drop them.
func (s *state) inUse() []compiler.Block {
	var bs []compiler.Block
	for v := range s.vertices {
		bs = append(bs, compiler.Block{Key: s.keys[v].Key, Mask: s.keys[v].Mask})
	}
	slices.SortFunc(bs, func(a, b compiler.Block) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	return bs
}

// compress minimises every table and checks each against the router's
// capacity. The order-free trie merge (compiler.Compress) always runs;
// ordered covering (compiler.CompressOrdered) continues only on a table
// the merge leaves above router_entries, and stops once it fits, as
// PACMAN's compressor does by default. Running it on every table would
// shrink them further (the microcircuit's largest 216 -> 137 entries,
// the 1M-neuron benchmark's 85 -> 68) but costs 10 to 15 times the merge's
// time for tables that fit anyway; this way a table is order-dependent
// only where that was needed to fit. Either way the tables are loaded,
// verified and written in order: first match wins.
func compress(s *state) error {
	blocks := s.inUse()
	workers := max(1, s.opt.Threads)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := w; c < len(s.tables); c += workers {
				tb := &s.tables[c]
				tb.Compressed = compiler.CompressOrdered(tb.Entries, blocks, s.m.RouterEntries)
			}
		}()
	}
	wg.Wait()
	for c := range s.tables {
		tb := &s.tables[c]
		if n := len(tb.Compressed); n > s.m.RouterEntries {
			ch := &s.m.Chips[c]
			return fitErrorf(fmt.Sprintf("chip(%d, %d)", ch.X, ch.Y), "router entries",
				"chip (%d, %d) needs %d routing entries after compression (%d before; order-free merge, then ordered covering); a router has %d: use a larger machine so that traffic spreads, or raise neurons_per_core so that fewer slices send",
				ch.X, ch.Y, n, len(tb.Entries), s.m.RouterEntries)
		}
	}
	return nil
}

// verify follows every vertex's packets through the loaded tables with
// the router's rules (first match wins; no match: straight on from a
// link, dropped from a core) and checks that they reach exactly the cores
// of the vertex's targets, cross no dead link, and never loop.
func verify(s *state) error {
	type want struct{ chip, core int }
	for v := range s.vertices {
		exp := map[want]bool{}
		for _, t := range s.targets[v] {
			exp[want{s.loc[t].Chip, s.loc[t].Core}] = true
		}
		got := map[want]bool{}
		key := s.keys[v].Key
		visited := map[int]bool{}
		type hop struct{ chip, in int }
		stack := []hop{{s.loc[v].Chip, -1}}
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if visited[h.chip] {
				return verifyErrorf("the packets of %s reach chip %v twice (a loop or a duplicate)", s.name(v), s.xy(h.chip))
			}
			visited[h.chip] = true
			r, ok := compiler.Lookup(s.tables[h.chip].Compressed, key)
			if !ok {
				if h.in < 0 && len(exp) == 0 {
					continue // no targets: the router drops it, as it should
				}
				if h.in < 0 {
					return verifyErrorf("the packets of %s are dropped at their own chip %v", s.name(v), s.xy(h.chip))
				}
				r = 1 << ((h.in + 3) % NumLinks)
			}
			for p := range 32 - coreShift {
				if r&(1<<(coreShift+p)) != 0 {
					w := want{h.chip, p}
					if !exp[w] {
						return verifyErrorf("the packets of %s reach core %d of chip %v, which holds no target", s.name(v), p, s.xy(h.chip))
					}
					got[w] = true
				}
			}
			for l := range NumLinks {
				if r&(1<<l) == 0 {
					continue
				}
				nx := s.m.Chips[h.chip].Neighbour[l]
				if nx < 0 {
					return verifyErrorf("the packets of %s leave chip %v on link %d, which does not work", s.name(v), s.xy(h.chip), l)
				}
				stack = append(stack, hop{int(nx), (l + 3) % NumLinks})
			}
		}
		if len(got) != len(exp) {
			for w := range exp {
				if !got[w] {
					return verifyErrorf("the packets of %s never reach core %d of chip %v", s.name(v), w.core, s.xy(w.chip))
				}
			}
		}
	}
	return nil
}

// VerifyError is a mapping that fails its own verification: a bug in
// snn, not a fault of the network.
type VerifyError struct{ Msg string }

func (e *VerifyError) Error() string { return "verification: " + e.Msg }

func verifyErrorf(format string, args ...any) error {
	return &VerifyError{Msg: fmt.Sprintf(format, args...)}
}

func (s *state) xy(c int) string { return fmt.Sprintf("(%d, %d)", s.m.Chips[c].X, s.m.Chips[c].Y) }
