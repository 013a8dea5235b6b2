package dsl

import (
	"fmt"
	"math"

	"github.com/snn-sim/snn/ir"
)

// connectors lists each connector's signature; every one also takes condition.
var connectors = map[string][]argSpec{
	"all_to_all":        sig("allow_self?", "condition?"),
	"one_to_one":        sig("condition?"),
	"fixed_probability": sig("p", "allow_self?", "condition?"),
	"fixed_number_pre":  sig("n", "allow_self?", "replace?", "condition?"),
	"fixed_number_post": sig("n", "allow_self?", "replace?", "condition?"),
	"fixed_total":       sig("n", "replace?", "condition?"),
	"distance":          sig("p", "allow_self?", "condition?"),
	"from_list":         sig("pairs", "condition?"),
	"from_file":         sig("path", "condition?"),
	"from_npy":          sig("pre", "post", "condition?"),
}

// weightDim is the weight dimension of a post selection (all its populations
// must agree).
func (c *checker) weightDim(post []*popInfo, at Node) (ir.Dim, bool) {
	var d ir.Dim
	for k, p := range post {
		if p.spec == nil {
			return d, false
		}
		if p.spec.Source {
			c.errs.Add(at.Start(), "cannot connect into %s: it is a %s source and takes no input", p.ir.Name, p.spec.Name)
			return d, false
		}
		if k == 0 {
			d = p.spec.WeightDim
		} else if p.spec.WeightDim != d {
			c.errs.Add(at.Start(), "the post populations take weights of different dimensions (%s for %s, %s for %s); connect them separately",
				d.Name(), post[0].ir.Name, p.spec.WeightDim.Name(), p.ir.Name)
			return d, false
		}
	}
	return d, true
}

func sameNeuronsPossible(pre, post ir.Selection) bool {
	for _, a := range pre {
		for _, b := range post {
			if a.Population == b.Population && a.Lo < b.Hi && b.Lo < a.Hi {
				return true
			}
		}
	}
	return false
}

func hasLayouts(infos []*popInfo) bool {
	for _, p := range infos {
		if p.ir == nil || p.ir.Layout == nil {
			return false
		}
	}
	return true
}

// lowerConnect checks a connect statement and adds its projection.
func (c *checker) lowerConnect(s *Connect, autoNames map[string]int) {
	pre, preInfo, ok1 := c.selection(s.Pre)
	post, postInfo, ok2 := c.selection(s.Post)
	name := ""
	if s.As != nil {
		name = s.As.Name
	} else if len(s.Pre.Atoms) > 0 && len(s.Post.Atoms) > 0 {
		// Unnamed connects are named after their first pre and post
		// populations; repeats get _2, _3 ... in file order.
		base := s.Pre.Atoms[0].Name.Name + "_to_" + s.Post.Atoms[0].Name.Name
		for {
			autoNames[base]++
			name = base
			if autoNames[base] > 1 {
				name = fmt.Sprintf("%s_%d", base, autoNames[base])
			}
			if _, taken := c.decls[name]; !taken {
				break
			}
		}
	}
	if !ok1 || !ok2 {
		return
	}
	wdim, ok := c.weightDim(postInfo, s.Post)
	if !ok {
		return
	}
	proj := &ir.Projection{Name: name, Pre: pre, Post: post, Receptor: "exc", Pos: s.From}
	fs := c.fields(s.Body, "connect", false)

	conn, listW, listD, ok := c.connector(s, proj, preInfo, postInfo, wdim)
	if !ok {
		return
	}
	proj.Connector = conn
	good := true
	for _, fname := range keys(fs) {
		f := fs[fname]
		switch fname {
		case "weight":
			w, ok := c.connValue(f, wdim, listW != nil, proj, preInfo, postInfo)
			if !ok || !c.checkWeightSign(w, f) {
				good = false
				continue
			}
			proj.Weight = w
		case "delay":
			d, ok := c.connValue(f, ir.DimTime, listD != nil, proj, preInfo, postInfo)
			if !ok || !c.checkDelay(d, f) {
				good = false
				continue
			}
			proj.Delay = toSteps(d, c.net.DT)
		case "receptor":
			v, ok := c.eval(f.Value, envPlain)
			if !ok {
				good = false
				continue
			}
			w := v.s
			if v.kind == vCall && !v.call.Parens {
				w = v.call.Name.Name
			} else if v.kind != vStr {
				w = ""
			}
			if w != "exc" && w != "inh" {
				c.errs.Add(f.Value.Start(), "receptor: expected exc or inh, found %s%s", v.describe(), suggest(w, []string{"exc", "inh"}))
				good = false
				continue
			}
			proj.Receptor = w
		case "synapse":
			v, ok := c.eval(f.Value, envPlain)
			if !ok {
				good = false
				continue
			}
			if v.kind != vCall || v.call.Parens {
				c.errs.Add(f.Value.Start(), "synapse: expected the name of a synapse definition, found %s", v.describe())
				good = false
				continue
			}
			syn, ok := c.synapseFor(v.call.Name, wdim)
			if !ok {
				good = false
				continue
			}
			proj.Synapse = syn
		default:
			c.unknownField(f, "connect", []string{"weight", "delay", "receptor", "synapse"})
			good = false
		}
	}
	if proj.Synapse.Model == "" {
		proj.Synapse = ir.Synapse{Model: "static"}
	}
	if listW != nil {
		proj.Weight = *listW
	}
	if listD != nil {
		proj.Delay = *listD
	}
	if fs["weight"] == nil && listW == nil {
		c.errs.Add(s.From, "connect %s needs a weight (its connector supplies none)", name)
		return
	}
	if fs["delay"] == nil && listD == nil {
		proj.Delay = ir.Const(1) // one time step
	}
	if good {
		c.net.Projections = append(c.net.Projections, proj)
	}
}

// connValue evaluates a connect's weight or delay field (of dimension want)
// per connection; inList says the connector's list already gave it.
func (c *checker) connValue(f *Field, want ir.Dim, inList bool, proj *ir.Projection, pre, post []*popInfo) (ir.Value, bool) {
	name := f.Name.Name
	if inList {
		c.errs.Add(f.Name.From, "%s is given twice: by the connector's list and by this field", name)
		return ir.Value{}, false
	}
	v, ok := c.eval(f.Value, envConnect)
	if !ok || !c.usesLayout(v, pre, post, f.Value) || !c.connArray(name, v, proj) {
		return ir.Value{}, false
	}
	return c.perElement(field{name, f}, v, want, -1, 0)
}

// usesLayout checks that a value using d has layouts on both sides.
func (c *checker) usesLayout(v val, pre, post []*popInfo, at Node) bool {
	if v.kind == vSym && v.sym.Uses("d") && !(hasLayouts(pre) && hasLayouts(post)) {
		c.errs.Add(at.Start(), "d (distance) needs a layout on every pre and post population; add layout = grid(...) or random(...)")
		return false
	}
	return true
}

// connArray checks an array of weights or delays: it gives one value per
// pair in the connector's fixed order, as the IR indexes it (all_to_all:
// every pre-post pair, i * npost + j, whether its condition or allow_self
// keeps the pair or not; one_to_one: one per pre; lists: one per entry). A
// connector that draws its pairs at random has no such order.
func (c *checker) connArray(what string, v val, p *ir.Projection) bool {
	if v.kind != vArr {
		return true
	}
	n, per := 0, ""
	switch p.Connector.Kind {
	case "one_to_one":
		n, per = p.Pre.Size(), "one per pre neuron of one_to_one"
	case "all_to_all":
		n, per = p.Pre.Size()*p.Post.Size(), fmt.Sprintf("one per pre-post pair of all_to_all, in the order i * %d + j", p.Post.Size())
	case "from_list", "from_file", "from_npy":
		n, per = len(p.Connector.Pairs)/2, "one per entry of "+p.Connector.Kind
	default:
		c.errs.Add(v.node.Start(), "%s: an array gives the connections their values in a fixed order, but %s draws its connections at random; give one value, a distribution or an expression of i, j and d", what, p.Connector.Kind)
		return false
	}
	if len(v.elems) != n {
		c.errs.Add(v.node.Start(), "%s: the array has %d values, expected %d (%s)", what, len(v.elems), n, per)
		return false
	}
	return true
}

func (c *checker) checkWeightSign(w ir.Value, f *Field) bool {
	neg := false
	switch w.Kind {
	case ir.KindConst:
		neg = w.X < 0
	case ir.KindArray:
		for _, x := range w.Xs {
			neg = neg || x < 0
		}
	case ir.KindDist:
		lo, _ := w.Dist.Support()
		if lo < 0 {
			c.errs.Add(f.Value.Start(), "weight %s can draw negative values; weights are magnitudes: clip it (e.g. normal_clipped(mean, sd, 0, hi)) and use receptor = inh for inhibition", exprString(f.Value))
			return false
		}
	}
	if neg {
		c.errs.Add(f.Value.Start(), "weight must not be negative (%s); weights are magnitudes: use receptor = inh", exprString(f.Value))
	}
	return !neg
}

// checkDelay rejects delays below one time step.
func (c *checker) checkDelay(d ir.Value, f *Field) bool {
	dt := c.net.DT
	lo := math.Inf(1)
	switch d.Kind {
	case ir.KindConst:
		lo = d.X
	case ir.KindArray:
		for _, x := range d.Xs {
			lo = math.Min(lo, x)
		}
	case ir.KindDist:
		lo, _ = d.Dist.Support()
		if lo < dt*(1-1e-9) {
			hint := fmt.Sprintf("clip it, e.g. normal_clipped(mean, sd, %g ms, hi)", dt)
			if d.Dist.Name == "uniform" || d.Dist.Name == "normal_clipped" {
				hint = fmt.Sprintf("its lo must be at least %g ms", dt)
			}
			c.errs.Add(f.Value.Start(), "delay %s can draw values below one time step (%g ms); %s", exprString(f.Value), dt, hint)
			return false
		}
		return true
	}
	if lo < dt*(1-1e-9) {
		c.errs.Add(f.Value.Start(), "delay %g ms is shorter than one time step (%g ms)", lo, dt)
		return false
	}
	if lo != math.Inf(1) && d.Kind != ir.KindExpr {
		hi := lo
		if d.Kind == ir.KindArray {
			for _, x := range d.Xs {
				hi = math.Max(hi, x)
			}
		}
		if math.Round(hi/dt) > 65535 {
			c.errs.Add(f.Value.Start(), "delay %g ms is %g time steps; the most is 65535", hi, math.Round(hi/dt))
			return false
		}
	}
	return true
}

// toSteps converts a delay value in ms to (unrounded) time steps.
func toSteps(d ir.Value, dt float64) ir.Value {
	f := 1 / dt
	switch d.Kind {
	case ir.KindConst:
		return ir.Const(d.X / dt)
	case ir.KindArray:
		xs := make([]float64, len(d.Xs))
		for k, x := range d.Xs {
			xs[k] = x / dt
		}
		return ir.Value{Kind: ir.KindArray, Xs: xs}
	case ir.KindDist:
		return ir.Value{Kind: ir.KindDist, Dist: convertDist(d.Dist, f)}
	case ir.KindExpr:
		return ir.Value{Kind: ir.KindExpr, Expr: &ir.Expr{Op: "/", Args: []*ir.Expr{d.Expr, {Op: "const", X: dt}}}}
	}
	return d
}

// connector checks the connector call. For lists with weight and delay
// columns it also returns those values.
func (c *checker) connector(s *Connect, p *ir.Projection, pre, post []*popInfo, wdim ir.Dim) (ir.Connector, *ir.Value, *ir.Value, bool) {
	call := s.Connector
	name := call.Name.Name
	specs, known := connectors[name]
	if !known {
		c.errs.Add(call.Name.From, "unknown connector %s%s", name, suggest(name, keys(connectors)))
		return ir.Connector{}, nil, nil, false
	}
	args, ok := c.bind(call, specs, envConnect)
	if !ok {
		return ir.Connector{}, nil, nil, false
	}
	conn := ir.Connector{Kind: name, AllowSelf: true}
	if name == "distance" {
		conn.AllowSelf = false
	}
	if name == "fixed_total" {
		conn.Replace = true
	}
	self := sameNeuronsPossible(p.Pre, p.Post)
	if v, given := args["allow_self"]; given {
		b, ok := c.boolean(field{name + ": allow_self", call}, v)
		if !ok {
			return conn, nil, nil, false
		}
		conn.AllowSelf = b
	}
	if !self {
		conn.AllowSelf = true // only matters when pre and post share neurons
	}
	if v, given := args["replace"]; given {
		b, ok := c.boolean(field{name + ": replace", call}, v)
		if !ok {
			return conn, nil, nil, false
		}
		conn.Replace = b
	}
	if v, given := args["condition"]; given {
		switch {
		case v.kind == vBool:
			if v.x == 0 {
				conn.Condition = &ir.Expr{Op: "const", X: 0}
			}
		case v.kind == vSym && v.isBool:
			if !c.usesLayout(v, pre, post, v.node) {
				return conn, nil, nil, false
			}
			conn.Condition = v.sym
		default:
			c.errs.Add(v.node.Start(), "%s: condition must be a comparison of i, j or d, found %s", name, c.found(v))
			return conn, nil, nil, false
		}
	}
	npre, npost := p.Pre.Size(), p.Post.Size()
	switch name {
	case "one_to_one":
		if npre != npost {
			c.errs.Add(call.From, "one_to_one needs pre and post of one size, found %d and %d", npre, npost)
			return conn, nil, nil, false
		}
	case "fixed_probability":
		x, ok := c.quantity(field{"fixed_probability: p", call}, args["p"], ir.DimDimensionless)
		if !ok {
			return conn, nil, nil, false
		}
		if x < 0 || x > 1 {
			c.errs.Add(args["p"].node.Start(), "fixed_probability: p must be between 0 and 1, found %s", exprString(args["p"].node))
			return conn, nil, nil, false
		}
		conn.P = x
	case "fixed_number_pre", "fixed_number_post", "fixed_total":
		n, ok := c.integer(field{name + ": n", call}, args["n"], 0, 1<<62)
		if !ok {
			return conn, nil, nil, false
		}
		conn.N = n
		pool, what := int64(npre), "pre"
		switch name {
		case "fixed_number_post":
			pool, what = int64(npost), "post"
		case "fixed_total":
			pool, what = int64(npre)*int64(npost), "pre-post pairs"
		}
		if self && !conn.AllowSelf && name != "fixed_total" {
			pool--
		}
		if !conn.Replace && n > pool && conn.Condition == nil {
			c.errs.Add(args["n"].node.Start(), "%s: n = %d but there are only %d %s to draw from without replacement", name, n, pool, what)
			return conn, nil, nil, false
		}
	case "distance":
		if !(hasLayouts(pre) && hasLayouts(post)) {
			c.errs.Add(call.From, "distance needs a layout on every pre and post population; add layout = grid(...) or random(...)")
			return conn, nil, nil, false
		}
		v := args["p"]
		switch {
		case v.kind == vNum && v.dim.IsDimensionless():
			conn.PExpr = &ir.Expr{Op: "const", X: v.x}
		case v.kind == vSym && !v.isBool && v.dim.IsDimensionless():
			conn.PExpr = v.sym
		default:
			c.errs.Add(v.node.Start(), "distance: p must be a bare-number expression of d, found %s", c.found(v))
			return conn, nil, nil, false
		}
	case "from_list":
		return c.fromList(conn, args["pairs"], npre, npost, wdim)
	case "from_file", "from_npy":
		return c.fromFiles(s, conn, args, npre, npost, wdim)
	}
	return conn, nil, nil, true
}

func (c *checker) fromList(conn ir.Connector, v val, npre, npost int, wdim ir.Dim) (ir.Connector, *ir.Value, *ir.Value, bool) {
	if v.kind != vArr {
		c.errs.Add(v.node.Start(), "from_list: expected [[i, j], ...] or [[i, j, weight, delay], ...], found %s", c.found(v))
		return conn, nil, nil, false
	}
	width := -1
	var ws, ds []float64
	conn.Pairs = make([]int32, 0, 2*len(v.elems))
	for _, row := range v.elems {
		if row.kind != vArr || (len(row.elems) != 2 && len(row.elems) != 4) {
			c.errs.Add(row.node.Start(), "from_list: each entry must be [i, j] or [i, j, weight, delay], found %s", c.found(row))
			return conn, nil, nil, false
		}
		if width >= 0 && len(row.elems) != width {
			c.errs.Add(row.node.Start(), "from_list: entries must all have %d columns", width)
			return conn, nil, nil, false
		}
		width = len(row.elems)
		i, ok1 := c.integer(field{"from_list: pre index", row.node}, row.elems[0], 0, float64(npre-1))
		j, ok2 := c.integer(field{"from_list: post index", row.node}, row.elems[1], 0, float64(npost-1))
		if !ok1 || !ok2 {
			return conn, nil, nil, false
		}
		conn.Pairs = append(conn.Pairs, int32(i), int32(j))
		if width == 4 {
			w, ok := c.quantity(field{"from_list: weight", row.node}, row.elems[2], wdim)
			if !ok {
				return conn, nil, nil, false
			}
			if w < 0 {
				c.errs.Add(row.elems[2].node.Start(), "weight must not be negative (%s); weights are magnitudes: use receptor = inh", exprString(row.elems[2].node))
				return conn, nil, nil, false
			}
			d, ok := c.quantity(field{"from_list: delay", row.node}, row.elems[3], ir.DimTime)
			if !ok {
				return conn, nil, nil, false
			}
			if d < c.net.DT*(1-1e-9) {
				c.errs.Add(row.elems[3].node.Start(), "delay %g ms is shorter than one time step (%g ms)", d, c.net.DT)
				return conn, nil, nil, false
			}
			ws = append(ws, w)
			ds = append(ds, d/c.net.DT)
		}
	}
	if width == 4 {
		w := ir.Value{Kind: ir.KindArray, Xs: ws}
		d := ir.Value{Kind: ir.KindArray, Xs: ds}
		return conn, &w, &d, true
	}
	if len(conn.Pairs) == 0 {
		conn.Pairs = nil
	}
	return conn, nil, nil, true
}
