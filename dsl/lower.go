package dsl

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/snn-sim/snn/ir"
)

// lower.go checks the statements that make up a network and lowers them to IR.

func modelNames(extra map[string]*TypeDef, source bool) []string {
	var names []string
	for n, m := range ir.Models {
		if source || !m.Source {
			names = append(names, n)
		}
	}
	for n := range extra {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// sizePopulation evaluates a population's size and model so that slices and
// connectors can be checked before the bodies are.
func (c *checker) sizePopulation(s *Population) {
	info := c.pops[s.Name.Name]
	if info == nil || info.stmt != s {
		return
	}
	p := &ir.Population{Name: s.Name.Name, Pos: s.From}
	info.ir = p
	if v, ok := c.eval(s.Size, envPlain); ok {
		if n, ok := c.integer(field{"the population size", s.Size}, v, 1, 1<<31-1); ok {
			p.Size = int(n)
			info.ok = true
		}
	}
	model := s.Model.Name
	if td, ok := c.neurons[model]; ok {
		p.Type = model
		model = td.Model.Name
		if _, ok := ir.Models[model]; !ok {
			return // reported with the type definition
		}
	}
	spec, ok := ir.Models[model]
	switch {
	case ok:
	case c.rejected[model]:
		return // its definition had an error, reported there
	case c.decls[model].kind != "":
		c.errs.Add(s.Model.From, "%s is a %s, not a neuron type or model", model, c.decls[model].kind)
		return
	default:
		c.errs.Add(s.Model.From, "unknown neuron model or type %s%s", s.Model.Name, suggest(s.Model.Name, modelNames(c.neurons, true)))
		return
	}
	p.Model = model
	info.spec = spec
}

var positiveParams = map[string]bool{"cm": true, "tau_m": true, "tau_syn_e": true, "tau_syn_i": true, "tau_w": true, "delta_t": true}
var nonNegativeParams = map[string]bool{"tau_refrac": true, "rate": true, "start": true, "stop": true, "decay": true}

// lowerPopulation checks a population's fields (its type's first, then its
// own, which override them) and fills in every parameter.
func (c *checker) lowerPopulation(s *Population) {
	info := c.pops[s.Name.Name]
	if info == nil || info.stmt != s || info.spec == nil {
		if td, ok := c.neurons[s.Model.Name]; ok {
			if _, ok := ir.Models[td.Model.Name]; !ok {
				c.errs.Add(td.Model.From, "unknown neuron model %s for neuron type %s%s", td.Model.Name, td.Name.Name, suggest(td.Model.Name, modelNames(nil, true)))
			}
		}
		return
	}
	p, spec := info.ir, info.spec
	n := -1
	if info.ok {
		n = p.Size
	}
	merged := map[string]*Field{}
	if td, ok := c.neurons[s.Model.Name]; ok {
		for k, f := range c.fields(td.Body, "neuron type "+td.Name.Name, false) {
			merged[k] = f
		}
	}
	for k, f := range c.fields(s.Body, "population "+p.Name, false) {
		merged[k] = f
	}
	p.Params = map[string]ir.Value{}
	c.lowerFields(p, spec, merged, n)
	for _, ps := range spec.Params {
		if _, given := p.Params[ps.Name]; given {
			continue
		}
		if _, given := merged[ps.Name]; given {
			continue // given but wrong: reported already
		}
		switch {
		case ps.Required:
			c.errs.Add(s.Name.From, "%s needs %s", describeModel(p), ps.Name)
		case ps.DefaultFromNetwork == "duration":
			p.Params[ps.Name] = ir.Const(c.net.Duration)
		case ps.DefaultFromNetwork == "dt":
			p.Params[ps.Name] = ir.Const(c.net.DT)
		default:
			p.Params[ps.Name] = ps.Default
		}
	}
	for _, ps := range spec.State {
		if p.State == nil {
			p.State = map[string]ir.Value{}
		}
		if _, given := p.State[ps.Name]; !given {
			p.State[ps.Name] = ps.Default
		}
	}
	if start, stop := p.Params["start"], p.Params["stop"]; p.Model == "poisson" && merged["stop"] != nil &&
		start.Kind == ir.KindConst && stop.Kind == ir.KindConst && stop.X < start.X {
		c.errs.Add(merged["stop"].Value.Start(), "stop (%g ms) is before start (%g ms)", stop.X, start.X)
	}
	if p.Model == "spike_array" && merged["times"] == nil {
		c.errs.Add(s.Name.From, "%s needs times", describeModel(p))
	}
	if len(p.Params) == 0 {
		p.Params = nil
	}
	c.net.Populations = append(c.net.Populations, p)
}

func describeModel(p *ir.Population) string {
	if p.Type != "" {
		return fmt.Sprintf("%s (neuron type %s)", p.Model, p.Type)
	}
	return p.Model
}

// paramValue converts a value for a parameter spec.
func (c *checker) paramValue(f field, ps *ir.ParamSpec, v val, n int) (ir.Value, bool) {
	switch ps.Kind {
	case ir.PNumber:
		bs := 0.0
		if ps.Bare {
			bs = ps.BareScale
		}
		if !ps.PerElement {
			x, ok := c.quantity(f, v, ps.Dim)
			return ir.Const(x), ok
		}
		return c.perElement(f, v, ps.Dim, n, bs)
	case ir.PInt:
		if v.kind == vArr && ps.PerElement {
			iv, ok := c.perElement(f, v, ir.DimDimensionless, n, 0)
			if ok {
				for _, x := range iv.Xs {
					if x != math.Trunc(x) || x < 0 {
						c.errs.Add(v.node.Start(), "%s: expected whole numbers >= 0, found %g", f.name, x)
						return ir.Value{}, false
					}
				}
			}
			return iv, ok
		}
		x, ok := c.integer(f, v, 0, math.MaxInt32)
		return ir.Const(float64(x)), ok
	case ir.PWords:
		s, isStr := v.s, v.kind == vStr
		if v.kind == vCall && !v.call.Parens {
			s, isStr = v.call.Name.Name, true
		}
		for _, w := range ps.Words {
			if isStr && s == w {
				return ir.Value{Kind: ir.KindString, S: w}, true
			}
		}
		var quoted []string
		for _, w := range ps.Words {
			quoted = append(quoted, fmtQuote(w))
		}
		c.errs.Add(v.node.Start(), "%s: expected %s, found %s%s", f.name, listWords(quoted), v.describe(), suggest(s, ps.Words))
		return ir.Value{}, false
	case ir.PShape:
		if v.kind != vShape {
			c.errs.Add(v.node.Start(), "%s: expected a shape (rows x cols), found %s", f.name, v.describe())
			return ir.Value{}, false
		}
		r, ok1 := c.integer(field{f.name + " rows", f.at}, v.elems[0], 1, 1<<20)
		k, ok2 := c.integer(field{f.name + " columns", f.at}, v.elems[1], 1, 1<<20)
		return ir.Value{Kind: ir.KindShape, Xs: []float64{float64(r), float64(k)}}, ok1 && ok2
	case ir.PDist:
		if v.kind == vNum {
			x, ok := c.quantity(f, v, ps.Dim)
			return ir.Const(x), ok
		}
		return c.perElement(f, v, ps.Dim, -1, 0)
	case ir.PRange:
		if v.kind != vArr || len(v.elems) != 2 {
			c.errs.Add(v.node.Start(), "%s: expected [lo, hi], found %s", f.name, c.found(v))
			return ir.Value{}, false
		}
		iv, ok := c.perElement(f, v, ps.Dim, 2, 0)
		if ok && iv.Xs[0] > iv.Xs[1] {
			c.errs.Add(v.node.Start(), "%s: lo must not be above hi, found %s", f.name, exprString(v.node))
			return ir.Value{}, false
		}
		return iv, ok
	}
	return ir.Value{}, false
}

// checkRange rejects constants that no model can integrate.
func (c *checker) checkRange(name string, f *Field, v ir.Value) {
	var xs []float64
	switch v.Kind {
	case ir.KindConst:
		xs = []float64{v.X}
	case ir.KindArray:
		xs = v.Xs
	case ir.KindDist:
		lo, _ := v.Dist.Support()
		xs = []float64{lo}
	}
	for _, x := range xs {
		if positiveParams[name] && x <= 0 {
			c.errs.Add(f.Value.Start(), "%s must be positive, found %s", name, exprString(f.Value))
			return
		}
		if nonNegativeParams[name] && x < 0 {
			c.errs.Add(f.Value.Start(), "%s must not be negative, found %s", name, exprString(f.Value))
			return
		}
	}
}

func (c *checker) lowerLayout(p *ir.Population, f *Field) {
	v, ok := c.eval(f.Value, envPlain)
	if !ok {
		return
	}
	if v.kind != vCall || !v.call.Parens || (v.call.Name.Name != "grid" && v.call.Name.Name != "random") {
		c.errs.Add(f.Value.Start(), "layout: expected grid(nx, ny[, nz], spacing = 1) or random(box = [x, y, z]), found %s", v.describe())
		return
	}
	call := v.call
	if call.Name.Name == "grid" {
		args, ok := c.bind(call, sig("nx", "ny", "nz?", "spacing?"), v.env)
		if !ok {
			return
		}
		l := &ir.Layout{Kind: "grid", Shape: [3]int{1, 1, 1}, Spacing: 1}
		for k, name := range []string{"nx", "ny", "nz"} {
			if a, given := args[name]; given {
				x, ok := c.integer(field{"grid " + name, f}, a, 1, 1<<31-1)
				if !ok {
					return
				}
				l.Shape[k] = int(x)
			}
		}
		if a, given := args["spacing"]; given {
			x, ok := c.quantity(field{"grid spacing", f}, a, ir.DimDimensionless)
			if !ok {
				return
			}
			if x <= 0 {
				c.errs.Add(a.node.Start(), "grid spacing must be positive")
				return
			}
			l.Spacing = x
		}
		if total := l.Shape[0] * l.Shape[1] * l.Shape[2]; p.Size > 0 && total != p.Size {
			c.errs.Add(f.Value.Start(), "layout grid(%d, %d, %d) holds %d neurons, but population %s has %d", l.Shape[0], l.Shape[1], l.Shape[2], total, p.Name, p.Size)
			return
		}
		p.Layout = l
		return
	}
	args, ok := c.bind(call, sig("box"), v.env)
	if !ok {
		return
	}
	box := args["box"]
	if box.kind != vArr || len(box.elems) < 2 || len(box.elems) > 3 {
		c.errs.Add(box.node.Start(), "random: box must be [x, y] or [x, y, z], found %s", c.found(box))
		return
	}
	l := &ir.Layout{Kind: "random"}
	for k, e := range box.elems {
		x, ok := c.quantity(field{"random box", f}, e, ir.DimDimensionless)
		if !ok {
			return
		}
		if x < 0 {
			c.errs.Add(e.node.Start(), "random: box sizes must not be negative")
			return
		}
		l.Box[k] = x
	}
	p.Layout = l
}

// lowerSpikeTimes reads spike_array times: one array per neuron, a single
// array for every neuron (as PyNN does), or file("spikes.csv").
func (c *checker) lowerSpikeTimes(p *ir.Population, f *Field, n int) {
	v, ok := c.eval(f.Value, envPlain)
	if !ok {
		return
	}
	if v.kind == vCall && v.call.Parens && v.call.Name.Name == "file" {
		args, ok := c.bind(v.call, sig("path"), v.env)
		if !ok {
			return
		}
		path, ok := c.str(field{"file", f}, args["path"])
		if !ok {
			return
		}
		if n < 0 {
			return // the size is unknown: the file is read with the population
		}
		times, err := c.readSpikeCSV(c.resolve(f, path), n)
		if err != nil {
			c.errs.Add(args["path"].node.Start(), "%v", err)
			return
		}
		p.SpikeTimes = times
		return
	}
	if v.kind != vArr {
		c.errs.Add(f.Value.Start(), "times: expected one array of times per neuron or file(\"spikes.csv\"), found %s", v.describe())
		return
	}
	nested := len(v.elems) > 0 && v.elems[0].kind == vArr
	var lists []val
	if nested {
		if n >= 0 && len(v.elems) != n {
			c.errs.Add(f.Value.Start(), "times: %d arrays for %d neurons", len(v.elems), n)
			return
		}
		lists = v.elems
	} else {
		lists = []val{v}
	}
	var out [][]float64
	for _, l := range lists {
		if l.kind != vArr {
			c.errs.Add(l.node.Start(), "times: expected an array of times, found %s", c.found(l))
			return
		}
		ts := []float64{}
		for _, t := range l.elems {
			x, ok := c.quantity(field{"times", f}, t, ir.DimTime)
			if !ok {
				return
			}
			if x < 0 {
				c.errs.Add(t.node.Start(), "times: a spike time must not be negative, found %s", exprString(t.node))
				return
			}
			ts = append(ts, x)
		}
		sort.Float64s(ts)
		out = append(out, ts)
	}
	if !nested && n > 1 {
		for k := 1; k < n; k++ {
			out = append(out, append([]float64{}, out[0]...))
		}
	}
	p.SpikeTimes = out
}

// resolve makes a path written in a file relative to that file's folder.
func (c *checker) resolve(n Node, path string) string {
	if path == "" || strings.HasPrefix(path, "/") {
		return path
	}
	f := c.fileOf[n.Start().File]
	if f == nil {
		return path
	}
	return joinPath(c.dirs[f], path)
}

// selection resolves a target reference to IR slices.
func (c *checker) selection(t *TargetRef) (ir.Selection, []*popInfo, bool) {
	var sel ir.Selection
	var infos []*popInfo
	ok := true
	for _, a := range t.Atoms {
		info := c.pops[a.Name.Name]
		if info == nil {
			if c.rejected[a.Name.Name] {
				// its definition had an error, reported there
			} else if d, isDecl := c.decls[a.Name.Name]; isDecl {
				c.errs.Add(a.Name.From, "%s is a %s, not a population", a.Name.Name, d.kind)
			} else {
				c.errs.Add(a.Name.From, "unknown population %s%s", a.Name.Name, suggest(a.Name.Name, keys(c.pops)))
			}
			ok = false
			continue
		}
		if !info.ok || info.ir == nil {
			ok = false
			continue
		}
		size := info.ir.Size
		lo, hi := 0, size
		if ix := a.Index; ix != nil {
			var ok1 bool
			lo, hi, ok1 = c.index(ix, a.Name.Name, size)
			if !ok1 {
				ok = false
				continue
			}
		}
		sel = append(sel, ir.Slice{Population: a.Name.Name, Lo: lo, Hi: hi})
		infos = append(infos, info)
	}
	return sel, infos, ok
}

// index evaluates [k] or [lo:hi] (Python rules: negative counts from the end).
func (c *checker) index(ix *Index, name string, size int) (int, int, bool) {
	get := func(e Expr) (int, bool) {
		v, ok := c.eval(e, envPlain)
		if !ok {
			return 0, false
		}
		k, ok := c.integer(field{"an index", e}, v, -1<<31, 1<<31)
		return int(k), ok
	}
	if !ix.Slice {
		if ix.Lo == nil {
			c.errs.Add(ix.From, "empty index: write %s[k] or %s[lo:hi]", name, name)
			return 0, 0, false
		}
		k, ok := get(ix.Lo)
		if !ok {
			return 0, 0, false
		}
		if k < -size || k >= size {
			c.errs.Add(ix.Lo.Start(), "index %d is out of range for %s (size %d)", k, name, size)
			return 0, 0, false
		}
		if k < 0 {
			k += size
		}
		return k, k + 1, true
	}
	lo, hi := 0, size
	norm := func(k int) int {
		if k < 0 {
			k += size
		}
		return min(max(k, 0), size)
	}
	bound := func(e Expr, what string, into *int) bool {
		if e == nil {
			return true
		}
		k, ok := get(e)
		if !ok {
			return false
		}
		if k > size || k < -size {
			c.errs.Add(e.Start(), "slice %s %d is out of range for %s (size %d)", what, k, name, size)
			return false
		}
		*into = norm(k)
		return true
	}
	if !bound(ix.Lo, "start", &lo) || !bound(ix.Hi, "end", &hi) {
		return 0, 0, false
	}
	if hi <= lo {
		c.errs.Add(ix.From, "slice %s[%d:%d] is empty", name, lo, hi)
		return 0, 0, false
	}
	return lo, hi, true
}

// checkNeuronDef checks a neuron type that no population uses, as far as
// it can be without a population: its model and the form of its fields.
func (c *checker) checkNeuronDef(td *TypeDef) {
	spec, ok := ir.Models[td.Model.Name]
	if !ok {
		c.errs.Add(td.Model.From, "unknown neuron model %s for neuron type %s%s", td.Model.Name, td.Name.Name, suggest(td.Model.Name, modelNames(nil, true)))
		return
	}
	p := &ir.Population{Name: td.Name.Name, Type: td.Name.Name, Model: spec.Name, Params: map[string]ir.Value{}}
	c.lowerFields(p, spec, c.fields(td.Body, "neuron type "+td.Name.Name, false), -1)
}

// lowerFields checks the fields given to a population (or neuron type) of
// model spec and stores them in p; n is its size, -1 when unknown.
func (c *checker) lowerFields(p *ir.Population, spec *ir.ModelSpec, merged map[string]*Field, n int) {
	var known []string
	for _, ps := range spec.Params {
		known = append(known, ps.Name)
	}
	known = append(known, spec.StateNames()...)
	known = append(known, "layout")
	switch p.Model {
	case "spike_array":
		known = append(known, "times")
	case "events":
		known = append(known, "data")
	}
	for _, name := range keys(merged) {
		f := merged[name]
		ps, isState := spec.Param(name)
		switch {
		case name == "layout":
			c.lowerLayout(p, f)
			continue
		case name == "times" && p.Model == "spike_array":
			c.lowerSpikeTimes(p, f, n)
			continue
		case name == "data" && p.Model == "events":
			if v, ok := c.eval(f.Value, envPlain); ok {
				p.Data = c.dataset(field{"data", f}, v)
			}
			continue
		case ps == nil:
			c.unknownField(f, describeModel(p), known)
			continue
		}
		v, ok := c.eval(f.Value, envPopulation)
		if !ok {
			continue
		}
		iv, ok := c.paramValue(field{name, f}, ps, v, n)
		if !ok {
			continue
		}
		c.checkRange(name, f, iv)
		if isState {
			if p.State == nil {
				p.State = map[string]ir.Value{}
			}
			p.State[name] = iv
		} else {
			p.Params[name] = iv
		}
	}
}
