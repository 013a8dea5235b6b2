package spinnaker

import (
	"slices"
)

// Loc is where a vertex runs: a chip (index into Machine.Chips) and a core.
type Loc struct {
	Chip, Core int
}

// chipUse is the state of a chip during placement.
type chipUse struct {
	next  int   // next free entry of Chip.Cores
	sdram int64 // SDRAM taken
}

// snakeOrder lists the chips board by board, each board row by row with
// alternate rows reversed, so that consecutive chips are neighbours and a
// run of consecutive placements stays compact.
func (m *Machine) snakeOrder() []int {
	order := make([]int, len(m.Chips))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ca, cb := &m.Chips[a], &m.Chips[b]
		if ca.Board != cb.Board {
			return ca.Board - cb.Board
		}
		if ca.Y != cb.Y {
			return ca.Y - cb.Y
		}
		if ca.Y%2 == 1 {
			return cb.X - ca.X
		}
		return ca.X - cb.X
	})
	return order
}

// placer puts vertices on chips in a given chip order, first fit from a
// moving cursor: consecutive vertices land on the same or neighbouring chips.
type placer struct {
	s     *state
	use   []chipUse
	order []int
	cur   int
	out   []Loc
}

func newPlacer(s *state, order []int) *placer {
	p := &placer{s: s, use: make([]chipUse, len(s.m.Chips)), order: order, out: make([]Loc, len(s.vertices))}
	for i := range p.out {
		p.out[i] = Loc{-1, -1}
	}
	return p
}

func (p *placer) fits(c, v int) bool {
	return p.use[c].next < len(p.s.m.Chips[c].Cores) && p.use[c].sdram+p.s.res[v].SDRAM.Bytes <= p.s.m.SDRAMPerChip
}

func (p *placer) put(c, v int) {
	u := &p.use[c]
	p.out[v] = Loc{Chip: c, Core: p.s.m.Chips[c].Cores[u.next]}
	u.next++
	u.sdram += p.s.res[v].SDRAM.Bytes
}

// next places v on the first chip from the cursor that has room.
func (p *placer) next(v int) bool {
	for p.cur < len(p.order) && p.use[p.order[p.cur]].next >= len(p.s.m.Chips[p.order[p.cur]].Cores) {
		p.cur++
	}
	for k := p.cur; k < len(p.order); k++ {
		if c := p.order[k]; p.fits(c, v) {
			p.put(c, v)
			return true
		}
	}
	return false
}

// pin places the vertices of pinned populations (and their delay cores)
// on their chips.
func (p *placer) pin() error {
	s := p.s
	for _, pl := range s.target.Place {
		c := s.m.ChipAt(pl.X, pl.Y)
		if c < 0 {
			return fitErrorf(pl.Population, "placement", "place %s on chip(%d, %d): %s has no working chip there", pl.Population, pl.X, pl.Y, s.m.Describe())
		}
		pi := -1
		for i, pop := range s.net.Populations {
			if pop.Name == pl.Population {
				pi = i
			}
		}
		if pi < 0 {
			return fitErrorf(pl.Population, "placement", "place %s: the network has no population %s", pl.Population, pl.Population)
		}
		for v := range s.vertices {
			if s.vertices[v].Pop != pi || p.out[v].Chip >= 0 {
				continue
			}
			if !p.fits(c, v) {
				return fitErrorf(s.name(v), "placement", "place %s on chip(%d, %d): the chip has no room left for %s (%d application cores, %s SDRAM): remove the place line or pin fewer neurons there",
					pl.Population, pl.X, pl.Y, s.name(v), len(s.m.Chips[c].Cores), mb(s.m.SDRAMPerChip))
			}
			p.put(c, v)
		}
	}
	return nil
}

// popOrder lists the populations breadth first through the projections,
// so that connected populations are placed one after the other.
func (s *state) popOrder() []int {
	adj := make([][]int, len(s.net.Populations))
	idx := map[string]int{}
	for i, p := range s.net.Populations {
		idx[p.Name] = i
	}
	for _, pr := range s.net.Projections {
		for _, a := range pr.Pre {
			for _, b := range pr.Post {
				x, y := idx[a.Population], idx[b.Population]
				adj[x] = append(adj[x], y)
				adj[y] = append(adj[y], x)
			}
		}
	}
	seen := make([]bool, len(adj))
	var order []int
	for r := range adj {
		if seen[r] {
			continue
		}
		seen[r] = true
		queue := []int{r}
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			order = append(order, x)
			for _, y := range adj[x] {
				if !seen[y] {
					seen[y] = true
					queue = append(queue, y)
				}
			}
		}
	}
	return order
}

// placeLocal is the locality-aware placer: populations in breadth-first
// order of the projection graph, each population's slices in order with
// each slice's delay core right after it, onto chips in snake order.
func placeLocal(s *state) ([]Loc, error) {
	p := newPlacer(s, s.m.snakeOrder())
	if err := p.pin(); err != nil {
		return nil, err
	}
	for _, pop := range s.popOrder() {
		for _, sl := range s.pt.ByPop[pop] {
			for _, v := range []int{sl, s.vertices[sl].Delay} {
				if v < 0 || p.out[v].Chip >= 0 {
					continue
				}
				if !p.next(v) {
					return nil, s.noRoom(v)
				}
			}
		}
	}
	return p.out, nil
}

// placeNaive is the baseline: vertices in creation order (every neuron
// slice, then every delay core) onto chips in index order.
func placeNaive(s *state) ([]Loc, error) {
	order := make([]int, len(s.m.Chips))
	for i := range order {
		order[i] = i
	}
	p := newPlacer(s, order)
	if err := p.pin(); err != nil {
		return nil, err
	}
	for v := range s.vertices {
		if p.out[v].Chip < 0 && !p.next(v) {
			return nil, s.noRoom(v)
		}
	}
	return p.out, nil
}

// noRoom explains a failed placement.
func (s *state) noRoom(v int) error {
	var neurons, delays int
	for i := range s.vertices {
		if s.vertices[i].Kind == DelayVertex {
			delays++
		} else {
			neurons++
		}
	}
	have := s.m.AppCores()
	if neurons+delays > have {
		return fitErrorf(s.name(v), "cores", "the network needs %d cores (%d for neurons and sources, %d for delay extensions) but %s has %d working application cores: use a larger machine (e.g. machine = boards(w, h)) or raise neurons_per_core",
			neurons+delays, neurons, delays, s.m.Describe(), have)
	}
	return fitErrorf(s.name(v), "SDRAM", "no chip has room for %s (%s SDRAM): the chips' SDRAM (%s each for applications) is taken by other cores: use a larger machine or reduce recording",
		s.name(v), mb(s.res[v].SDRAM.Bytes), mb(s.m.SDRAMPerChip))
}

// place runs both placers and keeps the locality-aware one (or the naive
// one, when asked); the naive placement is kept for the report's
// comparison, and its failure does not fail the compilation.
func place(s *state) error {
	var err error
	if s.opt.Placer == "naive" {
		s.naive, err = placeNaive(s)
		s.loc = s.naive
		return err
	}
	if s.loc, err = placeLocal(s); err != nil {
		return err
	}
	s.naive, _ = placeNaive(s)
	return nil
}
