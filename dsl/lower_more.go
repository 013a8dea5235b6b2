package dsl

import (
	"math"

	"github.com/snn-sim/snn/ir"
)

// lower_more.go: synapse models, currents, recordings, targets and tasks.

var synapseModels = []string{"static", "stdp", "tsodyks_markram"}

// checkSynapseDef checks a synapse definition on its own, in the weight units
// it would have on a current-based neuron when its units are not yet known:
// only what does not depend on the weight unit is reported here.
func (c *checker) checkSynapseDef(td *TypeDef) {
	model := td.Model.Name
	known := false
	for _, m := range synapseModels {
		known = known || m == model
	}
	if !known {
		c.errs.Add(td.Model.From, "unknown synapse model %s%s", model, suggest(model, synapseModels))
		return
	}
	// Weight-unit checks happen per connect; a definition no connect uses is
	// still checked for everything else by lowering it with its own unit.
	c.lowerSynapse(td, ir.Dim{}, false)
}

// synapseFor lowers the synapse named by a connect's synapse field.
func (c *checker) synapseFor(name *Ident, wdim ir.Dim) (ir.Synapse, bool) {
	td, ok := c.synapses[name.Name]
	if !ok {
		if c.rejected[name.Name] {
			return ir.Synapse{}, false // its definition had an error, reported there
		}
		switch name.Name {
		case "static":
			return ir.Synapse{Model: "static"}, true
		case "tsodyks_markram":
			return ir.Synapse{Model: "tsodyks_markram", TM: &ir.TsodyksMarkram{U: 0.5, TauRec: 100, TauFacil: 0}}, true
		case "stdp":
			c.errs.Add(name.From, "stdp needs a weight_rule: define `synapse <name> : stdp { weight_rule = additive(w_min, w_max) ... }` and name it here")
			return ir.Synapse{}, false
		}
		c.errs.Add(name.From, "unknown synapse %s%s", name.Name, suggest(name.Name, append(keys(c.synapses), synapseModels...)))
		return ir.Synapse{}, false
	}
	return c.lowerSynapse(td, wdim, true)
}

// lowerSynapse lowers a synapse definition; when checkUnits is false the
// weight-unit parameters are checked for form only.
func (c *checker) lowerSynapse(td *TypeDef, wdim ir.Dim, checkUnits bool) (ir.Synapse, bool) {
	syn := ir.Synapse{Name: td.Name.Name, Model: td.Model.Name}
	fs := c.fields(td.Body, "synapse "+td.Name.Name, false)
	ok := true
	switch syn.Model {
	case "static":
		for _, n := range keys(fs) {
			c.unknownField(fs[n], "static synapses", nil)
			ok = false
		}
	case "tsodyks_markram":
		tm := &ir.TsodyksMarkram{U: 0.5, TauRec: 100, TauFacil: 0}
		for _, n := range keys(fs) {
			f := fs[n]
			v, ok1 := c.eval(f.Value, envPlain)
			if !ok1 {
				ok = false
				continue
			}
			switch n {
			case "U":
				x, ok1 := c.quantity(field{"U", f}, v, ir.DimDimensionless)
				if ok1 && (x <= 0 || x > 1) {
					c.errs.Add(f.Value.Start(), "U must be in (0, 1], found %s", exprString(f.Value))
					ok1 = false
				}
				tm.U, ok = x, ok && ok1
			case "tau_rec", "tau_facil":
				x, ok1 := c.quantity(field{n, f}, v, ir.DimTime)
				if ok1 && n == "tau_rec" && x <= 0 {
					c.errs.Add(f.Value.Start(), "%s must be positive, found %s", n, exprString(f.Value))
					ok1 = false
				} else if ok1 && x < 0 {
					c.errs.Add(f.Value.Start(), "%s must not be negative, found %s", n, exprString(f.Value))
					ok1 = false
				}
				if n == "tau_rec" {
					tm.TauRec = x
				} else {
					tm.TauFacil = x
				}
				ok = ok && ok1
			default:
				c.unknownField(f, "tsodyks_markram", []string{"U", "tau_rec", "tau_facil"})
				ok = false
			}
		}
		syn.TM = tm
	case "stdp":
		st := &ir.STDP{Timing: "spike_pair", TauPlus: 20, TauMinus: 20, APlus: 0.01, AMinus: 0.01}
		var amps map[string]val
		for _, n := range keys(fs) {
			f := fs[n]
			v, ok1 := c.eval(f.Value, envPlain)
			if !ok1 {
				ok = false
				continue
			}
			switch n {
			case "timing":
				if v.kind != vCall || (v.call.Name.Name != "spike_pair" && v.call.Name.Name != "nearest_pair") {
					c.errs.Add(f.Value.Start(), "timing: expected spike_pair(...) or nearest_pair(...), found %s", v.describe())
					ok = false
					continue
				}
				st.Timing = v.call.Name.Name
				args, ok1 := c.bind(v.call, sig("tau_plus?", "tau_minus?", "a_plus?", "a_minus?"), v.env)
				if !ok1 {
					ok = false
					continue
				}
				for _, tn := range []string{"tau_plus", "tau_minus"} {
					if a, given := args[tn]; given {
						x, ok1 := c.quantity(field{tn, f}, a, ir.DimTime)
						if ok1 && x <= 0 {
							c.errs.Add(a.node.Start(), "%s must be positive, found %s", tn, exprString(a.node))
							ok1 = false
						}
						if tn == "tau_plus" {
							st.TauPlus = x
						} else {
							st.TauMinus = x
						}
						ok = ok && ok1
					}
				}
				amps = args
			case "weight_rule":
				if v.kind != vCall || !v.call.Parens || (v.call.Name.Name != "additive" && v.call.Name.Name != "multiplicative") {
					c.errs.Add(f.Value.Start(), "weight_rule: expected additive(w_min, w_max) or multiplicative(w_min, w_max), found %s", v.describe())
					ok = false
					continue
				}
				st.WeightRule = v.call.Name.Name
				args, ok1 := c.bind(v.call, sig("w_min", "w_max"), v.env)
				if !ok1 {
					ok = false
					continue
				}
				lo, hi := args["w_min"], args["w_max"]
				if checkUnits {
					x, ok1 := c.quantity(field{"w_min", f}, lo, wdim)
					y, ok2 := c.quantity(field{"w_max", f}, hi, wdim)
					st.WMin, st.WMax = x, y
					if ok1 && ok2 && (x < 0 || y < x) {
						c.errs.Add(f.Value.Start(), "weight_rule: need 0 <= w_min <= w_max, found %s", exprString(f.Value))
						ok1 = false
					}
					ok = ok && ok1 && ok2
				} else if lo.kind != vNum || hi.kind != vNum || lo.dim != hi.dim {
					c.errs.Add(f.Value.Start(), "weight_rule: w_min and w_max must be quantities of one dimension")
					ok = false
				}
			default:
				c.unknownField(f, "stdp", []string{"timing", "weight_rule"})
				ok = false
			}
		}
		if fs["weight_rule"] == nil {
			c.errs.Add(td.Name.From, "stdp synapse %s needs weight_rule = additive(w_min, w_max) or multiplicative(w_min, w_max)", td.Name.Name)
			return syn, false
		}
		// Amplitudes are in weight units for additive rules, bare for
		// multiplicative ones (language.md section 6).
		adim := wdim
		if st.WeightRule == "multiplicative" {
			adim = ir.DimDimensionless
		}
		for _, an := range []string{"a_plus", "a_minus"} {
			a, given := amps[an]
			if !given {
				continue
			}
			if !checkUnits && st.WeightRule == "additive" {
				if a.kind != vNum {
					c.errs.Add(a.node.Start(), "%s: expected a quantity, found %s", an, c.found(a))
					ok = false
				}
				continue
			}
			x, ok1 := c.quantity(field{an, fs["timing"]}, a, adim)
			if ok1 && x < 0 {
				c.errs.Add(a.node.Start(), "%s must not be negative, found %s", an, exprString(a.node))
				ok1 = false
			}
			if an == "a_plus" {
				st.APlus = x
			} else {
				st.AMinus = x
			}
			ok = ok && ok1
		}
		syn.STDP = st
	}
	return syn, ok
}

// takesCurrent reports whether a model integrates injected current.
func takesCurrent(m *ir.ModelSpec) bool {
	if m == nil || m.Source {
		return false
	}
	_, state := m.Param("i_offset")
	p, _ := m.Param("i_offset")
	return p != nil && !state
}

func (c *checker) lowerCurrent(s *CurrentStmt) {
	sel, infos, ok := c.selection(s.Target)
	if !ok {
		return
	}
	for _, p := range infos {
		if p.spec == nil {
			return // its model is unknown: reported with the population
		}
		if !takesCurrent(p.spec) {
			c.errs.Add(s.Target.From, "cannot inject current into %s: %s neurons take no current", p.ir.Name, p.spec.Name)
			return
		}
	}
	cur := &ir.Current{Name: s.Name.Name, Target: sel, Kind: s.Source.Name.Name, Pos: s.From}
	sigs := map[string][]argSpec{
		"dc":    sig("amplitude", "start?", "stop?"),
		"step":  sig("times", "amplitudes"),
		"ac":    sig("amplitude", "frequency", "phase?", "offset?", "start?", "stop?"),
		"noisy": sig("mean", "sd", "dt?", "start?", "stop?"),
	}
	spec, known := sigs[cur.Kind]
	if !known {
		c.errs.Add(s.Source.Name.From, "unknown current source %s%s", cur.Kind, suggest(cur.Kind, keys(sigs)))
		return
	}
	args, ok := c.bind(s.Source, spec, envPlain)
	if !ok {
		return
	}
	good := true
	q := func(name string, d ir.Dim, def float64) float64 {
		a, given := args[name]
		if !given {
			return def
		}
		x, ok := c.quantity(field{cur.Kind + ": " + name, s.Source}, a, d)
		good = good && ok
		return x
	}
	// notNegative reports a given argument below zero.
	notNegative := func(name string, x float64) {
		if a, given := args[name]; given && good && x < 0 {
			c.errs.Add(a.node.Start(), "%s: %s must not be negative, found %s", cur.Kind, name, exprString(a.node))
			good = false
		}
	}
	cur.Start = q("start", ir.DimTime, 0)
	notNegative("start", cur.Start)
	cur.Stop = q("stop", ir.DimTime, c.net.Duration)
	switch cur.Kind {
	case "dc":
		cur.Amplitude = q("amplitude", ir.DimCurrent, 0)
	case "ac":
		cur.Amplitude = q("amplitude", ir.DimCurrent, 0)
		cur.Frequency = q("frequency", ir.DimFrequency, 0)
		notNegative("frequency", cur.Frequency)
		cur.Phase = q("phase", ir.DimDimensionless, 0)
		cur.Offset = q("offset", ir.DimCurrent, 0)
	case "noisy":
		cur.Mean = q("mean", ir.DimCurrent, 0)
		cur.SD = q("sd", ir.DimCurrent, 0)
		cur.DT = q("dt", ir.DimTime, c.net.DT)
		if good && cur.SD < 0 {
			c.errs.Add(args["sd"].node.Start(), "noisy: sd must not be negative")
			good = false
		}
		if good {
			steps := cur.DT / c.net.DT
			if steps < 1-1e-9 || math.Abs(steps-math.Round(steps)) > 1e-9*steps {
				c.errs.Add(s.Source.From, "noisy: dt %g ms must be a whole number of time steps (%g ms)", cur.DT, c.net.DT)
				good = false
			}
		}
	case "step":
		ts, as := args["times"], args["amplitudes"]
		if ts.kind != vArr || as.kind != vArr || len(ts.elems) != len(as.elems) {
			c.errs.Add(s.Source.From, "step: times and amplitudes must be arrays of one length")
			return
		}
		for k := range ts.elems {
			t, ok1 := c.quantity(field{"step: times", s.Source}, ts.elems[k], ir.DimTime)
			a, ok2 := c.quantity(field{"step: amplitudes", s.Source}, as.elems[k], ir.DimCurrent)
			if !ok1 || !ok2 {
				return
			}
			if k > 0 && t <= cur.Times[k-1] {
				c.errs.Add(ts.elems[k].node.Start(), "step: times must increase")
				return
			}
			cur.Times = append(cur.Times, t)
			cur.Amplitudes = append(cur.Amplitudes, a)
		}
	}
	if good && cur.Stop < cur.Start {
		c.errs.Add(s.Source.From, "%s: stop (%g ms) is before start (%g ms)", cur.Kind, cur.Stop, cur.Start)
		good = false
	}
	if good {
		c.net.Currents = append(c.net.Currents, cur)
	}
}

func (c *checker) lowerRecord(s *Record) {
	variable := s.Variable.Name
	every := 1
	if s.Every != nil {
		v, ok := c.eval(s.Every, envPlain)
		if !ok {
			return
		}
		x, ok := c.quantity(field{"every", s.Every}, v, ir.DimTime)
		if !ok {
			return
		}
		steps := x / c.net.DT
		if steps < 1-1e-9 || math.Abs(steps-math.Round(steps)) > 1e-9*steps {
			c.errs.Add(s.Every.Start(), "every %s must be a whole number of time steps (dt = %g ms)", exprString(s.Every), c.net.DT)
			return
		}
		every = int(math.Round(steps))
	}
	rec := &ir.Recording{Variable: variable, Every: every, Pos: s.From}
	if len(s.Target.Atoms) == 1 && s.Target.Atoms[0].Index == nil {
		name := s.Target.Atoms[0].Name.Name
		if conn, isConnect := c.connects[name]; isConnect {
			if variable != "weight" {
				c.errs.Add(s.Variable.From, "%s is a connect: only its weight can be recorded, found %s", name, variable)
				return
			}
			proj := c.net.Projection(name)
			if proj == nil {
				return // the connect had errors of its own
			}
			if !proj.Synapse.Plastic() {
				c.errs.Add(s.Variable.From, "connect %s (at %s) is not plastic: only stdp connects have recordable weights", name, conn.From)
				return
			}
			rec.Projection = name
			c.net.Recordings = append(c.net.Recordings, rec)
			return
		}
		if _, known := c.decls[name]; !known && variable == "weight" && !c.rejected[name] {
			c.errs.Add(s.Target.Atoms[0].Name.From, "unknown connect %s%s", name, suggest(name, keys(c.connects)))
			return
		}
	}
	sel, infos, ok := c.selection(s.Target)
	if !ok {
		return
	}
	if variable == "weight" {
		c.errs.Add(s.Variable.From, "weight is recorded on a connect: name it with `as` and write record <name>.weight")
		return
	}
	for _, p := range infos {
		if p.spec == nil {
			return
		}
		if variable == "spikes" {
			continue
		}
		if _, isState := p.spec.Param(variable); !isState {
			have := append([]string{"spikes"}, p.spec.StateNames()...)
			c.errs.Add(s.Variable.From, "%s (%s) has no variable %s; it has %s%s", p.ir.Name, p.spec.Name, variable, listWords(have), suggest(variable, have))
			return
		}
	}
	rec.Target = sel
	c.net.Recordings = append(c.net.Recordings, rec)
}

func (c *checker) lowerTarget(s *TargetStmt, f *File) {
	kind := s.Kind.Name
	specs, known := ir.TargetKinds[kind]
	if !known {
		c.errs.Add(s.Kind.From, "unknown target %s%s", kind, suggest(kind, keys(ir.TargetKinds)))
		return
	}
	t := &ir.Target{Name: s.Name.Name, Kind: kind, Params: map[string]ir.Value{}, Pos: s.From}
	fs := c.fields(s.Body, "target "+t.Name, true)
	var knownNames []string
	for _, p := range specs {
		knownNames = append(knownNames, p.Name)
	}
	if kind == "spinnaker" {
		knownNames = append(knownNames, "machine", "dead_chips", "dead_cores", "dead_links")
	}
	for _, n := range keys(fs) {
		fl := fs[n]
		v, ok := c.eval(fl.Value, envPlain)
		if !ok {
			continue
		}
		if kind == "spinnaker" {
			switch n {
			case "machine":
				t.Machine = c.machine(fl, v)
				continue
			case "dead_chips", "dead_cores", "dead_links":
				c.deadParts(t, fl, v)
				continue
			}
		}
		ps := ir.TargetParam(kind, n)
		if ps == nil {
			c.unknownField(fl, kind+" targets", knownNames)
			continue
		}
		if iv, ok := c.paramValue(field{n, fl}, ps, v, -1); ok && c.checkTargetRange(n, fl, iv) {
			t.Params[n] = iv
		}
	}
	for _, ps := range specs {
		if _, given := t.Params[ps.Name]; given {
			continue
		}
		switch ps.DefaultFromNetwork {
		case "dt":
			t.Params[ps.Name] = ir.Const(c.net.DT)
		case "duration":
			t.Params[ps.Name] = ir.Const(c.net.Duration)
		default:
			t.Params[ps.Name] = ps.Default
		}
	}
	if kind == "spinnaker" && t.Machine == nil {
		t.Machine = &ir.Machine{Kind: "spin5"}
	}
	isRoot := f == c.files[0]
	if s.Body != nil {
		for _, it := range s.Body.Items {
			switch it := it.(type) {
			case *Place:
				if isRoot && c.populationExists(it.Population) {
					if pl, ok := c.place(it); ok {
						t.Place = append(t.Place, pl)
					}
				}
			case *Hint:
				if it.Key.Name != "neurons_per_core" {
					c.errs.Add(it.Key.From, "unknown placement hint %s; the hints are place <population> on chip(x, y) and neurons_per_core <population> = n%s", it.Key.Name, suggest(it.Key.Name, []string{"neurons_per_core"}))
					continue
				}
				if !isRoot || !c.populationExists(it.Population) {
					continue
				}
				v, ok := c.eval(it.Value, envPlain)
				if !ok {
					continue
				}
				n, ok := c.integer(field{"neurons_per_core " + it.Population.Name, it.Value}, v, 1, 1<<20)
				if !ok {
					continue
				}
				if t.NeuronsPerCore == nil {
					t.NeuronsPerCore = map[string]int{}
				}
				t.NeuronsPerCore[it.Population.Name] = int(n)
			}
		}
	}
	c.net.Targets = append(c.net.Targets, t)
}

// positiveTargetParams are the hardware counts, sizes and rates of
// language.md section 9, which no machine has zero or fewer of.
var positiveTargetParams = map[string]bool{
	"neurons_per_core": true, "sources_per_core": true, "cpu_clock": true, "dtcm": true,
	"itcm": true, "sdram_per_chip": true, "router_entries": true, "timestep": true,
	"time_scale_factor": true, "arrays": true, "input_bits": true, "adc_bits": true,
	"read_voltage": true,
}

// checkTargetRange rejects hardware parameters no machine can have: counts
// and sizes must be positive, probabilities in [0, 1].
func (c *checker) checkTargetRange(name string, f *Field, v ir.Value) bool {
	if v.Kind != ir.KindConst {
		return true
	}
	x, why := v.X, ""
	switch {
	case name == "p_unformed" && (x < 0 || x > 1):
		why = "must be between 0 and 1"
	case name == "read_noise" && x < 0:
		why = "must not be negative"
	case name == "cores_per_chip" && x < 2:
		why = "must be at least 2 (one core is the monitor)"
	case positiveTargetParams[name] && x <= 0:
		why = "must be positive"
	}
	if why != "" {
		c.errs.Add(f.Value.Start(), "%s %s, found %s", name, why, exprString(f.Value))
		return false
	}
	return true
}

func (c *checker) populationExists(n *Ident) bool {
	if _, ok := c.pops[n.Name]; ok {
		return true
	}
	if c.rejected[n.Name] {
		return false // its definition had an error, reported there
	}
	c.errs.Add(n.From, "unknown population %s%s", n.Name, suggest(n.Name, keys(c.pops)))
	return false
}

func (c *checker) machine(f *Field, v val) *ir.Machine {
	if v.kind == vCall {
		switch name := v.call.Name.Name; {
		case (name == "spin3" || name == "spin5") && !v.call.Parens:
			return &ir.Machine{Kind: name}
		case name == "boards" && v.call.Parens:
			args, ok := c.bind(v.call, sig("w", "h"), v.env)
			if !ok {
				return nil
			}
			w, ok1 := c.integer(field{"boards: w", f}, args["w"], 1, 1024)
			h, ok2 := c.integer(field{"boards: h", f}, args["h"], 1, 1024)
			if !ok1 || !ok2 {
				return nil
			}
			return &ir.Machine{Kind: "boards", W: int(w), H: int(h)}
		default:
			c.errs.Add(f.Value.Start(), "machine: expected spin3, spin5 or boards(w, h), found %s%s", v.describe(), suggest(name, []string{"spin3", "spin5", "boards"}))
			return nil
		}
	}
	c.errs.Add(f.Value.Start(), "machine: expected spin3, spin5 or boards(w, h), found %s", v.describe())
	return nil
}

// coords reads chip(x, y), core(x, y, p) or link(x, y, l).
func (c *checker) coords(what string, v val, want string, names ...string) ([]int, bool) {
	if v.kind != vCall || !v.call.Parens || v.call.Name.Name != want {
		c.errs.Add(v.node.Start(), "%s: expected %s(%s), found %s", what, want, listComma(names), v.describe())
		return nil, false
	}
	args, ok := c.bind(v.call, sig(names...), v.env)
	if !ok {
		return nil, false
	}
	out := make([]int, len(names))
	for k, n := range names {
		hi := 1 << 16
		if want == "link" && n == "l" {
			hi = 5
		}
		x, ok := c.integer(field{want + ": " + n, v.node}, args[n], 0, float64(hi))
		if !ok {
			return nil, false
		}
		out[k] = int(x)
	}
	return out, true
}

func listComma(names []string) string {
	s := ""
	for k, n := range names {
		if k > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

func (c *checker) deadParts(t *ir.Target, f *Field, v val) {
	if v.kind != vArr {
		c.errs.Add(f.Value.Start(), "%s: expected an array, found %s", f.Name.Name, v.describe())
		return
	}
	for _, el := range v.elems {
		switch f.Name.Name {
		case "dead_chips":
			if xs, ok := c.coords(f.Name.Name, el, "chip", "x", "y"); ok {
				t.DeadChips = append(t.DeadChips, [2]int{xs[0], xs[1]})
			}
		case "dead_cores":
			if xs, ok := c.coords(f.Name.Name, el, "core", "x", "y", "p"); ok {
				t.DeadCores = append(t.DeadCores, [3]int{xs[0], xs[1], xs[2]})
			}
		case "dead_links":
			if xs, ok := c.coords(f.Name.Name, el, "link", "x", "y", "l"); ok {
				t.DeadLinks = append(t.DeadLinks, [3]int{xs[0], xs[1], xs[2]})
			}
		}
	}
}

func (c *checker) place(p *Place) (ir.Placement, bool) {
	v, ok := c.eval(p.Where, envPlain)
	if !ok {
		return ir.Placement{}, false
	}
	xs, ok := c.coords("place "+p.Population.Name, v, "chip", "x", "y")
	if !ok {
		return ir.Placement{}, false
	}
	return ir.Placement{Population: p.Population.Name, X: xs[0], Y: xs[1]}, true
}

// dataset reads a pipeline: a source, then encoders.
func (c *checker) dataset(f field, v val) *ir.Dataset {
	stages := []val{v}
	if v.kind == vPipe {
		stages = v.elems
	}
	src := stages[0]
	if src.kind != vCall || !src.call.Parens {
		c.errs.Add(src.node.Start(), "%s: expected a dataset (idx_images, nmnist or csv_events), found %s", f.name, src.describe())
		return nil
	}
	sources := map[string][]argSpec{
		"idx_images": sig("dir", "split?"),
		"nmnist":     sig("dir"),
		"csv_events": sig("file"),
	}
	name := src.call.Name.Name
	spec, ok := sources[name]
	if !ok {
		c.errs.Add(src.node.Start(), "%s: unknown dataset %s%s", f.name, name, suggest(name, keys(sources)))
		return nil
	}
	args, ok := c.bind(src.call, spec, src.env)
	if !ok {
		return nil
	}
	d := &ir.Dataset{Source: name}
	pathArg := spec[0].name
	p, ok := c.str(field{name + ": " + pathArg, src.node}, args[pathArg])
	if !ok {
		return nil
	}
	d.Path = c.resolve(src.node, p)
	if name == "idx_images" {
		d.Split = "train"
		if s, given := args["split"]; given {
			w, ok := c.str(field{"idx_images: split", src.node}, s)
			if !ok {
				return nil
			}
			if w != "train" && w != "test" {
				c.errs.Add(s.node.Start(), "idx_images: split must be \"train\" or \"test\", found %q", w)
				return nil
			}
			d.Split = w
		}
	}
	encoders := map[string]struct {
		sig  []argSpec
		defs map[string]float64
		dims map[string]ir.Dim
	}{
		"poisson_rate": {sig("max_rate?", "duration?"), map[string]float64{"max_rate": 100, "duration": 100}, map[string]ir.Dim{"max_rate": ir.DimFrequency, "duration": ir.DimTime}},
		"latency":      {sig("duration?"), map[string]float64{"duration": 50}, map[string]ir.Dim{"duration": ir.DimTime}},
		"saccade_dvs":  {sig("saccades?", "duration?", "threshold?"), map[string]float64{"saccades": 3, "duration": 300, "threshold": 0.15}, map[string]ir.Dim{"saccades": ir.DimDimensionless, "duration": ir.DimTime, "threshold": ir.DimDimensionless}},
	}
	for _, st := range stages[1:] {
		if st.kind != vCall {
			c.errs.Add(st.node.Start(), "%s: expected an encoder (poisson_rate, latency or saccade_dvs), found %s", f.name, st.describe())
			return nil
		}
		en, known := encoders[st.call.Name.Name]
		if !known {
			c.errs.Add(st.node.Start(), "%s: unknown encoder %s%s", f.name, st.call.Name.Name, suggest(st.call.Name.Name, keys(encoders)))
			return nil
		}
		if name != "idx_images" {
			c.errs.Add(st.node.Start(), "%s: %s gives events already; encoders turn images into spikes", f.name, name)
			return nil
		}
		args, ok := c.bind(st.call, en.sig, st.env)
		if !ok {
			return nil
		}
		e := ir.Encoder{Kind: st.call.Name.Name, Params: map[string]float64{}}
		for k, def := range en.defs {
			e.Params[k] = def
			if a, given := args[k]; given {
				x, ok := c.quantity(field{e.Kind + ": " + k, st.node}, a, en.dims[k])
				if !ok {
					return nil
				}
				if x <= 0 {
					c.errs.Add(a.node.Start(), "%s: %s must be positive", e.Kind, k)
					return nil
				}
				e.Params[k] = x
			}
		}
		d.Encoders = append(d.Encoders, e)
	}
	if name == "idx_images" && len(d.Encoders) == 0 {
		c.errs.Add(src.node.Start(), "%s: images need an encoder to become spikes, e.g. %s | poisson_rate(max_rate = 100 Hz, duration = 100 ms)", f.name, exprString(src.node))
		return nil
	}
	return d
}

func (c *checker) lowerTask(s *Task, f *File) {
	if s.Kind.Name != "classify" {
		c.errs.Add(s.Kind.From, "unknown task %s%s", s.Kind.Name, suggest(s.Kind.Name, []string{"classify"}))
		return
	}
	t := &ir.Task{Name: s.Name.Name, Kind: "classify", Bins: 1, Pos: s.From}
	fs := c.fields(s.Body, "task "+t.Name, false)
	good := true
	for _, n := range keys(fs) {
		fl := fs[n]
		v, ok := c.eval(fl.Value, envPlain)
		if !ok {
			good = false
			continue
		}
		switch n {
		case "train", "test":
			d := c.dataset(field{n, fl}, v)
			good = good && d != nil
			if n == "train" {
				t.Train = d
			} else {
				t.Test = d
			}
		case "input":
			if v.kind != vCall || v.call.Parens {
				c.errs.Add(fl.Value.Start(), "input: expected the name of an events population, found %s", v.describe())
				good = false
				continue
			}
			name := v.call.Name
			info := c.pops[name.Name]
			if info == nil {
				if !c.rejected[name.Name] {
					c.errs.Add(name.From, "unknown population %s%s", name.Name, suggest(name.Name, keys(c.pops)))
				}
				good = false
				continue
			}
			if info.spec != nil && info.spec.Name != "events" {
				c.errs.Add(name.From, "input: %s is a %s population; a task feeds an events population", name.Name, info.spec.Name)
				good = false
				continue
			}
			t.Input = name.Name
		case "features":
			items := []val{v}
			if v.kind == vArr {
				items = v.elems
			}
			for _, it := range items {
				if it.kind != vMember {
					c.errs.Add(it.node.Start(), "features: expected <population>.spikes, found %s", it.describe())
					good = false
					continue
				}
				pop, sel := it.member.X, it.member.Sel
				if _, ok := c.pops[pop.Name]; !ok {
					if !c.rejected[pop.Name] {
						c.errs.Add(pop.From, "unknown population %s%s", pop.Name, suggest(pop.Name, keys(c.pops)))
					}
					good = false
					continue
				}
				if sel.Name != "spikes" {
					c.errs.Add(sel.From, "features: only spikes can be features, found %s", sel.Name)
					good = false
					continue
				}
				t.Features = append(t.Features, ir.Feature{Population: pop.Name, Variable: "spikes"})
			}
		case "bins":
			x, ok := c.integer(field{"bins", fl}, v, 1, 1<<20)
			t.Bins, good = int(x), good && ok
		case "train_limit", "test_limit":
			x, ok := c.integer(field{n, fl}, v, 0, 1<<40)
			if n == "train_limit" {
				t.TrainLimit = int(x)
			} else {
				t.TestLimit = int(x)
			}
			good = good && ok
		case "readout":
			ro, ok := c.readout(fl, v)
			t.Readout, good = ro, good && ok
		default:
			c.unknownField(fl, "classify tasks", []string{"train", "test", "input", "features", "bins", "readout", "train_limit", "test_limit"})
			good = false
		}
	}
	var missing []string
	for _, need := range []string{"train", "test", "input", "features", "readout"} {
		if fs[need] == nil {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		c.errs.Add(s.Name.From, "task %s needs %s", t.Name, listAnd(missing))
		good = false
	}
	if good {
		c.net.Tasks = append(c.net.Tasks, t)
	}
}

func (c *checker) readout(f *Field, v val) (ir.Readout, bool) {
	if v.kind != vCall || !v.call.Parens || (v.call.Name.Name != "ridge" && v.call.Name.Name != "logistic") {
		c.errs.Add(f.Value.Start(), "readout: expected ridge(lambda) or logistic(epochs, lr, batch = 64, l2 = 0), found %s", v.describe())
		return ir.Readout{}, false
	}
	if v.call.Name.Name == "ridge" {
		args, ok := c.bind(v.call, sig("lambda"), v.env)
		if !ok {
			return ir.Readout{}, false
		}
		x, ok := c.quantity(field{"ridge: lambda", f}, args["lambda"], ir.DimDimensionless)
		if ok && x < 0 {
			c.errs.Add(args["lambda"].node.Start(), "ridge: lambda must not be negative")
			ok = false
		}
		return ir.Readout{Kind: "ridge", Lambda: x}, ok
	}
	args, ok := c.bind(v.call, sig("epochs", "lr", "batch?", "l2?"), v.env)
	if !ok {
		return ir.Readout{}, false
	}
	ro := ir.Readout{Kind: "logistic", Batch: 64}
	e, ok1 := c.integer(field{"logistic: epochs", f}, args["epochs"], 1, 1<<20)
	lr, ok2 := c.quantity(field{"logistic: lr", f}, args["lr"], ir.DimDimensionless)
	ro.Epochs, ro.LR = int(e), lr
	ok = ok1 && ok2
	if ok2 && lr <= 0 {
		c.errs.Add(args["lr"].node.Start(), "logistic: lr must be positive, found %s", exprString(args["lr"].node))
		ok = false
	}
	if b, given := args["batch"]; given {
		x, ok3 := c.integer(field{"logistic: batch", f}, b, 1, 1<<20)
		ro.Batch, ok = int(x), ok && ok3
	}
	if l2, given := args["l2"]; given {
		x, ok3 := c.quantity(field{"logistic: l2", f}, l2, ir.DimDimensionless)
		if ok3 && x < 0 {
			c.errs.Add(l2.node.Start(), "logistic: l2 must not be negative, found %s", exprString(l2.node))
			ok3 = false
		}
		ro.L2, ok = x, ok && ok3
	}
	return ro, ok
}
