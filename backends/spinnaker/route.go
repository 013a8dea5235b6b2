package spinnaker

import (
	"fmt"
	"slices"
	"sync"

	"github.com/snn-sim/snn/compiler"
)

// Route words: bit l (0..5) sends on link l, bit 6+p to core p (the
// SpiNNaker router's route field).
const coreShift = NumLinks

// node is one chip of a multicast tree: the link the packet arrives on
// (-1 at the source chip), the links it leaves on and the cores it is
// delivered to.
type node struct {
	chip  int32
	in    int8
	out   uint8
	cores uint32
}

func (n node) route() uint32 { return uint32(n.out) | n.cores<<coreShift }

// defaultRouted reports whether a router could leave the node to default
// routing: the packet comes in on a link, goes straight out of the
// opposite one, and stops at no core here.
func (n node) defaultRouted() bool {
	return n.in >= 0 && n.cores == 0 && n.out == 1<<((int(n.in)+3)%NumLinks)
}

// ldfPath returns the links of a shortest path from chip a to chip b that
// moves along the longest dimension first (at most one turn), or nil when
// a dead or missing chip or link is in the way.
func (m *Machine) ldfPath(a, b int) []int8 {
	dx, dy := m.displacement(a, b)
	type seg struct {
		link int8
		n    int
	}
	var segs []seg
	switch {
	case dx >= 0 && dy >= 0:
		d := min(dx, dy)
		segs = []seg{{1, d}, {0, dx - d}, {2, dy - d}}
	case dx <= 0 && dy <= 0:
		d := min(-dx, -dy)
		segs = []seg{{4, d}, {3, -dx - d}, {5, -dy - d}}
	default:
		segs = []seg{{0, max(dx, 0)}, {3, max(-dx, 0)}, {2, max(dy, 0)}, {5, max(-dy, 0)}}
	}
	slices.SortStableFunc(segs, func(p, q seg) int { return q.n - p.n })
	var path []int8
	c := a
	for _, sg := range segs {
		for range sg.n {
			nx := m.Chips[c].Neighbour[sg.link]
			if nx < 0 {
				return nil
			}
			path = append(path, sg.link)
			c = int(nx)
		}
	}
	if c != b {
		return nil
	}
	return path
}

// bfsPath returns the links of a shortest path from a to b over working
// links, or nil when b cannot be reached.
func (m *Machine) bfsPath(a, b int) []int8 {
	prev := make([]int32, len(m.Chips))
	via := make([]int8, len(m.Chips))
	for i := range prev {
		prev[i] = -1
	}
	prev[a] = int32(a)
	queue := []int{a}
	for len(queue) > 0 && prev[b] < 0 {
		c := queue[0]
		queue = queue[1:]
		for l, nx := range m.Chips[c].Neighbour {
			if nx >= 0 && prev[nx] < 0 {
				prev[nx], via[nx] = int32(c), int8(l)
				queue = append(queue, int(nx))
			}
		}
	}
	if prev[b] < 0 {
		return nil
	}
	var path []int8
	for c := b; c != a; c = int(prev[c]) {
		path = append(path, via[c])
	}
	slices.Reverse(path)
	return path
}

// treeBuilder builds multicast trees; pos maps a chip to its node in the
// tree being built (-1 when absent) and is reset after each tree.
type treeBuilder struct {
	m   *Machine
	pos []int32
}

// build returns the tree from chip src to the cores of dests (chip ->
// core mask). Targets are joined nearest first; each joins along a
// longest-dimension-first path (a shortest path with one turn, which
// default routing can carry for free) from the source, or, when faults
// block it, a breadth-first shortest path; the part of the path after its
// last chip already in the tree is added, so the result stays a tree.
func (b *treeBuilder) build(src int, dests map[int]uint32) ([]node, error) {
	m := b.m
	t := []node{{chip: int32(src), in: -1}}
	b.pos[src] = 0
	defer func() {
		for _, n := range t {
			b.pos[n.chip] = -1
		}
	}()
	chips := make([]int, 0, len(dests))
	for c := range dests {
		chips = append(chips, c)
	}
	slices.SortFunc(chips, func(x, y int) int {
		if d := m.Distance(src, x) - m.Distance(src, y); d != 0 {
			return d
		}
		return x - y
	})
	for _, dst := range chips {
		if b.pos[dst] < 0 {
			path := m.ldfPath(src, dst)
			if path == nil {
				path = m.bfsPath(src, dst)
			}
			if path == nil {
				s, d := &m.Chips[src], &m.Chips[dst]
				return nil, fmt.Errorf("chip (%d, %d) cannot reach chip (%d, %d): dead chips or links cut it off", s.X, s.Y, d.X, d.Y)
			}
			// Chips along the path, and the last one already in the tree.
			along := make([]int, len(path)+1)
			along[0] = src
			last := 0
			for k, l := range path {
				along[k+1] = int(m.Chips[along[k]].Neighbour[l])
				if b.pos[along[k+1]] >= 0 {
					last = k + 1
				}
			}
			for k := last; k < len(path); k++ {
				from, to := along[k], along[k+1]
				t[b.pos[from]].out |= 1 << path[k]
				b.pos[to] = int32(len(t))
				t = append(t, node{chip: int32(to), in: int8((int(path[k]) + 3) % NumLinks)})
			}
		}
		t[b.pos[dst]].cores |= dests[dst]
	}
	return t, nil
}

// routeAll builds the tree of every vertex placed at loc; it returns the
// trees and the total of links they use.
func (s *state) routeAll(loc []Loc) ([][]node, int, error) {
	trees := make([][]node, len(s.vertices))
	errs := make([]error, len(s.vertices))
	workers := max(1, s.opt.Threads)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := &treeBuilder{m: s.m, pos: make([]int32, len(s.m.Chips))}
			for i := range b.pos {
				b.pos[i] = -1
			}
			for v := w; v < len(s.vertices); v += workers {
				if len(s.targets[v]) == 0 {
					continue
				}
				dests := map[int]uint32{}
				for _, t := range s.targets[v] {
					dests[loc[t].Chip] |= 1 << loc[t].Core
				}
				trees[v], errs[v] = b.build(loc[v].Chip, dests)
			}
		}()
	}
	wg.Wait()
	links := 0
	for v, t := range trees {
		if errs[v] != nil {
			return nil, 0, fitErrorf(s.name(v), "routing", "cannot route the spikes of %s: %v", s.name(v), errs[v])
		}
		links += max(0, len(t)-1)
	}
	return trees, links, nil
}

// route builds the multicast trees of the chosen placement, and of the
// naive one for comparison.
func route(s *state) error {
	var err error
	if s.trees, s.links, err = s.routeAll(s.loc); err != nil {
		return err
	}
	switch {
	case s.opt.Placer == "naive":
		s.naiveLinks = s.links
	case s.naive == nil:
		s.naiveLinks = -1 // the naive placer found no room
	default:
		if _, s.naiveLinks, err = s.routeAll(s.naive); err != nil {
			s.naiveLinks = -1 // it is for comparison only
		}
	}
	return nil
}

// allocateKeys gives every vertex its key block: the slices of one
// population share a key prefix, and so do the delay cores of one.
func allocateKeys(s *state) error {
	var groups []compiler.KeyGroup
	var members [][]int
	for pi, ids := range s.pt.ByPop {
		name := s.net.Populations[pi].Name
		g := compiler.KeyGroup{Name: name}
		var mem []int
		var dg compiler.KeyGroup
		var dmem []int
		for _, v := range ids {
			g.Atoms = append(g.Atoms, s.vertices[v].Atoms())
			mem = append(mem, v)
			if d := s.vertices[v].Delay; d >= 0 {
				dg.Atoms = append(dg.Atoms, s.vertices[d].Atoms())
				dmem = append(dmem, d)
			}
		}
		groups, members = append(groups, g), append(members, mem)
		if len(dmem) > 0 {
			dg.Name = name + " delays"
			groups, members = append(groups, dg), append(members, dmem)
		}
	}
	keys, err := compiler.AllocateKeys(groups)
	if err != nil {
		return fitErrorf("keys", "key space", "%v", err)
	}
	s.keys = make([]compiler.Key, len(s.vertices))
	for g, mem := range members {
		for k, v := range mem {
			s.keys[v] = keys[g][k]
		}
	}
	return nil
}
