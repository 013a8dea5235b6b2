package dsl

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/snn-sim/snn/ir"
)

// Options adjust a check.
type Options struct {
	// Seed, when set, overrides the network's seed (snn --seed).
	Seed *uint64
	// Duration, when set, overrides the network's duration in ms (snn run
	// --duration). It is applied before defaults that follow the duration
	// (a poisson source's or a current's stop) are filled in.
	Duration *float64
	// ReadFile reads source and data files; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
}

// Result is what Check found: the network (nil when there were errors) and
// the source text of every file read, for printing errors with their lines.
type Result struct {
	Network *ir.Network
	Sources map[string][]byte
	Files   []*File // the root file first, then its imports
}

// Check reads the .snn file at path and its imports, checks names,
// dimensions, ranges and references, and lowers the network to IR. All
// problems found are returned together as an ErrorList sorted by position;
// a file that cannot be read at all gives a plain error.
func Check(path string, opt Options) (*Result, error) {
	c := newChecker(opt)
	res := &Result{Sources: c.sources}
	if err := c.loadRoot(path); err != nil {
		return res, err
	}
	res.Files = c.files
	c.run()
	c.errs.Dedup()
	if err := c.errs.Err(); err != nil {
		return res, err
	}
	// The checker promises backends a valid network; one that fails
	// validation is a bug here, not in the user's file.
	if err := c.net.Validate(); err != nil {
		panic(fmt.Sprintf("dsl: a checked network fails IR validation: %v", err))
	}
	res.Network = c.net
	return res, nil
}

type letPhase int

const (
	letTodo letPhase = iota
	letBusy
	letDone
)

type letState struct {
	stmt  *Let
	state letPhase
	v     val
	ok    bool
}

type decl struct {
	kind string // "network", "let", "neuron type", "synapse type", "population", "connect", "current", "target", "task"
	pos  ir.Position
}

type popInfo struct {
	stmt *Population
	ir   *ir.Population
	spec *ir.ModelSpec
	ok   bool // the size is known
}

type checker struct {
	opt     Options
	errs    ErrorList
	sources map[string][]byte
	files   []*File
	dirs    map[*File]string // each file's folder, for relative paths
	fileOf  map[string]*File // by display name
	loaded  map[string]bool  // by cleaned path

	decls    map[string]decl
	letStack []*letState     // the lets being evaluated, to show a cycle
	rejected map[string]bool // names not declared because of an error already reported
	lets     map[string]*letState
	neurons  map[string]*TypeDef
	synapses map[string]*TypeDef
	pops     map[string]*popInfo
	connects map[string]*Connect

	network *NetworkStmt
	net     *ir.Network
}

func newChecker(opt Options) *checker {
	if opt.ReadFile == nil {
		opt.ReadFile = os.ReadFile
	}
	return &checker{
		opt: opt, sources: map[string][]byte{}, dirs: map[*File]string{},
		fileOf: map[string]*File{}, loaded: map[string]bool{}, decls: map[string]decl{}, rejected: map[string]bool{},
		lets: map[string]*letState{}, neurons: map[string]*TypeDef{}, synapses: map[string]*TypeDef{},
		pops: map[string]*popInfo{}, connects: map[string]*Connect{},
	}
}

// loadRoot reads the root file and, transitively, what it imports.
func (c *checker) loadRoot(path string) error {
	src, err := c.opt.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", path, describeIOError(err))
	}
	c.parse(path, src, []string{cleanAbs(path)})
	return nil
}

func describeIOError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func cleanAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

func (c *checker) parse(name string, src []byte, stack []string) {
	c.loaded[stack[len(stack)-1]] = true
	c.sources[name] = src
	f, err := ParseFile(name, src)
	if err != nil {
		var list ErrorList
		if errors.As(err, &list) {
			c.errs = append(c.errs, list...)
		} else {
			c.errs.Add(ir.Position{File: name, Line: 1, Col: 1}, "%v", err)
		}
	}
	c.files = append(c.files, f)
	c.fileOf[name] = f
	c.dirs[f] = filepath.Dir(name)
	for _, s := range f.Stmts {
		imp, ok := s.(*Import)
		if !ok {
			continue
		}
		rel := imp.Path.Value
		display := rel
		if !filepath.IsAbs(rel) {
			display = filepath.Join(filepath.Dir(name), rel)
		}
		abs := cleanAbs(display)
		for k, p := range stack {
			if p == abs {
				var chain []string
				for _, q := range stack[k:] {
					chain = append(chain, filepath.Base(q))
				}
				chain = append(chain, filepath.Base(abs))
				c.errs.Add(imp.Path.From, "import cycle: %s", strings.Join(chain, " imports "))
				abs = ""
				break
			}
		}
		if abs == "" || c.loaded[abs] {
			continue
		}
		isrc, err := c.opt.ReadFile(display)
		if err != nil {
			c.errs.Add(imp.Path.From, "cannot read imported file %s: %s", display, describeIOError(err))
			continue
		}
		c.parse(display, isrc, append(append([]string(nil), stack...), abs))
	}
}

// run declares every name, then checks and lowers every statement.
func (c *checker) run() {
	root := c.files[0]
	// Imported definitions come first, as if the import statements were
	// expanded in place: a clash is then reported in the file that imports.
	for _, f := range c.files[1:] {
		c.declareFile(f, false)
	}
	c.declareFile(root, true)
	c.lowerNetwork(root)
	// Every let is checked, used or not, so mistakes in a library surface.
	for _, f := range c.files {
		for _, s := range f.Stmts {
			if l, ok := s.(*Let); ok && c.lets[l.Name.Name] != nil && c.lets[l.Name.Name].stmt == l {
				c.letValue(c.lets[l.Name.Name])
			}
		}
	}
	var pops []*Population
	used := map[string]bool{}
	for _, s := range root.Stmts {
		if p, ok := s.(*Population); ok {
			pops = append(pops, p)
			used[p.Model.Name] = true
		}
	}
	for _, p := range pops {
		c.sizePopulation(p)
	}
	for _, p := range pops {
		c.lowerPopulation(p)
	}
	// Neuron types no population uses are checked on their own, so that
	// mistakes in a library surface.
	for _, f := range c.files {
		for _, s := range f.Stmts {
			if td, ok := s.(*TypeDef); ok && td.Kind == "neuron" && !used[td.Name.Name] && c.neurons[td.Name.Name] == td {
				c.checkNeuronDef(td)
			}
		}
	}
	// Type definitions are checked on their own too (a library has no
	// populations to check them through).
	for _, f := range c.files {
		for _, s := range f.Stmts {
			if td, ok := s.(*TypeDef); ok && td.Kind == "synapse" {
				c.checkSynapseDef(td)
			}
		}
	}
	autoNames := map[string]int{}
	for _, s := range root.Stmts {
		switch s := s.(type) {
		case *Connect:
			c.lowerConnect(s, autoNames)
		case *CurrentStmt:
			c.lowerCurrent(s)
		}
	}
	for _, s := range root.Stmts {
		if r, ok := s.(*Record); ok {
			c.lowerRecord(r)
		}
	}
	for _, f := range c.files {
		for _, s := range f.Stmts {
			if t, ok := s.(*TargetStmt); ok {
				c.lowerTarget(t, f)
			}
		}
	}
	for _, s := range root.Stmts {
		if t, ok := s.(*Task); ok {
			c.lowerTask(t, root)
		}
	}
}

// declareFile puts a file's names into the one namespace of the program. An
// imported file contributes its lets, neuron, synapse and target definitions.
func (c *checker) declareFile(f *File, root bool) {
	for _, n := range f.Broken {
		c.rejected[n.Name] = true
	}
	for _, s := range f.Stmts {
		var name *Ident
		kind := ""
		switch s := s.(type) {
		case *NetworkStmt:
			if !root {
				continue
			}
			name, kind = s.Name, "network"
			if c.network != nil {
				c.errs.Add(s.From, "a file has one network statement; the first is at %s", c.network.From)
				continue
			}
			c.network = s
		case *Let:
			name, kind = s.Name, "let"
		case *TypeDef:
			name, kind = s.Name, s.Kind+" type"
		case *Population:
			if !root {
				continue
			}
			name, kind = s.Name, "population"
		case *Connect:
			if !root || s.As == nil {
				continue
			}
			name, kind = s.As, "connect"
		case *CurrentStmt:
			if !root {
				continue
			}
			name, kind = s.Name, "current"
		case *TargetStmt:
			name, kind = s.Name, "target"
		case *Task:
			if !root {
				continue
			}
			name, kind = s.Name, "task"
		default:
			continue
		}
		if !c.checkName(name, kind) {
			c.rejected[name.Name] = true
			continue
		}
		if d, dup := c.decls[name.Name]; dup {
			c.errs.Add(name.From, "%s is already defined at %s (a %s)", name.Name, d.pos, d.kind)
			continue
		}
		c.decls[name.Name] = decl{kind, name.From}
		switch s := s.(type) {
		case *Let:
			c.lets[name.Name] = &letState{stmt: s}
		case *TypeDef:
			if s.Kind == "neuron" {
				c.neurons[name.Name] = s
			} else {
				c.synapses[name.Name] = s
			}
		case *Population:
			c.pops[name.Name] = &popInfo{stmt: s}
		case *Connect:
			c.connects[name.Name] = s
		}
	}
}

// checkName rejects reserved words and unit symbols as names.
func (c *checker) checkName(n *Ident, kind string) bool {
	switch {
	case reserved[n.Name]:
		c.errs.Add(n.From, "%s is a reserved word and cannot name a %s", n.Name, kind)
		return false
	case isUnitName(n.Name):
		c.errs.Add(n.From, "%s is a unit symbol and cannot name a %s", n.Name, kind)
		return false
	case strings.HasPrefix(n.Name, "µ") || strings.HasPrefix(n.Name, "μ"):
		c.errs.Add(n.From, "%s is not a valid name: names are letters, digits and _", n.Name)
		return false
	}
	return true
}

func isUnitName(s string) bool {
	_, ok := ir.LookupUnit(s)
	return ok
}

// fields collects a block's fields by name, reporting repeats and items
// that only target blocks take.
func (c *checker) fields(b *Block, what string, allowHints bool) map[string]*Field {
	out := map[string]*Field{}
	if b == nil {
		return out
	}
	for _, it := range b.Items {
		switch it := it.(type) {
		case *Field:
			if prev, dup := out[it.Name.Name]; dup {
				c.errs.Add(it.Name.From, "%s is given twice in %s (first at %s)", it.Name.Name, what, prev.Name.From)
				continue
			}
			out[it.Name.Name] = it
		case *Place:
			if !allowHints {
				c.errs.Add(it.From, "placement hints belong in a target block, not in %s", what)
			}
		case *Hint:
			switch {
			case allowHints:
			case it.Key.Name == "neurons_per_core":
				c.errs.Add(it.From, "placement hints belong in a target block, not in %s", what)
			default:
				c.errs.Add(it.From, "expected name = value in %s, found %s %s", what, it.Key.Name, it.Population.Name)
			}
		}
	}
	return out
}

// unknownField reports a field a block does not take.
func (c *checker) unknownField(f *Field, owner string, known []string) {
	c.errs.Add(f.Name.From, "unknown parameter %s for %s%s", f.Name.Name, owner, suggest(f.Name.Name, known))
}

// lowerNetwork reads the network statement (defaults when there is none).
func (c *checker) lowerNetwork(root *File) {
	n := &ir.Network{IRVersion: ir.Version, DT: 0.1, Duration: 1000, Seed: 0}
	c.net = n
	if c.network == nil {
		if c.opt.Seed != nil {
			n.Seed = *c.opt.Seed
		}
		if d := c.opt.Duration; d != nil && *d > 0 {
			n.Duration = *d
		}
		return
	}
	s := c.network
	n.Name = s.Name.Name
	n.Pos = s.From
	fs := c.fields(s.Body, "the network block", false)
	known := []string{"dt", "duration", "seed", "description"}
	for _, name := range keys(fs) {
		f := fs[name]
		v, ok := c.eval(f.Value, envPlain)
		if !ok {
			continue
		}
		fl := field{name, f}
		switch name {
		case "dt":
			if x, ok := c.quantity(fl, v, ir.DimTime); ok {
				if x <= 0 {
					c.errs.Add(f.Value.Start(), "dt must be positive, found %s", exprString(f.Value))
				} else {
					n.DT = x
				}
			}
		case "duration":
			if x, ok := c.quantity(fl, v, ir.DimTime); ok {
				if x <= 0 {
					c.errs.Add(f.Value.Start(), "duration must be positive, found %s", exprString(f.Value))
				} else {
					n.Duration = x
				}
			}
		case "seed":
			if x, ok := c.integer(fl, v, 0, math.MaxInt64); ok {
				n.Seed = uint64(x)
			}
		case "description":
			if s, ok := c.str(fl, v); ok {
				n.Description = s
			}
		default:
			c.unknownField(f, "network", known)
		}
	}
	// The duration must be whole time steps, the default one included.
	steps := n.Duration / n.DT
	switch f, fdt := fs["duration"], fs["dt"]; {
	case f != nil && n.Duration < n.DT:
		c.errs.Add(f.Value.Start(), "duration %s is shorter than one time step (dt = %g ms)", exprString(f.Value), n.DT)
	case f != nil && math.Abs(steps-math.Round(steps)) > 1e-9*math.Max(1, steps):
		c.errs.Add(f.Value.Start(), "duration %s is not a whole number of time steps (dt = %g ms)", exprString(f.Value), n.DT)
	case f == nil && fdt != nil && n.Duration < n.DT:
		c.errs.Add(fdt.Value.Start(), "dt %s is longer than the default duration (%g ms); give the duration", exprString(fdt.Value), n.Duration)
	case f == nil && fdt != nil && math.Abs(steps-math.Round(steps)) > 1e-9*math.Max(1, steps):
		c.errs.Add(fdt.Value.Start(), "dt %s does not divide the default duration (%g ms) into whole time steps; give the duration", exprString(fdt.Value), n.Duration)
	}
	if c.opt.Seed != nil {
		n.Seed = *c.opt.Seed
	}
	if d := c.opt.Duration; d != nil && *d > 0 {
		steps := *d / n.DT
		if math.Abs(steps-math.Round(steps)) > 1e-9*math.Max(1, steps) || steps < 0.5 {
			c.errs.Add(n.Pos, "the --duration %g ms is not a whole, positive number of time steps (dt = %g ms)", *d, n.DT)
		} else {
			n.Duration = *d
		}
	}
}
