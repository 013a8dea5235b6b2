package spinnaker

import (
	"fmt"
	"slices"

	"github.com/snn-sim/snn/ir"
)

// Chip is one chip of the machine.
type Chip struct {
	X, Y  int
	Board int
	// Cores are the application cores that work (1..cores_per_chip-1,
	// minus dead ones); core 0 is the monitor.
	Cores     []int
	DeadCores []int
	DeadLinks []int
	// Neighbour[l] is the index of the chip link l leads to, or -1 when
	// there is no working link.
	Neighbour [NumLinks]int32
}

// Machine is a SpiNNaker machine: its chips, their links, and the
// resources of a chip and a core.
type Machine struct {
	Kind          string // "spin3", "spin5", "boards"
	BoardsW       int    // boards(w, h)
	BoardsH       int
	Width, Height int // bounding box of the chip coordinates
	Wrap          bool
	Boards        int
	Chips         []Chip
	index         map[[2]int]int
	periods       [][2]int // wrap vectors of the torus (12w, 0) and (0, 12h)

	CoresPerChip  int   // including the monitor
	SDRAMPerChip  int64 // usable by applications
	DTCM, ITCM    int64 // per core
	RouterEntries int
}

// ChipAt returns the index of the chip at (x, y), or -1.
func (m *Machine) ChipAt(x, y int) int {
	if i, ok := m.index[[2]int{x, y}]; ok {
		return i
	}
	return -1
}

// NewMachine builds the machine of a spinnaker target: its shape, its
// resources from the target's parameters, and its declared faults.
func NewMachine(t *ir.Target) (*Machine, error) {
	m := &Machine{
		CoresPerChip:  paramInt(t, "cores_per_chip", 18),
		SDRAMPerChip:  int64(paramFloat(t, "sdram_per_chip", 128*1024*1024)) - sdramSystemBytes,
		DTCM:          int64(paramFloat(t, "dtcm", 64*1024)),
		ITCM:          int64(paramFloat(t, "itcm", 32*1024)),
		RouterEntries: paramInt(t, "router_entries", 1023),
	}
	if m.CoresPerChip < 2 {
		return nil, fmt.Errorf("target %s: cores_per_chip = %d leaves no application core (core 0 is the monitor)", t.Name, m.CoresPerChip)
	}
	if m.SDRAMPerChip <= 0 {
		return nil, fmt.Errorf("target %s: sdram_per_chip must exceed the %d B the system keeps", t.Name, sdramSystemBytes)
	}
	kind, w, h := "spin5", 1, 1
	if t.Machine != nil {
		kind, w, h = t.Machine.Kind, t.Machine.W, t.Machine.H
	}
	var coords [][3]int // x, y, board
	switch kind {
	case "spin3":
		coords = [][3]int{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}}
		m.Width, m.Height, m.Boards = 2, 2, 1
	case "spin5":
		coords = boardChipsAt(0, 0, 0)
		m.Width, m.Height, m.Boards = 8, 8, 1
	case "boards":
		if w < 1 || h < 1 {
			return nil, fmt.Errorf("target %s: boards(%d, %d) needs at least one triad (3 boards) each way", t.Name, w, h)
		}
		// boards(w, h) is w x h triads, the unit SpiNNaker builds its tori
		// from (SpiNNMachine, spalloc): three SpiNN-5 boards with their
		// chip (0, 0) at (0, 0), (8, 4) and (4, 8) tile a 12 x 12 square,
		// so the machine is 12w x 12h chips (3wh boards) and wraps as a
		// rectangle: (x, y) and (x mod 12w, y mod 12h) are the same chip,
		// exactly the link rule of cli-and-outputs.md.
		W, H := 12*w, 12*h
		b := 0
		for ty := range h {
			for tx := range w {
				for _, o := range [][2]int{{0, 0}, {8, 4}, {4, 8}} {
					for _, c := range boardChipsAt(12*tx+o[0], 12*ty+o[1], b) {
						c[0], c[1] = c[0]%W, c[1]%H
						coords = append(coords, c)
					}
					b++
				}
			}
		}
		m.Boards = 3 * w * h
		m.BoardsW, m.BoardsH = w, h
		m.Wrap = true
		m.periods = [][2]int{{W, 0}, {0, H}}
		m.Width, m.Height = W, H
	default:
		return nil, fmt.Errorf("target %s: unknown machine %q (spin3, spin5 or boards(w, h))", t.Name, kind)
	}
	m.Kind = kind

	all := map[[2]int]bool{}
	for _, c := range coords {
		all[[2]int{c[0], c[1]}] = true
	}
	dead := map[[2]int]bool{}
	for _, d := range t.DeadChips {
		if !all[d] {
			return nil, fmt.Errorf("target %s: dead chip(%d, %d) is not a chip of %s", t.Name, d[0], d[1], describeKind(kind, w, h))
		}
		dead[d] = true
	}
	m.index = map[[2]int]int{}
	for _, c := range coords {
		if dead[[2]int{c[0], c[1]}] {
			continue
		}
		chip := Chip{X: c[0], Y: c[1], Board: c[2]}
		for p := 1; p < m.CoresPerChip; p++ {
			chip.Cores = append(chip.Cores, p)
		}
		m.index[[2]int{c[0], c[1]}] = len(m.Chips)
		m.Chips = append(m.Chips, chip)
	}
	for _, d := range t.DeadCores {
		i := m.ChipAt(d[0], d[1])
		switch {
		case i < 0 && all[[2]int{d[0], d[1]}]:
			continue // on a dead chip anyway
		case i < 0:
			return nil, fmt.Errorf("target %s: dead core(%d, %d, %d) is not on a chip of %s", t.Name, d[0], d[1], d[2], describeKind(kind, w, h))
		case d[2] < 0 || d[2] >= m.CoresPerChip:
			return nil, fmt.Errorf("target %s: dead core(%d, %d, %d): a chip has cores 0..%d", t.Name, d[0], d[1], d[2], m.CoresPerChip-1)
		case d[2] == monitorCore:
			return nil, fmt.Errorf("target %s: dead core(%d, %d, 0): core 0 is the monitor; a chip whose monitor is dead is a dead chip (dead_chips = [chip(%d, %d)])", t.Name, d[0], d[1], d[0], d[1])
		}
		c := &m.Chips[i]
		if k := slices.Index(c.Cores, d[2]); k >= 0 {
			c.Cores = slices.Delete(c.Cores, k, k+1)
			c.DeadCores = append(c.DeadCores, d[2])
		}
	}
	for i := range m.Chips {
		c := &m.Chips[i]
		for l := range NumLinks {
			c.Neighbour[l] = int32(m.locate(c.X+linkDelta[l][0], c.Y+linkDelta[l][1]))
		}
	}
	for _, d := range t.DeadLinks {
		i := m.ChipAt(d[0], d[1])
		switch {
		case i < 0 && all[[2]int{d[0], d[1]}]:
			continue
		case i < 0:
			return nil, fmt.Errorf("target %s: dead link(%d, %d, %d) is not on a chip of %s", t.Name, d[0], d[1], d[2], describeKind(kind, w, h))
		case d[2] < 0 || d[2] >= NumLinks:
			return nil, fmt.Errorf("target %s: dead link(%d, %d, %d): links are numbered 0..5 (E, NE, N, W, SW, S)", t.Name, d[0], d[1], d[2])
		}
		m.killLink(i, d[2])
	}
	return m, nil
}

// killLink removes the link l of chip i and its other end.
func (m *Machine) killLink(i, l int) {
	c := &m.Chips[i]
	if !slices.Contains(c.DeadLinks, l) {
		c.DeadLinks = append(c.DeadLinks, l)
	}
	j := c.Neighbour[l]
	c.Neighbour[l] = -1
	if j < 0 {
		return
	}
	o := &m.Chips[j]
	back := (l + 3) % NumLinks
	if !slices.Contains(o.DeadLinks, back) {
		o.DeadLinks = append(o.DeadLinks, back)
	}
	o.Neighbour[back] = -1
}

// locate returns the chip at (x, y), following the torus's wrap, or -1.
func (m *Machine) locate(x, y int) int {
	if i := m.ChipAt(x, y); i >= 0 || !m.Wrap {
		return i
	}
	for a := -1; a <= 1; a++ {
		for b := -1; b <= 1; b++ {
			px := x + a*m.periods[0][0] + b*m.periods[1][0]
			py := y + a*m.periods[0][1] + b*m.periods[1][1]
			if i := m.ChipAt(px, py); i >= 0 {
				return i
			}
		}
	}
	return -1
}

// boardChipsAt lists the 48 chips of a SpiNN-5 board whose chip (0, 0)
// sits at (x0, y0).
func boardChipsAt(x0, y0, board int) [][3]int {
	var out [][3]int
	for y, r := range spin5Rows {
		for x := r[0]; x <= r[1]; x++ {
			out = append(out, [3]int{x0 + x, y0 + y, board})
		}
	}
	return out
}

func describeKind(kind string, w, h int) string {
	if kind == "boards" {
		return fmt.Sprintf("boards(%d, %d)", w, h)
	}
	return kind
}

// Describe names the machine as the target block does.
func (m *Machine) Describe() string { return describeKind(m.Kind, m.BoardsW, m.BoardsH) }

// AppCores is the number of working application cores.
func (m *Machine) AppCores() int {
	n := 0
	for _, c := range m.Chips {
		n += len(c.Cores)
	}
	return n
}

// Distance is the number of hops between chips a and b on a fault-free
// machine of the same shape (the hexagonal metric, with the torus's wrap).
func (m *Machine) Distance(a, b int) int {
	dx, dy := m.displacement(a, b)
	return hexLen(dx, dy)
}

// displacement returns the shortest (dx, dy) from chip a to chip b.
func (m *Machine) displacement(a, b int) (int, int) {
	dx := m.Chips[b].X - m.Chips[a].X
	dy := m.Chips[b].Y - m.Chips[a].Y
	if !m.Wrap {
		return dx, dy
	}
	bx, by, best := dx, dy, hexLen(dx, dy)
	for i := -1; i <= 1; i++ {
		for j := -1; j <= 1; j++ {
			x := dx + i*m.periods[0][0] + j*m.periods[1][0]
			y := dy + i*m.periods[0][1] + j*m.periods[1][1]
			if d := hexLen(x, y); d < best {
				bx, by, best = x, y, d
			}
		}
	}
	return bx, by
}

// hexLen is the hop count of a displacement when the moves are E, N and
// NE (and their opposites): a diagonal move covers one step of each axis.
func hexLen(dx, dy int) int {
	if (dx >= 0) == (dy >= 0) {
		return max(abs(dx), abs(dy))
	}
	return abs(dx) + abs(dy)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func paramFloat(t *ir.Target, name string, def float64) float64 {
	if v, ok := t.Params[name]; ok && v.Kind == ir.KindConst {
		return v.X
	}
	return def
}

func paramInt(t *ir.Target, name string, def int) int {
	return int(paramFloat(t, name, float64(def)) + 0.5)
}
