package ir

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// MinClippedMass is the least probability mass normal_clipped's window may
// hold. Below it redrawing (see maxRedraws) risks failing on large networks,
// and such a window is almost always a mistake in the bounds.
const MinClippedMass = 0.01

// Validate checks what every backend relies on after loading an IR, e.g.
// from JSON written by another version or edited by hand: schema version,
// timing, known models with every parameter present and well-formed,
// selections inside their populations, sane connectors, weights and delays,
// unique names, and recordings, currents, targets and tasks that refer to
// things that exist. It reports every problem, each naming its object, as
// one joined error; nil means the network can be expanded and run.
func (n *Network) Validate() error {
	v := &validator{n: n}
	v.network()
	for _, p := range n.Populations {
		v.population(p)
	}
	for _, p := range n.Projections {
		v.projection(p)
	}
	for _, c := range n.Currents {
		v.current(c)
	}
	for _, r := range n.Recordings {
		v.recording(r)
	}
	for _, t := range n.Targets {
		v.target(t)
	}
	for _, t := range n.Tasks {
		v.task(t)
	}
	return errors.Join(v.errs...)
}

type validator struct {
	n    *Network
	errs []error
}

// add records a problem of an object ("population \"exc\"").
func (v *validator) add(pos Position, obj, format string, args ...any) {
	msg := obj + ": " + fmt.Sprintf(format, args...)
	if pos.IsValid() {
		msg = pos.String() + ": " + msg
	}
	v.errs = append(v.errs, errors.New(msg))
}

func (v *validator) network() {
	n := v.n
	obj := fmt.Sprintf("network %q", n.Name)
	if n.IRVersion != Version {
		v.add(n.Pos, obj, "ir_version is %d, this program reads version %d", n.IRVersion, Version)
	}
	if !isFinite(n.DT) || n.DT <= 0 {
		v.add(n.Pos, obj, "dt = %v ms is not a positive time", n.DT)
	}
	if !isFinite(n.Duration) || !(n.Duration >= n.DT) {
		v.add(n.Pos, obj, "duration = %v ms is shorter than dt = %v ms", n.Duration, n.DT)
	}
	// Populations, projections and currents share one namespace.
	seen := map[string]string{}
	name := func(kind, s string, pos Position) {
		if s == "" {
			v.add(pos, kind, "has no name")
			return
		}
		if prev, ok := seen[s]; ok {
			v.add(pos, fmt.Sprintf("%s %q", kind, s), "name already used by a %s", prev)
			return
		}
		seen[s] = kind
	}
	for _, p := range n.Populations {
		name("population", p.Name, p.Pos)
	}
	for _, p := range n.Projections {
		name("projection", p.Name, p.Pos)
	}
	for _, c := range n.Currents {
		name("current", c.Name, c.Pos)
	}
	targets := map[string]bool{}
	for _, t := range n.Targets {
		if targets[t.Name] {
			v.add(t.Pos, fmt.Sprintf("target %q", t.Name), "defined twice")
		}
		targets[t.Name] = true
	}
}

func (v *validator) population(p *Population) {
	obj := fmt.Sprintf("population %q", p.Name)
	if p.Size < 1 {
		v.add(p.Pos, obj, "size %d is less than 1", p.Size)
	}
	m := Models[p.Model]
	if m == nil {
		v.add(p.Pos, obj, "unknown model %q", p.Model)
		return
	}
	v.fields(p, obj, "parameter", m.Params, p.Params)
	v.fields(p, obj, "state variable", m.State, p.State)
	if p.Model == "poisson" {
		if r, ok := p.Params["rate"]; ok {
			for _, x := range append([]float64{r.X}, r.Xs...) {
				if x < 0 {
					v.add(p.Pos, obj, "rate %v Hz is negative", x)
					break
				}
			}
		}
	}
	if p.Model == "spike_array" {
		if len(p.SpikeTimes) != p.Size {
			v.add(p.Pos, obj, "spike_array has spike times for %d neurons, size is %d", len(p.SpikeTimes), p.Size)
		}
		for k, ts := range p.SpikeTimes {
			for t, x := range ts {
				if !isFinite(x) || x < 0 || (t > 0 && x < ts[t-1]) {
					v.add(p.Pos, obj, "spike times of neuron %d are not finite, non-negative and sorted", k)
					break
				}
			}
		}
	}
	if l := p.Layout; l != nil {
		switch l.Kind {
		case "grid":
			if l.Shape[0] < 1 || l.Shape[1] < 1 || l.Shape[2] < 1 {
				v.add(p.Pos, obj, "grid layout shape %v needs every dimension >= 1", l.Shape)
			}
			if !isFinite(l.Spacing) || l.Spacing < 0 {
				v.add(p.Pos, obj, "grid spacing %v is not a non-negative number", l.Spacing)
			}
		case "random":
			for _, b := range l.Box {
				if !isFinite(b) || b < 0 {
					v.add(p.Pos, obj, "random layout box %v needs non-negative sides", l.Box)
					break
				}
			}
		default:
			v.add(p.Pos, obj, "unknown layout %q", l.Kind)
		}
	}
}

// fields checks a population's parameters or state against the model: all
// present, none unknown, each of the right kind with finite values.
func (v *validator) fields(p *Population, obj, what string, specs []ParamSpec, vals map[string]Value) {
	for _, s := range specs {
		val, ok := vals[s.Name]
		if !ok {
			v.add(p.Pos, obj, "%s %s is missing", what, s.Name)
			continue
		}
		field := fmt.Sprintf("%s %s", what, s.Name)
		switch s.Kind {
		case PNumber:
			v.perElement(p.Pos, obj, field, val, int64(p.Size), false)
		case PInt:
			xs := val.Xs
			if val.Kind == KindConst {
				xs = []float64{val.X}
			} else if val.Kind != KindArray || len(xs) != p.Size {
				v.add(p.Pos, obj, "%s must be a whole number or one per neuron, found %s", field, val)
				continue
			}
			for _, x := range xs {
				if !isFinite(x) || x != math.Trunc(x) || x < 0 {
					v.add(p.Pos, obj, "%s = %v is not a non-negative whole number", field, x)
					break
				}
			}
		case PWords:
			if val.Kind != KindString || !slices.Contains(s.Words, val.S) {
				v.add(p.Pos, obj, "%s must be one of %q, found %s", field, s.Words, val)
			}
		default:
			v.add(p.Pos, obj, "%s has a kind no population field takes", field)
		}
	}
	for name := range vals {
		if !slices.ContainsFunc(specs, func(s ParamSpec) bool { return s.Name == name }) {
			v.add(p.Pos, obj, "model %s has no %s %s", p.Model, what, name)
		}
	}
}

// perElement checks a numeric value given per element (neuron or synapse):
// count is the number of elements an array must have (< 0: arrays are not
// allowed); connection says whether j and d may appear in expressions.
func (v *validator) perElement(pos Position, obj, field string, val Value, count int64, connection bool) {
	switch val.Kind {
	case KindConst:
		if !isFinite(val.X) {
			v.add(pos, obj, "%s = %v is not a finite number", field, val.X)
		}
	case KindArray:
		if count < 0 {
			v.add(pos, obj, "%s: arrays need a connector with a fixed order (all_to_all, one_to_one or a list)", field)
		} else if int64(len(val.Xs)) != count {
			v.add(pos, obj, "%s has %d values for %d elements", field, len(val.Xs), count)
		}
		for k, x := range val.Xs {
			if !isFinite(x) {
				v.add(pos, obj, "%s: element %d = %v is not a finite number", field, k, x)
				break
			}
		}
	case KindDist:
		if err := validDist(val.Dist); err != nil {
			v.add(pos, obj, "%s: %v", field, err)
		}
	case KindExpr:
		if err := val.Expr.Valid(); err != nil {
			v.add(pos, obj, "%s: %v", field, err)
		} else if !connection && (val.Expr.Uses("j") || val.Expr.Uses("d")) {
			v.add(pos, obj, "%s: only i is bound in a population field", field)
		}
	default:
		v.add(pos, obj, "%s must be a number, array, distribution or expression, found kind %q", field, val.Kind)
	}
}

// validDist checks a distribution's name and parameters.
func validDist(d *Distribution) error {
	if d == nil {
		return fmt.Errorf("missing distribution")
	}
	spec, ok := distParams[d.Name]
	if !ok {
		return fmt.Errorf("unknown distribution %q", d.Name)
	}
	if len(d.Params) != spec.n {
		return fmt.Errorf("%s takes %d parameters, has %d", d.Name, spec.n, len(d.Params))
	}
	for _, x := range d.Params {
		if !isFinite(x) {
			return fmt.Errorf("%s: parameter %v is not a finite number", d, x)
		}
	}
	p := d.Params
	switch d.Name {
	case "uniform":
		if p[0] > p[1] {
			return fmt.Errorf("%s: lo > hi", d)
		}
	case "normal":
		if p[1] < 0 {
			return fmt.Errorf("%s: negative sd", d)
		}
	case "normal_clipped":
		if p[1] < 0 || p[2] > p[3] {
			return fmt.Errorf("%s: needs sd >= 0 and lo <= hi", d)
		}
		if mass := NormalMass(p[0], p[1], p[2], p[3]); mass < MinClippedMass {
			return fmt.Errorf("%s: only %.2g of the distribution lies inside [lo, hi]", d, mass)
		}
	case "lognormal":
		if p[1] < 0 {
			return fmt.Errorf("%s: negative sigma", d)
		}
	case "exponential":
		if p[0] < 0 {
			return fmt.Errorf("%s: negative mean", d)
		}
	case "gamma":
		if p[0] <= 0 || p[1] <= 0 {
			return fmt.Errorf("%s: needs k > 0 and theta > 0", d)
		}
	case "choice":
		if len(d.Choices) == 0 {
			return fmt.Errorf("choice has nothing to choose from")
		}
		if len(d.P) != 0 && len(d.P) != len(d.Choices) {
			return fmt.Errorf("choice has %d values and %d probabilities", len(d.Choices), len(d.P))
		}
		sum := 0.0
		for _, q := range d.P {
			if !isFinite(q) || q < 0 {
				return fmt.Errorf("choice probability %v is not a non-negative number", q)
			}
			sum += q
		}
		if len(d.P) != 0 && math.Abs(sum-1) > 1e-6 {
			return fmt.Errorf("choice probabilities add up to %v, not 1", sum)
		}
		for _, c := range d.Choices {
			if !isFinite(c) {
				return fmt.Errorf("choice value %v is not a finite number", c)
			}
		}
	}
	return nil
}

// NormalMass is P(lo <= X <= hi) for X ~ N(mean, sd).
func NormalMass(mean, sd, lo, hi float64) float64 {
	if sd == 0 {
		if mean >= lo && mean <= hi {
			return 1
		}
		return 0
	}
	z := func(x float64) float64 { return math.Erf((x - mean) / (sd * math.Sqrt2)) }
	return (z(hi) - z(lo)) / 2
}

// selection checks that a selection is non-empty and inside its populations,
// and returns its size (0 when invalid).
func (v *validator) selection(pos Position, obj, what string, s Selection) int {
	size, err := v.n.selectionSize(s)
	if err != nil {
		v.add(pos, obj, "%s: %v", what, err)
		return 0
	}
	return size
}

func (v *validator) projection(p *Projection) {
	obj := fmt.Sprintf("projection %q", p.Name)
	npre := v.selection(p.Pos, obj, "pre", p.Pre)
	npost := v.selection(p.Pos, obj, "post", p.Post)
	for _, sl := range p.Post {
		if pop := v.n.Population(sl.Population); pop != nil && pop.IsSource() {
			v.add(p.Pos, obj, "post population %q is a spike source and takes no input", pop.Name)
		}
	}
	c := &p.Connector
	kind, known := connKinds[c.Kind]
	if !known {
		v.add(p.Pos, obj, "unknown connector %q", c.Kind)
	}
	if !(c.P >= 0 && c.P <= 1) {
		v.add(p.Pos, obj, "%s: p = %v is not a probability", c.Kind, c.P)
	}
	if c.N < 0 {
		v.add(p.Pos, obj, "%s: n = %d is negative", c.Kind, c.N)
	}
	usesD := false
	if c.Condition != nil {
		if err := c.Condition.Valid(); err != nil {
			v.add(p.Pos, obj, "condition: %v", err)
		}
		usesD = usesD || c.Condition.Uses("d")
	}
	var arrayCount int64 = -1
	switch {
	case !known:
	case kind == ckDistance:
		if err := c.PExpr.Valid(); err != nil {
			v.add(p.Pos, obj, "distance p: %v", err)
		}
		usesD = usesD || c.PExpr.Uses("d")
	case kind == ckOneToOne:
		if npre > 0 && npost > 0 && npre != npost {
			v.add(p.Pos, obj, "one_to_one needs equal sizes, pre has %d and post %d", npre, npost)
		}
		arrayCount = int64(npre)
	case kind == ckAllToAll:
		arrayCount = int64(npre) * int64(npost)
	case kind == ckList:
		if len(c.Pairs)%2 != 0 {
			v.add(p.Pos, obj, "%s: odd number of indices in pairs", c.Kind)
		}
		for k := 0; k+1 < len(c.Pairs); k += 2 {
			i, j := int(c.Pairs[k]), int(c.Pairs[k+1])
			if i < 0 || i >= npre || j < 0 || j >= npost {
				v.add(p.Pos, obj, "%s: pair %d (%d, %d) is outside %d x %d", c.Kind, k/2, i, j, npre, npost)
				break
			}
		}
		arrayCount = int64(len(c.Pairs) / 2)
	case kind == ckFixedNumberPost && !c.Replace && c.Condition == nil && c.N > int64(npost):
		v.add(p.Pos, obj, "fixed_number_post: n = %d exceeds the %d post neurons (replace = false)", c.N, npost)
	case kind == ckFixedNumberPre && !c.Replace && c.Condition == nil && c.N > int64(npre):
		v.add(p.Pos, obj, "fixed_number_pre: n = %d exceeds the %d pre neurons (replace = false)", c.N, npre)
	}
	v.perElement(p.Pos, obj, "weight", p.Weight, arrayCount, true)
	v.perElement(p.Pos, obj, "delay", p.Delay, arrayCount, true)
	for _, val := range []Value{p.Weight, p.Delay} {
		if val.Kind == KindExpr && val.Expr.Valid() == nil {
			usesD = usesD || val.Expr.Uses("d")
		}
	}
	weights := p.Weight.Xs
	if p.Weight.Kind == KindConst {
		weights = []float64{p.Weight.X}
	}
	for _, w := range weights {
		if w < 0 {
			v.add(p.Pos, obj, "weight %v is negative: weights are magnitudes, use receptor = inh for inhibition", w)
			break
		}
	}
	delays := p.Delay.Xs
	if p.Delay.Kind == KindConst {
		delays = []float64{p.Delay.X}
	}
	for _, d := range delays {
		if r := math.Round(d); r < 1 || r > math.MaxUint16 {
			v.add(p.Pos, obj, "delay %v steps rounds to %v, outside [1, %d] steps", d, r, math.MaxUint16)
			break
		}
	}
	if usesD {
		for _, sel := range []Selection{p.Pre, p.Post} {
			for _, sl := range sel {
				if pop := v.n.Population(sl.Population); pop != nil && pop.Layout == nil {
					v.add(p.Pos, obj, "d needs a layout, and population %q has none", pop.Name)
				}
			}
		}
	}
	if p.Receptor != "exc" && p.Receptor != "inh" {
		v.add(p.Pos, obj, "receptor %q is neither exc nor inh", p.Receptor)
	}
	v.synapse(p, obj)
}

func (v *validator) synapse(p *Projection, obj string) {
	s := p.Synapse
	switch s.Model {
	case "static", "":
	case "stdp":
		st := s.STDP
		if st == nil {
			v.add(p.Pos, obj, "stdp synapse without its rule")
			return
		}
		if st.Timing != "spike_pair" && st.Timing != "nearest_pair" {
			v.add(p.Pos, obj, "stdp timing %q is neither spike_pair nor nearest_pair", st.Timing)
		}
		if st.WeightRule != "additive" && st.WeightRule != "multiplicative" {
			v.add(p.Pos, obj, "stdp weight rule %q is neither additive nor multiplicative", st.WeightRule)
		}
		for _, x := range []float64{st.TauPlus, st.TauMinus} {
			if !isFinite(x) || x <= 0 {
				v.add(p.Pos, obj, "stdp time constant %v ms is not positive", x)
			}
		}
		for _, x := range []float64{st.APlus, st.AMinus, st.WMin, st.WMax} {
			if !isFinite(x) {
				v.add(p.Pos, obj, "stdp parameter %v is not a finite number", x)
			}
		}
		if st.WMin > st.WMax {
			v.add(p.Pos, obj, "stdp w_min %v > w_max %v", st.WMin, st.WMax)
		}
	case "tsodyks_markram":
		tm := s.TM
		if tm == nil {
			v.add(p.Pos, obj, "tsodyks_markram synapse without its parameters")
			return
		}
		if !isFinite(tm.U) || tm.U <= 0 || tm.U > 1 {
			v.add(p.Pos, obj, "tsodyks_markram U = %v is not in (0, 1]", tm.U)
		}
		if !isFinite(tm.TauRec) || tm.TauRec < 0 || !isFinite(tm.TauFacil) || tm.TauFacil < 0 {
			v.add(p.Pos, obj, "tsodyks_markram time constants must be non-negative")
		}
	default:
		v.add(p.Pos, obj, "unknown synapse model %q", s.Model)
	}
}

func (v *validator) current(c *Current) {
	obj := fmt.Sprintf("current %q", c.Name)
	v.selection(c.Pos, obj, "target", c.Target)
	for _, sl := range c.Target {
		if pop := v.n.Population(sl.Population); pop != nil && pop.IsSource() {
			v.add(c.Pos, obj, "population %q is a spike source and takes no current", pop.Name)
		}
	}
	nums := []float64{c.Amplitude, c.Start, c.Stop, c.Frequency, c.Phase, c.Offset, c.Mean, c.SD, c.DT}
	nums = append(append(nums, c.Times...), c.Amplitudes...)
	for _, x := range nums {
		if !isFinite(x) {
			v.add(c.Pos, obj, "%v is not a finite number", x)
			break
		}
	}
	switch c.Kind {
	case "dc", "ac":
	case "step":
		if len(c.Times) != len(c.Amplitudes) {
			v.add(c.Pos, obj, "step has %d times and %d amplitudes", len(c.Times), len(c.Amplitudes))
		}
	case "noisy":
		if c.DT <= 0 || c.SD < 0 {
			v.add(c.Pos, obj, "noisy needs dt > 0 and sd >= 0")
		}
	default:
		v.add(c.Pos, obj, "unknown current source %q", c.Kind)
	}
}

func (v *validator) recording(r *Recording) {
	obj := fmt.Sprintf("record %s.%s", r.Target, r.Variable)
	if r.Every < 1 {
		v.add(r.Pos, obj, "every = %d steps, must be at least 1", r.Every)
	}
	if r.Projection != "" {
		obj = fmt.Sprintf("record %s.%s", r.Projection, r.Variable)
		p := v.n.Projection(r.Projection)
		switch {
		case p == nil:
			v.add(r.Pos, obj, "no projection %q", r.Projection)
		case r.Variable != "weight":
			v.add(r.Pos, obj, "a projection records only weight")
		case !p.Synapse.Plastic():
			v.add(r.Pos, obj, "projection %q is not plastic", p.Name)
		}
		return
	}
	if v.selection(r.Pos, obj, "target", r.Target) == 0 || r.Variable == "spikes" {
		return
	}
	for _, sl := range r.Target {
		pop := v.n.Population(sl.Population)
		if m := pop.Spec(); m == nil || !slices.Contains(m.StateNames(), r.Variable) {
			var has []string
			if m != nil {
				has = m.StateNames()
			}
			v.add(r.Pos, obj, "population %q has no variable %q (it has spikes %v)", pop.Name, r.Variable, has)
		}
	}
}

func (v *validator) target(t *Target) {
	obj := fmt.Sprintf("target %q", t.Name)
	if _, ok := TargetKinds[t.Kind]; !ok {
		v.add(t.Pos, obj, "unknown target kind %q", t.Kind)
		return
	}
	for name := range t.Params {
		if TargetParam(t.Kind, name) == nil {
			v.add(t.Pos, obj, "%s has no parameter %s", t.Kind, name)
		}
	}
	for _, pl := range t.Place {
		if v.n.Population(pl.Population) == nil {
			v.add(t.Pos, obj, "place: no population %q", pl.Population)
		}
	}
	for name, k := range t.NeuronsPerCore {
		if v.n.Population(name) == nil {
			v.add(t.Pos, obj, "neurons_per_core: no population %q", name)
		} else if k < 1 {
			v.add(t.Pos, obj, "neurons_per_core %s = %d is less than 1", name, k)
		}
	}
}

func (v *validator) task(t *Task) {
	obj := fmt.Sprintf("task %q", t.Name)
	if t.Kind != "classify" {
		v.add(t.Pos, obj, "unknown task kind %q", t.Kind)
	}
	if v.n.Population(t.Input) == nil {
		v.add(t.Pos, obj, "input: no population %q", t.Input)
	}
	for _, f := range t.Features {
		if v.n.Population(f.Population) == nil {
			v.add(t.Pos, obj, "features: no population %q", f.Population)
		}
	}
	if t.Bins < 1 {
		v.add(t.Pos, obj, "bins = %d, must be at least 1", t.Bins)
	}
	if t.Readout.Kind != "ridge" && t.Readout.Kind != "logistic" {
		v.add(t.Pos, obj, "unknown readout %q", t.Readout.Kind)
	}
	if t.Train == nil || t.Test == nil {
		v.add(t.Pos, obj, "needs both train and test data")
	}
}
