package spinnaker

import (
	"strings"
	"testing"

	"github.com/snn-sim/snn/ir"
)

func machineFor(t *testing.T, mc *ir.Machine, edit func(*ir.Target)) (*Machine, error) {
	t.Helper()
	tg := newNet("m").target(mc, nil)
	if edit != nil {
		edit(tg)
	}
	return NewMachine(tg)
}

// checkLinks: every link leads to a chip whose opposite link leads back.
func checkLinks(t *testing.T, m *Machine) {
	t.Helper()
	for i, c := range m.Chips {
		for l, n := range c.Neighbour {
			if n < 0 {
				continue
			}
			if back := m.Chips[n].Neighbour[(l+3)%6]; int(back) != i {
				t.Fatalf("%s: chip (%d, %d) link %d leads to (%d, %d), whose link %d leads to %d", m.Describe(), c.X, c.Y, l, m.Chips[n].X, m.Chips[n].Y, (l+3)%6, back)
			}
		}
	}
}

func TestMachineShapes(t *testing.T) {
	cases := []struct {
		mc                 *ir.Machine
		chips, links, wrap int // links: working directed links in total
	}{
		{&ir.Machine{Kind: "spin3"}, 4, 2 * 5, 0}, // 4 sides + 1 diagonal, both ways
		{&ir.Machine{Kind: "spin5"}, 48, 0, 0},
		{nil, 48, 0, 0}, // the default machine is a SpiNN-5 board
		// boards(w, h) = w x h triads of 3 boards: 12w x 12h chips
		{&ir.Machine{Kind: "boards", W: 1, H: 1}, 144, 144 * 6, 1},
		{&ir.Machine{Kind: "boards", W: 2, H: 2}, 576, 576 * 6, 1},
		{&ir.Machine{Kind: "boards", W: 3, H: 1}, 432, 432 * 6, 1},
	}
	for _, c := range cases {
		m, err := machineFor(t, c.mc, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Chips) != c.chips || m.AppCores() != 17*c.chips {
			t.Errorf("%s: %d chips, %d app cores; want %d, %d", m.Describe(), len(m.Chips), m.AppCores(), c.chips, 17*c.chips)
		}
		links := 0
		for _, ch := range m.Chips {
			for _, n := range ch.Neighbour {
				if n >= 0 {
					links++
				}
			}
		}
		if c.links > 0 && links != c.links {
			t.Errorf("%s: %d directed links, want %d", m.Describe(), links, c.links)
		}
		if m.Wrap != (c.wrap == 1) {
			t.Errorf("%s: wrap %v", m.Describe(), m.Wrap)
		}
		checkLinks(t, m)
		if m.Wrap {
			// the contract's link rule, with x mod width and y mod height
			for _, ch := range m.Chips {
				for l, n := range ch.Neighbour {
					d := [6][2]int{{1, 0}, {1, 1}, {0, 1}, {-1, 0}, {-1, -1}, {0, -1}}[l]
					wx, wy := (ch.X+d[0]+m.Width)%m.Width, (ch.Y+d[1]+m.Height)%m.Height
					if o := m.Chips[n]; o.X != wx || o.Y != wy {
						t.Fatalf("%s: chip (%d, %d) link %d leads to (%d, %d), want (%d, %d)", m.Describe(), ch.X, ch.Y, l, o.X, o.Y, wx, wy)
					}
				}
			}
		}
	}
	// A SpiNN-5 board: the hexagon of 48 chips. Chip (0, 0) has links E,
	// NE, N only; (7, 7) W, SW, S only; (4, 0) is on the board, (5, 0) not.
	m, _ := machineFor(t, &ir.Machine{Kind: "spin5"}, nil)
	if m.ChipAt(4, 0) < 0 || m.ChipAt(5, 0) >= 0 || m.ChipAt(0, 4) >= 0 || m.ChipAt(7, 7) < 0 {
		t.Error("spin5 does not have the SpiNN-5 hexagonal shape")
	}
	c00 := m.Chips[m.ChipAt(0, 0)]
	if c00.Neighbour[0] < 0 || c00.Neighbour[1] < 0 || c00.Neighbour[2] < 0 || c00.Neighbour[3] >= 0 || c00.Neighbour[4] >= 0 || c00.Neighbour[5] >= 0 {
		t.Errorf("chip (0, 0) of spin5 has links %v, want E, NE, N only", c00.Neighbour)
	}
	// On the torus, the hop distance is symmetric and at most the
	// diameter of the 192-chip torus.
	m, _ = machineFor(t, &ir.Machine{Kind: "boards", W: 2, H: 2}, nil)
	for a := range m.Chips {
		for b := range m.Chips {
			if d := m.Distance(a, b); d != m.Distance(b, a) || d > 16 {
				t.Fatalf("distance %d between chips %d and %d", d, a, b)
			}
		}
	}
}

func TestMachineFaults(t *testing.T) {
	m, err := machineFor(t, &ir.Machine{Kind: "spin5"}, func(tg *ir.Target) {
		tg.DeadChips = [][2]int{{3, 3}}
		tg.DeadCores = [][3]int{{0, 0, 5}, {1, 0, 17}}
		tg.DeadLinks = [][3]int{{1, 1, 0}}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Chips) != 47 || m.ChipAt(3, 3) >= 0 || m.AppCores() != 47*17-2 {
		t.Errorf("%d chips, %d app cores", len(m.Chips), m.AppCores())
	}
	a, b := m.Chips[m.ChipAt(1, 1)], m.Chips[m.ChipAt(2, 1)]
	if a.Neighbour[0] >= 0 || b.Neighbour[3] >= 0 {
		t.Error("dead link (1, 1, 0) still works in one direction")
	}
	if m.Chips[m.ChipAt(2, 2)].Neighbour[1] >= 0 || m.Chips[m.ChipAt(4, 4)].Neighbour[4] >= 0 {
		t.Error("links into the dead chip (3, 3) still work")
	}
	checkLinks(t, m)
	for _, bad := range []struct {
		edit func(*ir.Target)
		want string
	}{
		{func(tg *ir.Target) { tg.DeadChips = [][2]int{{9, 9}} }, "not a chip of spin5"},
		{func(tg *ir.Target) { tg.DeadCores = [][3]int{{0, 0, 18}} }, "cores 0..17"},
		{func(tg *ir.Target) { tg.DeadCores = [][3]int{{0, 0, 0}} }, "monitor"},
		{func(tg *ir.Target) { tg.DeadLinks = [][3]int{{0, 0, 6}} }, "numbered 0..5"},
		{func(tg *ir.Target) { tg.Machine = &ir.Machine{Kind: "spin9"} }, "unknown machine"},
	} {
		_, err := machineFor(t, &ir.Machine{Kind: "spin5"}, bad.edit)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("got %v, want an error containing %q", err, bad.want)
		}
	}
}

// TestRoutesAvoidFaults: with a wall of dead links across a board, trees
// go around it, and default routing still carries straight hops.
func TestRoutesAvoidFaults(t *testing.T) {
	b := newNet("wall")
	b.pop("a", "lif_curr_exp", 10)
	b.pop("z", "lif_curr_exp", 10)
	b.connect("a", "z", ir.Connector{Kind: "all_to_all"}, ir.Const(1))
	tg := b.target(&ir.Machine{Kind: "spin5"}, nil)
	tg.Place = []ir.Placement{{Population: "a", X: 0, Y: 0}, {Population: "z", X: 7, Y: 7}}
	res, err := Compile(b.net, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := expectedCores(t, b.net, res, 1)
	checkRoutes(t, tg, res, exp)
	if res.Links != 7 {
		t.Errorf("(0, 0) -> (7, 7) uses %d links, want 7 diagonal hops", res.Links)
	}
	defaults := 0
	for _, tb := range res.Tables {
		defaults += len(tb.Default)
	}
	if defaults != 6 {
		t.Errorf("%d default-routed hops on the diagonal, want the 6 inner chips", defaults)
	}
	// Kill the diagonal's middle link: the route detours, still correct.
	tg.DeadLinks = [][3]int{{3, 3, 1}}
	res, err = Compile(b.net, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkRoutes(t, tg, res, expectedCores(t, b.net, res, 1))
	if res.Links <= 7 {
		t.Errorf("detour uses %d links, want more than 7", res.Links)
	}
	// Cut (7, 7) off entirely: a clear error.
	tg.DeadLinks = [][3]int{{7, 7, 3}, {7, 7, 4}, {7, 7, 5}}
	if _, err = Compile(b.net, tg, Options{}); err == nil || !strings.Contains(err.Error(), "cannot reach chip (7, 7)") {
		t.Errorf("got %v, want a routing error naming chip (7, 7)", err)
	}
}
