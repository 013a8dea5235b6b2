package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/snn-sim/snn/dsl"
	"github.com/snn-sim/snn/ir"
	"github.com/spf13/cobra"
)

func newCheckCmd(e *env) *cobra.Command {
	var asJSON, all bool
	var seed uint64
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Check a .snn file and summarise the network",
		Long: `Check parses FILE and the files it imports, checks names, dimensions,
ranges and references, and prints a summary: populations and their models,
projections with their connectors and expected synapse counts, totals.

With --json it prints one JSON object instead:
  {"network": name or null, "neurons": N, "sources": M,
   "populations": {"name": size, ...}, "projections": K, "synapses_expected": S}
N counts every neuron, sources included; M the source neurons among them.
S is exact for deterministic connectors and the expectation, rounded to
the nearest integer, for random ones.`,
		Example: "  snn check examples/cuba.snn\n  snn check --json examples/cuba.snn",
		Args:    oneFile,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			opt := seedOption(cmd, &seed)
			net, err := checkFile(e, args[0], opt)
			if err != nil {
				return err
			}
			s := summarize(net)
			var out []byte
			if asJSON {
				out, err = json.MarshalIndent(s.json(), "", "  ")
				if err != nil {
					panic(fmt.Sprintf("encoding the summary: %v", err))
				}
				out = append(out, '\n')
			} else {
				out = s.text(all)
			}
			return writeStdout(e, out)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as one JSON object")
	cmd.Flags().BoolVar(&all, "all", false, fmt.Sprintf("list every population and projection (the summary shows %d of each)", maxRows))
	cmd.Flags().Uint64Var(&seed, "seed", 0, "override the network's seed with `N`")
	return cmd
}

// seedOption is the front end's options for a command with a --seed flag:
// the flag overrides the network's seed only when it was given.
func seedOption(cmd *cobra.Command, seed *uint64) dsl.Options {
	if cmd.Flags().Changed("seed") {
		return dsl.Options{Seed: seed}
	}
	return dsl.Options{}
}

// checkFile runs the front end on path. Errors in the .snn files are printed
// to stderr as file:line:col diagnostics; an unreadable root file gives a
// plain message.
func checkFile(e *env, path string, opt dsl.Options) (*ir.Network, error) {
	net, _, err := checkFileSources(e, path, opt)
	return net, err
}

// checkFileSources is checkFile that also returns the source text of every
// file read, for printing later errors that point into them.
func checkFileSources(e *env, path string, opt dsl.Options) (*ir.Network, map[string][]byte, error) {
	res, err := dsl.Check(path, opt)
	if err == nil {
		if res == nil || res.Network == nil {
			panic("dsl.Check returned no network and no error")
		}
		return res.Network, res.Sources, nil
	}
	var list dsl.ErrorList
	var one *dsl.Error
	if errors.As(err, &list) || errors.As(err, &one) {
		var sources map[string][]byte
		if res != nil {
			sources = res.Sources
		}
		dsl.Print(e.stderr, err, sources)
		return nil, nil, errReported
	}
	return nil, nil, &exitError{code: exitInput, msg: err.Error()}
}

// writeStdout writes a command's whole output at once, so that a failure
// while preparing it leaves stdout empty.
func writeStdout(e *env, out []byte) error {
	if _, err := e.stdout.Write(out); err != nil {
		return inputErrorf("cannot write output: %v", describePathError(err))
	}
	return nil
}

// summary is what check reports about a network.
type summary struct {
	net      *ir.Network
	neurons  int64
	sources  int64
	expected []float64 // per projection
	exact    []bool
	totalSyn float64
	allExact bool
}

func summarize(n *ir.Network) *summary {
	s := &summary{net: n, allExact: true}
	for _, p := range n.Populations {
		s.neurons += int64(p.Size)
		if p.IsSource() {
			s.sources += int64(p.Size)
		}
	}
	for _, p := range n.Projections {
		x, exact := n.ExpectedSynapses(p)
		s.expected = append(s.expected, x)
		s.exact = append(s.exact, exact)
		s.totalSyn += x
		s.allExact = s.allExact && exact
	}
	return s
}

// orderedCounts is a JSON object of population sizes that keeps the
// populations in the order they were declared.
type orderedCounts struct {
	names []string
	sizes []int
}

func (o orderedCounts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for k, name := range o.names {
		if k > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(o.sizes[k]))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// checkJSON is the contract's object for check --json, keys in its order.
type checkJSON struct {
	Network          *string       `json:"network"`
	Neurons          int64         `json:"neurons"`
	Sources          int64         `json:"sources"`
	Populations      orderedCounts `json:"populations"`
	Projections      int           `json:"projections"`
	SynapsesExpected int64         `json:"synapses_expected"`
}

func (s *summary) json() checkJSON {
	n := s.net
	j := checkJSON{
		Neurons:          s.neurons,
		Sources:          s.sources,
		Projections:      len(n.Projections),
		SynapsesExpected: int64(math.Round(s.totalSyn)),
	}
	if n.Name != "" {
		name := n.Name
		j.Network = &name
	}
	for _, p := range n.Populations {
		j.Populations.names = append(j.Populations.names, p.Name)
		j.Populations.sizes = append(j.Populations.sizes, p.Size)
	}
	return j
}

// maxRows is how many populations, and how many projections, the summary
// lists without --all.
const maxRows = 20

// maxConnector is the longest connector description the summary prints.
const maxConnector = 50

// shown is how many of k rows the summary lists.
func shown(k int, all bool) int {
	if all || k <= maxRows+2 {
		return k
	}
	return maxRows
}

// text is the human summary, meant to fit on one screen: without all, long
// lists are cut after maxRows rows.
func (s *summary) text(all bool) []byte {
	n := s.net
	var b bytes.Buffer
	if n.Name == "" {
		b.WriteString("library (no network statement)\n")
	} else {
		fmt.Fprintf(&b, "network %s", n.Name)
		if n.Description != "" {
			fmt.Fprintf(&b, ": %s", n.Description)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "  dt %s ms, duration %s ms (%d steps), seed %d\n", num(n.DT), num(n.Duration), n.Steps(), n.Seed)

	if len(n.Populations) > 0 {
		fmt.Fprintf(&b, "\npopulations (%d)\n", len(n.Populations))
		wName, wSize := 0, 0
		for _, p := range n.Populations {
			wName = max(wName, len(p.Name))
			wSize = max(wSize, len(strconv.Itoa(p.Size)))
		}
		pops := n.Populations[:shown(len(n.Populations), all)]
		for _, p := range pops {
			model := p.Model
			if p.Type != "" && p.Type != p.Model {
				model += " (" + p.Type + ")"
			}
			if p.IsSource() {
				model += "  [source]"
			}
			fmt.Fprintf(&b, "  %-*s  %*d  %s\n", wName, p.Name, wSize, p.Size, model)
		}
		more(&b, len(n.Populations)-len(pops))
	}

	if len(n.Projections) > 0 {
		fmt.Fprintf(&b, "\nprojections (%d)\n", len(n.Projections))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		projs := n.Projections[:shown(len(n.Projections), all)]
		for k, p := range projs {
			fmt.Fprintf(tw, "  %s\t%s -> %s\t%s\t%s\t%s synapses\n",
				p.Name, s.selection(p.Pre), s.selection(p.Post),
				truncate(connector(p.Connector), maxConnector),
				projectionKind(p), count(s.expected[k], s.exact[k]))
		}
		tw.Flush()
		more(&b, len(n.Projections)-len(projs))
	}

	var extra []string
	add := func(k int, what string) {
		if k > 0 {
			extra = append(extra, plural(k, what))
		}
	}
	add(len(n.Currents), "current")
	add(len(n.Recordings), "recording")
	if len(n.Targets) > 0 {
		var names []string
		for _, t := range n.Targets {
			names = append(names, t.Name+" ("+t.Kind+")")
		}
		extra = append(extra, plural(len(n.Targets), "target")+": "+strings.Join(names, ", "))
	}
	if len(n.Tasks) > 0 {
		var names []string
		for _, t := range n.Tasks {
			names = append(names, t.Name)
		}
		extra = append(extra, plural(len(n.Tasks), "task")+": "+strings.Join(names, ", "))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "\nalso: %s\n", strings.Join(extra, "; "))
	}

	fmt.Fprintf(&b, "\ntotal: %s (%s), %s, %s synapses",
		plural64(s.neurons, "neuron"), plural64(s.sources, "source"),
		plural(len(n.Projections), "projection"), count(s.totalSyn, s.allExact))
	if !s.allExact {
		b.WriteString(" expected")
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// more notes rows left out of a list.
func more(b *bytes.Buffer, k int) {
	if k > 0 {
		fmt.Fprintf(b, "  ... and %d more (--all lists them)\n", k)
	}
}

// truncate shortens s to at most n runes, marking the cut with "...".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

// selection prints a connect target as written: a whole population by its
// name, a part as name[lo:hi], a union in parentheses.
func (s *summary) selection(sel ir.Selection) string {
	parts := make([]string, len(sel))
	for k, sl := range sel {
		p := s.net.Population(sl.Population)
		switch {
		case p != nil && sl.Lo == 0 && sl.Hi == p.Size:
			parts[k] = sl.Population
		case sl.Hi == sl.Lo+1:
			parts[k] = fmt.Sprintf("%s[%d]", sl.Population, sl.Lo)
		default:
			parts[k] = fmt.Sprintf("%s[%d:%d]", sl.Population, sl.Lo, sl.Hi)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// connector describes a connector in the language's syntax, briefly.
func connector(c ir.Connector) string {
	var args []string
	switch c.Kind {
	case "fixed_probability":
		args = append(args, num(c.P))
	case "fixed_number_pre", "fixed_number_post", "fixed_total":
		args = append(args, strconv.FormatInt(c.N, 10))
	case "distance":
		if c.PExpr != nil {
			args = append(args, "p = "+c.PExpr.String())
		}
	case "from_list":
		args = append(args, plural(len(c.Pairs)/2, "pair"))
	case "from_file", "from_npy":
		if c.Source != "" {
			args = append(args, strconv.Quote(c.Source))
		}
	}
	if c.Condition != nil {
		args = append(args, "condition = "+c.Condition.String())
	}
	if len(args) == 0 {
		return c.Kind
	}
	return c.Kind + "(" + strings.Join(args, ", ") + ")"
}

// projectionKind is the receptor and, when not static, the synapse model.
func projectionKind(p *ir.Projection) string {
	s := p.Receptor
	if p.Synapse.Model != "" && p.Synapse.Model != "static" {
		s += ", " + p.Synapse.Model
	}
	return s
}

// count prints a synapse count: an integer when exact, "~" and the
// expectation (to about three significant figures past 1000) otherwise.
func count(x float64, exact bool) string {
	if exact {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	switch {
	case x >= 100:
		return "~" + strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	default:
		return "~" + strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
	}
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func plural(k int, what string) string { return plural64(int64(k), what) }

func plural64(k int64, what string) string {
	if k == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", k, what)
}
