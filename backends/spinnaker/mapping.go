package spinnaker

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/snn-sim/snn/compiler"
)

// Result is a finished mapping: what mapping.json and report.txt say.
type Result struct {
	Network string
	Target  string
	Machine *Machine
	// Vertices, Locs, Res and Keys are parallel: one per core used.
	Vertices []Vertex
	Names    []string
	Locs     []Loc
	Res      []Resources
	Keys     []compiler.Key
	Targets  [][]int
	Tables   []Table
	Timings  []compiler.Timing
	// SynapsesExact is false when rows were estimated statistically.
	SynapsesExact bool
	Synapses      float64
	// Links is the total of inter-chip links in the multicast trees of the
	// chosen placement, NaiveLinks of the naive one (-1: it did not route).
	Links, NaiveLinks int
	Placer            string
}

func (s *state) result(ts []compiler.Timing) *Result {
	r := &Result{
		Network: s.net.Name, Target: s.target.Name, Machine: s.m,
		Vertices: s.vertices, Locs: s.loc, Res: s.res, Keys: s.keys, Targets: s.targets,
		Tables: s.tables, Timings: ts, SynapsesExact: s.exact,
		Links: s.links, NaiveLinks: s.naiveLinks, Placer: s.opt.Placer,
	}
	if r.Placer == "" {
		r.Placer = "locality"
	}
	for v := range s.vertices {
		r.Names = append(r.Names, s.name(v))
	}
	for i := range s.stats {
		r.Synapses += s.stats[i].Synapses()
	}
	return r
}

// TableSizes returns the largest table before and after compression.
func (r *Result) TableSizes() (before, after int) {
	for _, t := range r.Tables {
		before, after = max(before, len(t.Entries)), max(after, len(t.Compressed))
	}
	return
}

type jsonChip struct {
	X         int       `json:"x"`
	Y         int       `json:"y"`
	Cores     int       `json:"cores"`
	DeadCores []int     `json:"dead_cores"`
	DeadLinks []int     `json:"dead_links"`
	Neighbour []*[2]int `json:"neighbours"`
}

type jsonSlice struct {
	Population string `json:"population"`
	Kind       string `json:"kind"`
	Lo         int    `json:"lo"`
	Hi         int    `json:"hi"`
	Stages     int    `json:"stages,omitempty"`
	AtomBits   int    `json:"atom_bits"`
	Chip       [2]int `json:"chip"`
	Core       int    `json:"core"`
	SDRAM      int64  `json:"sdram_bytes"`
	DTCM       int64  `json:"dtcm_bytes"`
	ITCM       int64  `json:"itcm_bytes"`
	Key        uint32 `json:"key"`
	Mask       uint32 `json:"mask"`
	Targets    []int  `json:"targets"`
}

type jsonEntry struct {
	Key   uint32 `json:"key"`
	Mask  uint32 `json:"mask"`
	Links []int  `json:"links"`
	Cores []int  `json:"cores"`
}

type jsonTable struct {
	Chip    [2]int      `json:"chip"`
	Entries []jsonEntry `json:"entries"`
}

type jsonSize struct {
	Chip    [2]int `json:"chip"`
	Entries int    `json:"entries"`
	Full    int    `json:"without_default_routing"`
}

// MappingJSON renders mapping.json (cli-and-outputs.md), with a few
// additions a reader needs: each slice's kind, the index of the slices
// its packets reach, the delay stages of a delay core (whose stage s of
// neuron n sends key | (s-1)<<atom_bits | (n-lo)), each chip's neighbour
// on every link (so a reader needs no wrap arithmetic), and the per-pass
// times.
func (r *Result) MappingJSON(popNames []string) ([]byte, error) {
	m := r.Machine
	xy := func(c int) [2]int { return [2]int{m.Chips[c].X, m.Chips[c].Y} }
	type jsonMachine struct {
		Kind   string     `json:"kind"`
		Width  int        `json:"width"`
		Height int        `json:"height"`
		Wrap   bool       `json:"wrap"`
		Boards int        `json:"boards"`
		Chips  []jsonChip `json:"chips"`
	}
	jm := jsonMachine{Kind: m.Describe(), Width: m.Width, Height: m.Height, Wrap: m.Wrap, Boards: m.Boards}
	for _, c := range m.Chips {
		jc := jsonChip{X: c.X, Y: c.Y, Cores: m.CoresPerChip, DeadCores: nonNil(c.DeadCores), DeadLinks: nonNil(c.DeadLinks)}
		slices.Sort(jc.DeadCores)
		slices.Sort(jc.DeadLinks)
		for _, n := range c.Neighbour {
			if n < 0 {
				jc.Neighbour = append(jc.Neighbour, nil)
			} else {
				p := xy(int(n))
				jc.Neighbour = append(jc.Neighbour, &p)
			}
		}
		jm.Chips = append(jm.Chips, jc)
	}
	var sl []jsonSlice
	for v := range r.Vertices {
		x := &r.Vertices[v]
		sl = append(sl, jsonSlice{
			Population: popNames[x.Pop], Kind: x.Kind.String(), Lo: x.Lo, Hi: x.Hi, Stages: x.Stages,
			AtomBits: x.atomBits(), Chip: xy(r.Locs[v].Chip), Core: r.Locs[v].Core,
			SDRAM: r.Res[v].SDRAM.Bytes, DTCM: r.Res[v].DTCM.Bytes, ITCM: r.Res[v].ITCM.Bytes,
			Key: r.Keys[v].Key, Mask: r.Keys[v].Mask, Targets: nonNil(r.Targets[v]),
		})
	}
	var tabs []jsonTable
	var sizes []jsonSize
	for _, t := range r.Tables {
		if t.Full == 0 {
			continue
		}
		jt := jsonTable{Chip: xy(t.Chip), Entries: []jsonEntry{}}
		for _, e := range t.Compressed {
			je := jsonEntry{Key: e.Key, Mask: e.Mask, Links: []int{}, Cores: []int{}}
			for l := range NumLinks {
				if e.Route&(1<<l) != 0 {
					je.Links = append(je.Links, l)
				}
			}
			for p := range 32 - coreShift {
				if e.Route&(1<<(coreShift+p)) != 0 {
					je.Cores = append(je.Cores, p)
				}
			}
			jt.Entries = append(jt.Entries, je)
		}
		tabs = append(tabs, jt)
		sizes = append(sizes, jsonSize{Chip: xy(t.Chip), Entries: len(t.Entries), Full: t.Full})
	}
	out := struct {
		Target       string            `json:"target"`
		TargetName   string            `json:"target_name"`
		Network      string            `json:"network"`
		Machine      jsonMachine       `json:"machine"`
		Slices       []jsonSlice       `json:"slices"`
		Tables       []jsonTable       `json:"routing_tables"`
		Uncompressed []jsonSize        `json:"routing_tables_uncompressed_sizes"`
		Exact        bool              `json:"synapses_exact"`
		Synapses     float64           `json:"synapses"`
		Placement    map[string]any    `json:"placement"`
		Timings      []compiler.Timing `json:"timing_s"`
	}{
		Target: "spinnaker", TargetName: r.Target, Network: r.Network, Machine: jm, Slices: sl,
		Tables: nonNil(tabs), Uncompressed: nonNil(sizes), Exact: r.SynapsesExact, Synapses: r.Synapses,
		Placement: map[string]any{"placer": r.Placer, "tree_links": r.Links, "naive_tree_links": r.NaiveLinks},
		Timings:   r.Timings,
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Report renders report.txt: the summary, the per-pass times, placement
// by core with each core's memory and why, and the routing tables' sizes
// before and after compression.
func (r *Result) Report(popNames []string) []byte {
	var b strings.Builder
	m := r.Machine
	xy := func(c int) string { return fmt.Sprintf("(%d, %d)", m.Chips[c].X, m.Chips[c].Y) }
	counts := map[VertexKind]int{}
	chipsUsed := map[int]bool{}
	for v := range r.Vertices {
		counts[r.Vertices[v].Kind]++
		chipsUsed[r.Locs[v].Chip] = true
	}
	fmt.Fprintf(&b, "snn compile: network %s onto target %s (spinnaker, %s)\n\n", r.Network, r.Target, m.Describe())
	fmt.Fprintf(&b, "machine      %d chips (%d x %d, wrap %v), %d boards, %d working application cores, router %d entries\n",
		len(m.Chips), m.Width, m.Height, m.Wrap, m.Boards, m.AppCores(), m.RouterEntries)
	how := "exact (expanded)"
	if !r.SynapsesExact {
		how = "estimated statistically (not expanded)"
	}
	fmt.Fprintf(&b, "synapses     %.0f, %s\n", r.Synapses, how)
	fmt.Fprintf(&b, "cores used   %d (%d neuron, %d source, %d delay extension) on %d chips\n",
		len(r.Vertices), counts[NeuronVertex], counts[SourceVertex], counts[DelayVertex], len(chipsUsed))
	naive := "did not route"
	if r.NaiveLinks >= 0 {
		naive = fmt.Sprintf("%d", r.NaiveLinks)
	}
	fmt.Fprintf(&b, "placement    %s placer: %d links in the multicast trees (naive placer: %s)\n", r.Placer, r.Links, naive)
	before, after := r.TableSizes()
	full := 0
	for _, t := range r.Tables {
		full = max(full, t.Full)
	}
	fmt.Fprintf(&b, "routing      largest table: %d entries without default routing, %d generated, %d compressed (limit %d)\n\n", full, before, after, m.RouterEntries)

	fmt.Fprintf(&b, "Time per pass\n%s\n", compiler.FormatTimings(r.Timings))

	// Placement by core.
	byChip := map[int][]int{}
	for v, l := range r.Locs {
		byChip[l.Chip] = append(byChip[l.Chip], v)
	}
	var chips []int
	for c := range byChip {
		chips = append(chips, c)
	}
	slices.Sort(chips)
	fmt.Fprintf(&b, "Placement by core (SDRAM, DTCM, ITCM per core)\n")
	for _, c := range chips {
		vs := byChip[c]
		slices.SortFunc(vs, func(a, b int) int { return r.Locs[a].Core - r.Locs[b].Core })
		var sd int64
		for _, v := range vs {
			sd += r.Res[v].SDRAM.Bytes
		}
		fmt.Fprintf(&b, "  chip %s: %d cores, SDRAM %s of %s\n", xy(c), len(vs), mb(sd), mb(m.SDRAMPerChip))
		for _, v := range vs {
			rs := &r.Res[v]
			fmt.Fprintf(&b, "    core %2d  %-28s %-7s SDRAM %10d B  DTCM %6d B  ITCM %6d B\n",
				r.Locs[v].Core, r.Names[v], r.Vertices[v].Kind, rs.SDRAM.Bytes, rs.DTCM.Bytes, rs.ITCM.Bytes)
		}
	}

	fmt.Fprintf(&b, "\nRouting tables (entries: without default routing / generated / compressed)\n")
	for _, t := range r.Tables {
		if t.Full == 0 {
			continue
		}
		fmt.Fprintf(&b, "  chip %-9s %5d / %5d / %5d\n", xy(t.Chip), t.Full, len(t.Entries), len(t.Compressed))
	}

	fmt.Fprintf(&b, "\nMemory by core, and why\n")
	for v := range r.Vertices {
		rs := &r.Res[v]
		fmt.Fprintf(&b, "  %s on chip %s core %d\n", r.Names[v], xy(r.Locs[v].Chip), r.Locs[v].Core)
		for _, u := range []struct {
			name string
			u    *Usage
			of   int64
		}{{"SDRAM", &rs.SDRAM, m.SDRAMPerChip}, {"DTCM", &rs.DTCM, m.DTCM}, {"ITCM", &rs.ITCM, m.ITCM}} {
			var parts []string
			for _, p := range u.u.Parts {
				parts = append(parts, fmt.Sprintf("%s %d", p.What, p.Bytes))
			}
			per := "of the core's"
			if u.name == "SDRAM" {
				per = "of the chip's"
			}
			fmt.Fprintf(&b, "    %-5s %9d B (%4.1f %% %s): %s\n", u.name, u.u.Bytes, 100*float64(u.u.Bytes)/float64(u.of), per, strings.Join(parts, ", "))
		}
	}
	return []byte(b.String())
}
