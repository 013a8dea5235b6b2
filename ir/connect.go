package ir

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// Expansion turns a projection's connector into explicit synapses.
//
// Determinism: every random number comes from a stream keyed by the network
// seed, the projection's name and a field ("connect", "weight", "delay",
// "split"), and by the unit of generation the number belongs to: a pre row
// (all_to_all, fixed_probability, fixed_number_post, distance, lists), a
// post column (fixed_number_pre) or a block of rows (fixed_total). Units are
// a function of the projection alone, never of the thread that happens to
// generate them, so the synapses are bit-identical for any thread count and
// any statement order. Weights and delays have their own streams, so editing
// a weight leaves the graph alone.
//
// Within a unit the connectivity is drawn first and put in canonical order
// (rows ascending, targets ascending within a row); weights and delays are
// then drawn in that order.

// CSR is a projection's synapses, row i holding the targets of pre neuron i
// (indices within the projection's Pre and Post selections). It takes at most
// 10 bytes per synapse: a 4-byte target, a float32 weight and a uint16 delay,
// and nothing for a weight or delay that is the same for every synapse.
type CSR struct {
	Pre, Post int
	// RowPtr has Pre+1 entries: row i is Targets[RowPtr[i]:RowPtr[i+1]].
	RowPtr []int64
	// Targets are ascending within a row; a target repeats when the
	// connector draws with replacement.
	Targets []int32
	// Weights, in canonical units and >= 0, aligned with Targets; nil when
	// the projection's weight is a constant, which is then ConstWeight.
	Weights     []float32
	ConstWeight float32
	// Delays in time steps (>= 1), aligned with Targets; nil when constant:
	// ConstDelay.
	Delays     []uint16
	ConstDelay uint16
}

// Synapses is the number of synapses.
func (c *CSR) Synapses() int64 {
	if len(c.RowPtr) == 0 {
		return 0
	}
	return c.RowPtr[len(c.RowPtr)-1]
}

// Row returns the targets of pre neuron i.
func (c *CSR) Row(i int) []int32 { return c.Targets[c.RowPtr[i]:c.RowPtr[i+1]] }

// Weight returns the weight of synapse k.
func (c *CSR) Weight(k int64) float32 {
	if c.Weights == nil {
		return c.ConstWeight
	}
	return c.Weights[k]
}

// Delay returns the delay in steps of synapse k.
func (c *CSR) Delay(k int64) uint16 {
	if c.Delays == nil {
		return c.ConstDelay
	}
	return c.Delays[k]
}

// Bytes is the memory the CSR's arrays take.
func (c *CSR) Bytes() int64 {
	return int64(len(c.RowPtr))*8 + int64(len(c.Targets))*4 + int64(len(c.Weights))*4 + int64(len(c.Delays))*2
}

// Block is the synapses of the consecutive pre rows [Lo, Hi), in the same
// layout as CSR but with RowPtr relative to the block (RowPtr[0] == 0, row
// Lo+r is Targets[RowPtr[r]:RowPtr[r+1]]). ExpandBlocks reuses a block's
// arrays once the callback returns: copy what must outlive the call.
type Block struct {
	Lo, Hi      int
	RowPtr      []int64
	Targets     []int32
	Weights     []float32 // nil when the weight is constant: ConstWeight
	ConstWeight float32
	Delays      []uint16 // nil when the delay is constant: ConstDelay
	ConstDelay  uint16
}

// Synapses is the number of synapses in the block.
func (b *Block) Synapses() int { return len(b.Targets) }

// Row returns the targets of pre neuron i (Lo <= i < Hi).
func (b *Block) Row(i int) []int32 { return b.Targets[b.RowPtr[i-b.Lo]:b.RowPtr[i-b.Lo+1]] }

// Expand generates all synapses of p. threads <= 0 means GOMAXPROCS; the
// result does not depend on it.
func (n *Network) Expand(p *Projection, threads int) (*CSR, error) {
	pl, err := n.newPlan(p)
	if err != nil {
		return nil, err
	}
	if pl.materialised() {
		return pl.materialise(threads)
	}
	return pl.collect(threads)
}

// ExpandBlocks generates p's synapses block by block, in pre order, and
// hands each block to fn, which runs on the calling goroutine. While fn
// works on one block, threads workers generate the next ones; at most
// 2*threads blocks of about 2^18 synapses exist at once, so a projection of
// any size is processed in bounded memory. (fixed_number_pre and the list
// connectors are the exception: they are generated whole first, the former
// column by column then transposed, because their units are not rows.)
// An error from fn stops the expansion and is returned.
func (n *Network) ExpandBlocks(p *Projection, threads int, fn func(*Block) error) error {
	pl, err := n.newPlan(p)
	if err != nil {
		return err
	}
	if pl.materialised() {
		full, err := pl.materialise(threads)
		if err != nil {
			return err
		}
		return pl.slice(full, fn)
	}
	return pl.run(threads, fn)
}

// connKind is a connector kind resolved once.
type connKind uint8

const (
	ckAllToAll connKind = iota
	ckOneToOne
	ckFixedProbability
	ckFixedNumberPre
	ckFixedNumberPost
	ckFixedTotal
	ckDistance
	ckList
)

var connKinds = map[string]connKind{
	"all_to_all":        ckAllToAll,
	"one_to_one":        ckOneToOne,
	"fixed_probability": ckFixedProbability,
	"fixed_number_pre":  ckFixedNumberPre,
	"fixed_number_post": ckFixedNumberPost,
	"fixed_total":       ckFixedTotal,
	"distance":          ckDistance,
	"from_list":         ckList,
	"from_file":         ckList,
	"from_npy":          ckList,
}

// ConnectorKinds lists the connector kinds expansion knows.
func ConnectorKinds() []string {
	ks := make([]string, 0, len(connKinds))
	for k := range connKinds {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// unitSynapses is the number of synapses a unit of generation aims at: big
// enough that per-unit overhead vanishes, small enough that a unit's arrays
// stay in cache and that enough units exist to share among threads. It is
// part of what a seed means for fixed_total (whose streams are per unit):
// changing it changes those networks.
const unitSynapses = 1 << 18

// plan is a projection prepared for expansion: everything the units share,
// computed once and read-only while workers run.
type plan struct {
	net       *Network
	proj      *Projection
	c         *Connector
	kind      connKind
	pre, post int
	// transposed: this plan generates fixed_number_pre's columns as the rows
	// of a fixed_number_post plan with pre and post swapped; messages swap
	// the indices back.
	transposed bool

	cond, pexpr     *Expr
	needD           bool
	prePos, postPos [][3]float64
	self            *selfPairs // nil when no pair is excluded as a self-connection
	logq            float64    // fixed_probability: log(1 - p)

	connKey       uint64
	weight, delay valueGen
	unitRows      int
	units         int
	unitN, unitM  []int64 // fixed_total: synapses and allowed pairs per unit
	npairs        int     // lists

	// dest, when set, is the CSR units write into directly, unit u at
	// Targets[destOff[u]:destOff[u+1]] (see collect).
	dest    *CSR
	destOff []int64
}

// selfPairs lists, per pre row, the post columns that are the same neuron of
// the same population (usually none or one).
type selfPairs struct {
	ptr  []int32
	cols []int32
}

func (s *selfPairs) row(i int) []int32 {
	if s == nil {
		return nil
	}
	return s.cols[s.ptr[i]:s.ptr[i+1]]
}

func (s *selfPairs) total() int64 {
	if s == nil {
		return 0
	}
	return int64(len(s.cols))
}

func (pl *plan) errorf(format string, args ...any) error {
	return fmt.Errorf("projection %q: "+format, append([]any{pl.proj.Name}, args...)...)
}

// pair formats a synapse for messages, in the projection's own orientation.
func (pl *plan) pair(i, j int) string {
	if pl.transposed {
		i, j = j, i
	}
	return fmt.Sprintf("(%d, %d)", i, j)
}

// honoursSelf reports whether AllowSelf applies: one_to_one and explicit
// lists connect exactly what they say, so allow_self plays no part there.
func honoursSelf(k connKind) bool { return k != ckOneToOne && k != ckList }

// arrayLen is the length a weight or delay array must have: one value per
// pair in the connector's natural order. Only connectors whose pairs are
// fixed (not drawn) have such an order.
func arrayLen(pl *plan) (int64, bool) {
	switch pl.kind {
	case ckAllToAll:
		return int64(pl.pre) * int64(pl.post), true
	case ckOneToOne:
		return int64(pl.pre), true
	case ckList:
		return int64(pl.npairs), true
	}
	return 0, false
}

func (n *Network) newPlan(p *Projection) (*plan, error) {
	pl := &plan{net: n, proj: p, c: &p.Connector}
	kind, ok := connKinds[p.Connector.Kind]
	if !ok {
		return nil, pl.errorf("unknown connector %q", p.Connector.Kind)
	}
	pl.kind = kind
	c := pl.c
	var err error
	if pl.pre, err = n.selectionSize(p.Pre); err != nil {
		return nil, pl.errorf("pre: %v", err)
	}
	if pl.post, err = n.selectionSize(p.Post); err != nil {
		return nil, pl.errorf("post: %v", err)
	}
	pl.cond = c.Condition
	if pl.cond != nil {
		if err := pl.cond.Valid(); err != nil {
			return nil, pl.errorf("condition: %v", err)
		}
	}
	switch kind {
	case ckOneToOne:
		if pl.pre != pl.post {
			return nil, pl.errorf("one_to_one needs equal sizes, pre has %d and post %d", pl.pre, pl.post)
		}
	case ckFixedProbability:
		if !(c.P >= 0 && c.P <= 1) {
			return nil, pl.errorf("fixed_probability p = %v is not in [0, 1]", c.P)
		}
		pl.logq = math.Log1p(-c.P)
	case ckFixedNumberPre, ckFixedNumberPost, ckFixedTotal:
		if c.N < 0 {
			return nil, pl.errorf("%s n = %d is negative", c.Kind, c.N)
		}
	case ckDistance:
		if err := c.PExpr.Valid(); err != nil {
			return nil, pl.errorf("distance p: %v", err)
		}
		pl.pexpr = c.PExpr
	case ckList:
		if len(c.Pairs)%2 != 0 {
			return nil, pl.errorf("%s: odd number of indices in pairs (%d)", c.Kind, len(c.Pairs))
		}
		pl.npairs = len(c.Pairs) / 2
		for k := 0; k < len(c.Pairs); k += 2 {
			i, j := c.Pairs[k], c.Pairs[k+1]
			if i < 0 || int(i) >= pl.pre || j < 0 || int(j) >= pl.post {
				return nil, pl.errorf("%s: pair %d (%d, %d) is outside %d x %d", c.Kind, k/2, i, j, pl.pre, pl.post)
			}
		}
	}
	pl.connKey = Key(n.Seed, "projection", p.Name, "connect")
	if pl.weight, err = pl.newValueGen("weight", p.Weight); err != nil {
		return nil, err
	}
	if pl.delay, err = pl.newValueGen("delay", p.Delay); err != nil {
		return nil, err
	}
	pl.needD = pl.cond.Uses("d") || pl.pexpr.Uses("d") || pl.weight.usesD || pl.delay.usesD
	if pl.needD {
		if pl.prePos, err = n.selectionPositions(p.Pre); err != nil {
			return nil, pl.errorf("pre: %v", err)
		}
		if pl.postPos, err = n.selectionPositions(p.Post); err != nil {
			return nil, pl.errorf("post: %v", err)
		}
	}
	if honoursSelf(kind) && !c.AllowSelf {
		pl.self = selfOverlap(p.Pre, p.Post, pl.pre)
	}

	// Units of generation: consecutive rows expected to hold about
	// unitSynapses synapses (or to cost as much work). For fixed_total the
	// split is part of what a seed means, so it depends on n and the sizes
	// only.
	perRow := 1.0
	switch kind {
	case ckAllToAll, ckDistance:
		perRow = float64(pl.post)
	case ckFixedProbability:
		perRow = c.P * float64(pl.post)
		if pl.cond != nil {
			perRow = max(perRow, float64(pl.post)/8)
		}
	case ckFixedNumberPost:
		perRow = float64(c.N)
		if pl.cond != nil || 2*c.N > int64(pl.post) {
			perRow = max(perRow, float64(pl.post))
		}
	case ckFixedNumberPre:
		perRow = float64(c.N) * float64(pl.post) / float64(max(pl.pre, 1))
	case ckFixedTotal:
		perRow = float64(c.N) / float64(max(pl.pre, 1))
	case ckList:
		perRow = float64(pl.npairs) / float64(max(pl.pre, 1))
	}
	pl.unitRows = int(min(max(math.Ceil(unitSynapses/max(perRow, 1e-9)), 1), float64(max(pl.pre, 1))))
	pl.units = (pl.pre + pl.unitRows - 1) / pl.unitRows
	if kind == ckFixedTotal {
		if err := pl.splitTotal(); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// selectionSize checks a selection against the network and returns its size.
func (n *Network) selectionSize(s Selection) (int, error) {
	if len(s) == 0 {
		return 0, fmt.Errorf("empty selection")
	}
	for _, sl := range s {
		pop := n.Population(sl.Population)
		if pop == nil {
			return 0, fmt.Errorf("unknown population %q", sl.Population)
		}
		if sl.Lo < 0 || sl.Hi > pop.Size || sl.Lo >= sl.Hi {
			return 0, fmt.Errorf("slice %s[%d:%d] is empty or outside the population (size %d)", sl.Population, sl.Lo, sl.Hi, pop.Size)
		}
	}
	return s.Size(), nil
}

// selectionPositions returns the layout position of every selected neuron.
func (n *Network) selectionPositions(s Selection) ([][3]float64, error) {
	var out [][3]float64
	cache := map[string][][3]float64{}
	for _, sl := range s {
		pos, ok := cache[sl.Population]
		if !ok {
			pop := n.Population(sl.Population)
			pos = n.Positions(pop)
			if pos == nil {
				return nil, fmt.Errorf("d needs a layout, and population %q has none", sl.Population)
			}
			cache[sl.Population] = pos
		}
		out = append(out, pos[sl.Lo:sl.Hi]...)
	}
	return out, nil
}

// selfOverlap finds the (pre, post) index pairs that are the same neuron.
// Pre and post are compared by population name and neuron index, since they
// may be different slices or unions of the same populations.
func selfOverlap(pre, post Selection, npre int) *selfPairs {
	type ij struct{ i, j int32 }
	var pairs []ij
	preOff := 0
	for _, a := range pre {
		postOff := 0
		for _, b := range post {
			if a.Population == b.Population {
				for nrn := max(a.Lo, b.Lo); nrn < min(a.Hi, b.Hi); nrn++ {
					pairs = append(pairs, ij{int32(preOff + nrn - a.Lo), int32(postOff + nrn - b.Lo)})
				}
			}
			postOff += b.Hi - b.Lo
		}
		preOff += a.Hi - a.Lo
	}
	if len(pairs) == 0 {
		return nil
	}
	slices.SortFunc(pairs, func(x, y ij) int {
		if x.i != y.i {
			return int(x.i - y.i)
		}
		return int(x.j - y.j)
	})
	s := &selfPairs{ptr: make([]int32, npre+1), cols: make([]int32, len(pairs))}
	for k, p := range pairs {
		s.ptr[p.i+1]++
		s.cols[k] = p.j
	}
	for i := range npre {
		s.ptr[i+1] += s.ptr[i]
	}
	return s
}

// vars binds i, j and d for an expression; d is computed only when used.
func (pl *plan) vars(i, j int) Vars {
	v := Vars{I: float64(i), J: float64(j)}
	if pl.needD {
		a, b := &pl.prePos[i], &pl.postPos[j]
		dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
		v.D = math.Sqrt(dx*dx + dy*dy + dz*dz)
	}
	return v
}

func (pl *plan) condOK(i, j int) bool {
	return pl.cond == nil || pl.cond.Eval(pl.vars(i, j)) != 0
}

// isSelf reports whether column j of row i is excluded as a self-connection.
func (pl *plan) isSelf(i, j int) bool {
	for _, c := range pl.self.row(i) {
		if int(c) == j {
			return true
		}
	}
	return false
}

// allowed reports whether pair (i, j) may be connected at all.
func (pl *plan) allowed(i, j int) bool {
	return (pl.self == nil || !pl.isSelf(i, j)) && pl.condOK(i, j)
}

// valueGen produces a weight or a delay per synapse.
type valueGen struct {
	field   string
	v       Value
	smp     sampler
	key     uint64
	usesD   bool
	cw      float32 // constant weight
	cd      uint16  // constant delay
	isConst bool
}

func (pl *plan) newValueGen(field string, v Value) (valueGen, error) {
	g := valueGen{field: field, v: v, key: Key(pl.net.Seed, "projection", pl.proj.Name, field)}
	switch v.Kind {
	case KindConst:
		g.isConst = true
		if field == "weight" {
			w, err := pl.toWeight(v.X)
			if err != nil {
				return g, pl.errorf("weight: %v", err)
			}
			g.cw = w
		} else {
			d, err := pl.toDelay(v.X)
			if err != nil {
				return g, pl.errorf("delay: %v", err)
			}
			g.cd = d
		}
	case KindArray:
		want, ok := arrayLen(pl)
		if !ok {
			return g, pl.errorf("an array of %ss needs a connector with a fixed order (all_to_all, one_to_one or a list), not %s", field, pl.c.Kind)
		}
		if int64(len(v.Xs)) != want {
			return g, pl.errorf("%s array has %d values, the connector has %d pairs", field, len(v.Xs), want)
		}
		for k, x := range v.Xs {
			if err := pl.checkValue(field, x); err != nil {
				return g, pl.errorf("%s %d of the array: %v", field, k, err)
			}
		}
	case KindDist:
		if v.Dist == nil {
			return g, pl.errorf("%s: missing distribution", field)
		}
		g.smp = newSampler(v.Dist)
		if g.smp.kind == distUnknown {
			return g, pl.errorf("%s: malformed distribution %s", field, v.Dist)
		}
	case KindExpr:
		if err := v.Expr.Valid(); err != nil {
			return g, pl.errorf("%s: %v", field, err)
		}
		g.usesD = v.Expr.Uses("d")
	case "":
		return g, pl.errorf("no %s", field)
	default:
		return g, pl.errorf("%s cannot be a %s", field, v.Kind)
	}
	return g, nil
}

func (pl *plan) checkValue(field string, x float64) error {
	var err error
	if field == "weight" {
		_, err = pl.toWeight(x)
	} else {
		_, err = pl.toDelay(x)
	}
	return err
}

func (pl *plan) toWeight(x float64) (float32, error) {
	switch {
	case !isFinite(x):
		return 0, fmt.Errorf("%v is not a finite number", x)
	case x < 0:
		return 0, fmt.Errorf("%v is negative: weights are magnitudes, use receptor = inh for inhibition", x)
	case x > math.MaxFloat32:
		return 0, fmt.Errorf("%v does not fit a float32", x)
	}
	return float32(x), nil
}

func (pl *plan) toDelay(x float64) (uint16, error) {
	if !isFinite(x) {
		return 0, fmt.Errorf("%v steps is not a finite number", x)
	}
	r := math.Round(x)
	switch {
	case r < 1:
		return 0, fmt.Errorf("%v steps rounds to %v, shorter than one time step", x, r)
	case r > math.MaxUint16:
		return 0, fmt.Errorf("%v steps rounds to more than %d steps", x, math.MaxUint16)
	}
	return uint16(r), nil
}

// worker holds one goroutine's scratch memory. Nothing in it influences the
// numbers drawn: streams are reset to a unit's key before use.
type worker struct {
	cs   Stream // connectivity
	vs   Stream // weights and delays
	vals []float64
	cum  []float64
	mark []uint64
	pool []int32
	ks   []uint64
	rows []int32
	cols []int32
	cnt  []int64
	seen map[uint64]struct{}
}

func newWorker() *worker { return &worker{} }

// unitRange returns the rows of unit u.
func (pl *plan) unitRange(u int) (lo, hi int) {
	lo = u * pl.unitRows
	return lo, min(lo+pl.unitRows, pl.pre)
}

// genUnit generates unit u into b. When the plan has a destination CSR
// (see collect), b's arrays are views of the unit's part of it, sized
// exactly, so the synapses are written in place.
func (pl *plan) genUnit(u int, b *Block, w *worker) (err error) {
	lo, hi := pl.unitRange(u)
	b.Lo, b.Hi = lo, hi
	b.RowPtr = append(b.RowPtr[:0], 0)
	b.Targets = b.Targets[:0]
	b.ConstWeight, b.ConstDelay = pl.weight.cw, pl.delay.cd
	if d := pl.dest; d != nil {
		k0, k1 := pl.destOff[u], pl.destOff[u+1]
		b.Targets = d.Targets[k0:k0:k1]
		if d.Weights != nil {
			b.Weights = d.Weights[k0:k0:k1]
		}
		if d.Delays != nil {
			b.Delays = d.Delays[k0:k0:k1]
		}
		defer func() {
			if err == nil && int64(len(b.Targets)) != k1-k0 {
				err = pl.errorf("internal error: unit %d made %d synapses, %d were counted", u, len(b.Targets), k1-k0)
			}
		}()
	}
	if pl.kind == ckFixedTotal {
		if err = pl.genTotal(u, b, w); err != nil {
			return err
		}
	} else {
		for i := lo; i < hi; i++ {
			if b.Targets, err = pl.genRow(i, b.Targets, w); err != nil {
				return err
			}
			b.RowPtr = append(b.RowPtr, int64(len(b.Targets)))
		}
	}
	return pl.fillValues(b, u, nil, w)
}

// genRow appends row i's targets, ascending, to out.
func (pl *plan) genRow(i int, out []int32, w *worker) ([]int32, error) {
	switch pl.kind {
	case ckAllToAll:
		return pl.allowedCols(i, out), nil
	case ckOneToOne:
		if pl.condOK(i, i) {
			out = append(out, int32(i))
		}
		return out, nil
	case ckFixedProbability:
		return pl.rowProbability(i, out, w), nil
	case ckFixedNumberPost:
		return pl.rowNumber(i, out, w)
	case ckDistance:
		return pl.rowDistance(i, out, w)
	}
	return out, pl.errorf("connector %s is not generated by rows", pl.c.Kind)
}

// allowedCols appends every column row i may connect to.
func (pl *plan) allowedCols(i int, out []int32) []int32 {
	self := pl.self.row(i)
	if pl.cond == nil && len(self) == 0 {
		for j := range pl.post {
			out = append(out, int32(j))
		}
		return out
	}
	for j := range pl.post {
		if len(self) > 0 && pl.isSelf(i, j) {
			continue
		}
		if pl.condOK(i, j) {
			out = append(out, int32(j))
		}
	}
	return out
}

// rowProbability keeps each pair with probability p. It jumps from one kept
// candidate to the next with geometric gaps (one draw per synapse rather
// than per pair), then drops candidates that are self-connections or fail
// the condition: that is the same as testing only allowed pairs.
func (pl *plan) rowProbability(i int, out []int32, w *worker) []int32 {
	p := pl.c.P
	switch {
	case p <= 0:
		return out
	case p >= 1:
		return pl.allowedCols(i, out)
	}
	w.cs.Reset(pl.connKey, uint64(i))
	self := pl.self.row(i)
	j := -1
	for {
		gap := math.Floor(math.Log1p(-w.cs.Float64()) / pl.logq)
		if gap >= float64(pl.post-j-1) {
			return out
		}
		j += 1 + int(gap)
		if len(self) > 0 && pl.isSelf(i, j) {
			continue
		}
		if pl.condOK(i, j) {
			out = append(out, int32(j))
		}
	}
}

// rowDistance keeps each allowed pair with the probability the distance
// expression gives (clipped to [0, 1]). A uniform number is drawn only for
// pairs whose probability is strictly between 0 and 1.
func (pl *plan) rowDistance(i int, out []int32, w *worker) ([]int32, error) {
	w.cs.Reset(pl.connKey, uint64(i))
	self := pl.self.row(i)
	for j := range pl.post {
		if len(self) > 0 && pl.isSelf(i, j) {
			continue
		}
		v := pl.vars(i, j)
		if pl.cond != nil && pl.cond.Eval(v) == 0 {
			continue
		}
		p := pl.pexpr.Eval(v)
		switch {
		case math.IsNaN(p):
			return out, pl.errorf("distance p is NaN for pair %s", pl.pair(i, j))
		case p >= 1:
			out = append(out, int32(j))
		case p > 0:
			if w.cs.Float64() < p {
				out = append(out, int32(j))
			}
		}
	}
	return out, nil
}

// rowNumber draws exactly n targets for row i among its allowed columns,
// producing them in ascending order without a sort where it can (sorting was
// most of the time of a fixed in-degree network like Brunel's).
func (pl *plan) rowNumber(i int, out []int32, w *worker) ([]int32, error) {
	n := pl.c.N
	if n == 0 {
		return out, nil
	}
	w.cs.Reset(pl.connKey, uint64(i))
	self := pl.self.row(i)
	// The pool of candidates is explicit when a condition filters it, and
	// otherwise implicit: [0, post) less the (sorted) self columns. Rank k
	// of the pool is at(k), increasing in k.
	var pool []int32
	m := int64(pl.post - len(self))
	if pl.cond != nil {
		w.pool = pl.allowedCols(i, w.pool[:0])
		pool = w.pool
		m = int64(len(pool))
	}
	at := func(k int64) int32 {
		if pool != nil {
			return pool[k]
		}
		return skipSelf(int32(k), self)
	}
	switch {
	case m == 0:
		return out, pl.errorf("%s: %s %d has no candidate to connect to", pl.c.Kind, pl.rowWord(), i)
	case pl.c.Replace:
		return pl.sortedRow(out, n, m, pool, self, w), nil
	case n > m:
		return out, pl.errorf("%s: n = %d but %s %d has only %d candidates (replace = false)", pl.c.Kind, n, pl.rowWord(), i, m)
	case 2*n > m:
		// Dense: selection sampling (Knuth, TAOCP 2, 3.4.2, algorithm S)
		// visits the candidates in order and keeps each with probability
		// (still needed) / (still left).
		need := n
		for k := int64(0); need > 0; k++ {
			if int64(w.cs.IntN(uint64(m-k))) < need {
				out = append(out, at(k))
				need--
			}
		}
		return out, nil
	}
	// Sparse: rejection of repeats, remembered in a bitmap of the pool,
	// which is then read in order when that is cheaper than sorting.
	words := int((m + 63) / 64)
	if len(w.mark) < words {
		w.mark = make([]uint64, words)
	}
	mark := w.mark[:words]
	w.ks = w.ks[:0]
	for int64(len(w.ks)) < n {
		k := w.cs.IntN(uint64(m))
		if mark[k/64]&(1<<(k%64)) != 0 {
			continue
		}
		mark[k/64] |= 1 << (k % 64)
		w.ks = append(w.ks, k)
	}
	if int64(words) <= 8*n {
		for wi, word := range mark {
			for word != 0 {
				out = append(out, at(int64(wi*64+bits.TrailingZeros64(word))))
				word &= word - 1
			}
			mark[wi] = 0
		}
		return out, nil
	}
	start := len(out)
	for _, k := range w.ks {
		out = append(out, at(int64(k)))
		mark[k/64] = 0
	}
	slices.Sort(out[start:])
	return out, nil
}

// skipSelf maps rank j among the columns not in self (sorted) to the column.
func skipSelf(j int32, self []int32) int32 {
	for _, c := range self {
		if c <= j {
			j++
		}
	}
	return j
}

// rowWord names what a row is, for messages.
func (pl *plan) rowWord() string {
	if pl.transposed {
		return "post neuron"
	}
	return "pre neuron"
}

// splitTotal shares fixed_total's n among the units in proportion to the
// pairs each may connect: a multinomial (with replacement) or multivariate
// hypergeometric (without) split, drawn as a sequence of binomials or
// hypergeometrics from one stream, so that each unit can then draw its own
// pairs independently.
func (pl *plan) splitTotal() error {
	c := pl.c
	pl.unitM = make([]int64, pl.units)
	pl.unitN = make([]int64, pl.units)
	var total int64
	for u := range pl.units {
		lo := u * pl.unitRows
		hi := min(lo+pl.unitRows, pl.pre)
		var m int64
		if pl.cond == nil {
			m = int64(hi-lo) * int64(pl.post)
			if pl.self != nil {
				m -= int64(pl.self.ptr[hi] - pl.self.ptr[lo])
			}
		} else {
			for i := lo; i < hi; i++ {
				for j := range pl.post {
					if pl.allowed(i, j) {
						m++
					}
				}
			}
		}
		pl.unitM[u] = m
		total += m
	}
	switch {
	case c.N > 0 && total == 0:
		return pl.errorf("fixed_total: n = %d but no pair may be connected", c.N)
	case !c.Replace && c.N > total:
		return pl.errorf("fixed_total: n = %d exceeds the %d pairs that may be connected (replace = false)", c.N, total)
	}
	s := NewStream(Key(pl.net.Seed, "projection", pl.proj.Name, "split"), 0)
	left, pool := c.N, total
	for u, m := range pl.unitM {
		var k int64
		switch {
		case u == pl.units-1:
			k = left
		case c.Replace:
			k = binomial(s, left, float64(m)/float64(pool))
		default:
			k = hypergeometric(s, pool, m, left)
		}
		pl.unitN[u] = k
		left -= k
		pool -= m
	}
	return nil
}

// genTotal draws unit u's share of fixed_total's pairs uniformly among the
// unit's allowed pairs, then sorts them into rows.
func (pl *plan) genTotal(u int, b *Block, w *worker) error {
	n, m := pl.unitN[u], pl.unitM[u]
	rows := b.Hi - b.Lo
	post := uint64(pl.post)
	w.cs.Reset(pl.connKey, uint64(u))
	w.rows, w.cols = w.rows[:0], w.cols[:0]
	filtered := pl.self != nil || pl.cond != nil
	switch {
	case n == 0:
	case pl.c.Replace && pl.cond == nil:
		pl.sortedTotal(n, m, b, w)
		return nil
	case pl.c.Replace:
		// Uniform over the unit's allowed pairs: draw over the unit's
		// rectangle and redraw pairs that are not allowed.
		for int64(len(w.rows)) < n {
			r := int32(w.cs.IntN(uint64(rows)))
			c := int32(w.cs.IntN(post))
			if filtered && !pl.allowed(b.Lo+int(r), int(c)) {
				continue
			}
			w.rows = append(w.rows, r)
			w.cols = append(w.cols, c)
		}
	case 2*n > m:
		return pl.denseTotal(u, b, w)
	default:
		// Sparse without replacement: reject repeats.
		if w.seen == nil {
			w.seen = map[uint64]struct{}{}
		}
		clear(w.seen)
		for int64(len(w.rows)) < n {
			r := w.cs.IntN(uint64(rows))
			c := w.cs.IntN(post)
			if filtered && !pl.allowed(b.Lo+int(r), int(c)) {
				continue
			}
			key := r*post + c
			if _, dup := w.seen[key]; dup {
				continue
			}
			w.seen[key] = struct{}{}
			w.rows = append(w.rows, int32(r))
			w.cols = append(w.cols, int32(c))
		}
	}
	pl.bucket(b, w)
	return nil
}

// sortedTotal draws a unit's n pairs with replacement, uniformly over its
// allowed pairs, directly in canonical order, so that no sort is needed
// (sorting was a third of the microcircuit's expansion time): the rows'
// counts are a multinomial drawn as sequential binomials, and each row's
// columns are sorted uniform integers made from exponential spacings (the
// k-th smallest of n uniforms is S_k / S_{n+1}, S the partial sums of n+1
// standard exponentials; Devroye 1986, section V.2).
func (pl *plan) sortedTotal(n, m int64, b *Block, w *worker) {
	left, mleft := n, m
	for i := b.Lo; i < b.Hi; i++ {
		self := pl.self.row(i)
		mr := int64(pl.post - len(self))
		k := left
		if i < b.Hi-1 {
			k = binomial(&w.cs, left, float64(mr)/float64(mleft))
		}
		left, mleft = left-k, mleft-mr
		if k > 0 {
			b.Targets = pl.sortedRow(b.Targets, k, mr, nil, self, w)
		}
		b.RowPtr = append(b.RowPtr, int64(len(b.Targets)))
	}
}

// sortedRow appends k sorted uniform draws (with replacement) among m
// candidates: pool[rank] when pool is given, else the columns not in self
// (sorted).
func (pl *plan) sortedRow(out []int32, k, m int64, pool, self []int32, w *worker) []int32 {
	cum := slices.Grow(w.cum[:0], int(k))
	s := 0.0
	for range k {
		s += w.cs.ExpFloat64()
		cum = append(cum, s)
	}
	scale := float64(m) / (s + w.cs.ExpFloat64())
	for _, c := range cum {
		j := min(int64(c*scale), m-1)
		if pool != nil {
			out = append(out, pool[j])
		} else {
			out = append(out, skipSelf(int32(j), self))
		}
	}
	w.cum = cum
	return out
}

// denseTotal draws n of the unit's m allowed pairs without replacement when
// n > m/2, by a partial shuffle of the enumerated pairs.
func (pl *plan) denseTotal(u int, b *Block, w *worker) error {
	n := pl.unitN[u]
	w.ks = w.ks[:0]
	post := uint64(pl.post)
	for i := b.Lo; i < b.Hi; i++ {
		for j := range pl.post {
			if pl.allowed(i, j) {
				w.ks = append(w.ks, uint64(i-b.Lo)*post+uint64(j))
			}
		}
	}
	m := int64(len(w.ks))
	for t := range n {
		r := t + int64(w.cs.IntN(uint64(m-t)))
		w.ks[t], w.ks[r] = w.ks[r], w.ks[t]
	}
	for _, k := range w.ks[:n] {
		w.rows = append(w.rows, int32(k/post))
		w.cols = append(w.cols, int32(k%post))
	}
	pl.bucket(b, w)
	return nil
}

// bucket sorts the unit's (row, col) pairs in w into b: a counting sort by
// row, then each row's columns ascending.
func (pl *plan) bucket(b *Block, w *worker) {
	rows := b.Hi - b.Lo
	if cap(w.cnt) < rows+1 {
		w.cnt = make([]int64, rows+1)
	}
	cnt := w.cnt[:rows+1]
	clear(cnt)
	for _, r := range w.rows {
		cnt[r+1]++
	}
	for r := range rows {
		cnt[r+1] += cnt[r]
	}
	b.RowPtr = append(b.RowPtr[:0], cnt...)
	b.Targets = slices.Grow(b.Targets[:0], len(w.cols))[:len(w.cols)]
	for k, r := range w.rows {
		b.Targets[cnt[r]] = w.cols[k]
		cnt[r]++
	}
	for r := range rows {
		if b.RowPtr[r+1]-b.RowPtr[r] > 1 {
			slices.Sort(b.Targets[b.RowPtr[r]:b.RowPtr[r+1]])
		}
	}
}

// fillValues draws or computes the weights and delays of block b (unit u)
// in its canonical order. nat, when given, holds each synapse's index in the
// connector's natural order (lists); otherwise it is computed (row-major for
// all_to_all, the row for one_to_one). Values are first produced as float64
// and then checked and narrowed in a second tight loop.
func (pl *plan) fillValues(b *Block, u int, nat []int64, w *worker) error {
	ns := len(b.Targets)
	b.Weights, b.Delays = b.Weights[:0], b.Delays[:0]
	if !pl.weight.isConst {
		b.Weights = slices.Grow(b.Weights, ns)[:ns]
	} else {
		b.Weights = nil
	}
	if !pl.delay.isConst {
		b.Delays = slices.Grow(b.Delays, ns)[:ns]
	} else {
		b.Delays = nil
	}
	for _, g := range [2]*valueGen{&pl.weight, &pl.delay} {
		if g.isConst {
			continue
		}
		w.vals = slices.Grow(w.vals[:0], ns)[:ns]
		vals := w.vals
		pl.values(g, b, u, nat, vals, w)
		if g.field == "weight" {
			for k, x := range vals {
				if !(x >= 0 && x <= math.MaxFloat32) {
					return pl.valueErr(g, b, k, x)
				}
				b.Weights[k] = float32(x)
			}
		} else {
			for k, x := range vals {
				r := math.Round(x)
				if !(r >= 1 && r <= math.MaxUint16) {
					return pl.valueErr(g, b, k, x)
				}
				b.Delays[k] = uint16(r)
			}
		}
	}
	return nil
}

// values computes g for every synapse of b into vals.
func (pl *plan) values(g *valueGen, b *Block, u int, nat []int64, vals []float64, w *worker) {
	switch g.v.Kind {
	case KindDist:
		if pl.kind == ckFixedTotal {
			w.vs.Reset(g.key, uint64(u))
			for k := range vals {
				vals[k] = g.smp.draw(&w.vs)
			}
			return
		}
		for r := range b.Hi - b.Lo {
			w.vs.Reset(g.key, uint64(b.Lo+r))
			for k := b.RowPtr[r]; k < b.RowPtr[r+1]; k++ {
				vals[k] = g.smp.draw(&w.vs)
			}
		}
	case KindExpr:
		for r := range b.Hi - b.Lo {
			i := b.Lo + r
			for k := b.RowPtr[r]; k < b.RowPtr[r+1]; k++ {
				vals[k] = g.v.Expr.Eval(pl.vars(i, int(b.Targets[k])))
			}
		}
	case KindArray:
		for r := range b.Hi - b.Lo {
			i := b.Lo + r
			for k := b.RowPtr[r]; k < b.RowPtr[r+1]; k++ {
				var idx int64
				switch {
				case nat != nil:
					idx = nat[k]
				case pl.kind == ckAllToAll:
					idx = int64(i)*int64(pl.post) + int64(b.Targets[k])
				default:
					idx = int64(i)
				}
				vals[k] = g.v.Xs[idx]
			}
		}
	}
}

// valueErr explains why synapse k of b got an unusable weight or delay.
func (pl *plan) valueErr(g *valueGen, b *Block, k int, x float64) error {
	r, _ := slices.BinarySearchFunc(b.RowPtr, int64(k)+1, func(a, t int64) int {
		return cmpInt64(a, t)
	})
	i, j := b.Lo+r-1, int(b.Targets[k])
	if math.IsNaN(x) && g.v.Kind == KindDist && g.v.Dist.Name == "normal_clipped" {
		return pl.errorf("%s of synapse %s: %s found no value inside [lo, hi] in %d tries", g.field, pl.pair(i, j), g.v.Dist, maxRedraws)
	}
	err := pl.checkValue(g.field, x)
	if err == nil {
		err = fmt.Errorf("%v is out of range", x)
	}
	return pl.errorf("%s of synapse %s: %v", g.field, pl.pair(i, j), err)
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// run generates the units in order and hands them to fn, using up to
// threads workers and at most 2*threads blocks in flight.
func (pl *plan) run(threads int, fn func(*Block) error) error {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = min(threads, pl.units)
	if threads <= 1 {
		w := newWorker()
		var b Block
		for u := range pl.units {
			if err := pl.genUnit(u, &b, w); err != nil {
				return err
			}
			if err := fn(&b); err != nil {
				return err
			}
		}
		return nil
	}
	// Unit u is generated into slot u % window. A token is taken before a
	// unit is handed out and returned once fn is done with it, so a slot is
	// never refilled before its block has been delivered.
	window := 2 * threads
	type slot struct {
		b     Block
		err   error
		ready chan struct{}
	}
	slots := make([]slot, window)
	tokens := make(chan struct{}, window)
	for k := range slots {
		slots[k].ready = make(chan struct{}, 1)
		tokens <- struct{}{}
	}
	jobs := make(chan int)
	quit := make(chan struct{})
	go func() {
		defer close(jobs)
		for u := range pl.units {
			select {
			case <-tokens:
			case <-quit:
				return
			}
			select {
			case jobs <- u:
			case <-quit:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker()
			for u := range jobs {
				s := &slots[u%window]
				s.err = pl.genUnitSafe(u, &s.b, w)
				s.ready <- struct{}{}
			}
		}()
	}
	var err error
	for u := 0; u < pl.units && err == nil; u++ {
		s := &slots[u%window]
		<-s.ready
		if err = s.err; err == nil {
			err = fn(&s.b)
		}
		tokens <- struct{}{}
	}
	close(quit)
	wg.Wait()
	return err
}

// genUnitSafe is genUnit on a worker goroutine: a panic there could not be
// recovered by the caller, so it comes back as an error instead.
func (pl *plan) genUnitSafe(u int, b *Block, w *worker) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = pl.errorf("internal error in expansion: %v", r)
		}
	}()
	return pl.genUnit(u, b, w)
}

// collect runs the expansion into one CSR. When every unit's synapse count
// is known beforehand, the CSR is allocated exactly and the workers write
// into it in place: no copy on the delivering goroutine, and the first
// touch of the (large) fresh memory is shared among the workers.
func (pl *plan) collect(threads int) (*CSR, error) {
	csr := &CSR{Pre: pl.pre, Post: pl.post, RowPtr: make([]int64, pl.pre+1),
		ConstWeight: pl.weight.cw, ConstDelay: pl.delay.cd}
	if off := pl.unitOffsets(); off != nil {
		ns := off[pl.units]
		csr.Targets = make([]int32, ns)
		if !pl.weight.isConst {
			csr.Weights = make([]float32, ns)
		}
		if !pl.delay.isConst {
			csr.Delays = make([]uint16, ns)
		}
		pl.dest, pl.destOff = csr, off
		defer func() { pl.dest, pl.destOff = nil, nil }()
		err := pl.run(threads, func(b *Block) error {
			base := off[(b.Lo)/pl.unitRows]
			for r := 1; r < len(b.RowPtr); r++ {
				csr.RowPtr[b.Lo+r] = base + b.RowPtr[r]
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return csr, nil
	}
	if hint := pl.capacityHint(); hint > 0 {
		csr.Targets = make([]int32, 0, hint)
		if !pl.weight.isConst {
			csr.Weights = make([]float32, 0, hint)
		}
		if !pl.delay.isConst {
			csr.Delays = make([]uint16, 0, hint)
		}
	}
	err := pl.run(threads, func(b *Block) error {
		base := int64(len(csr.Targets))
		for r := 1; r < len(b.RowPtr); r++ {
			csr.RowPtr[b.Lo+r] = base + b.RowPtr[r]
		}
		csr.Targets = append(csr.Targets, b.Targets...)
		if b.Weights != nil {
			csr.Weights = append(csr.Weights, b.Weights...)
		}
		if b.Delays != nil {
			csr.Delays = append(csr.Delays, b.Delays...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !pl.weight.isConst && csr.Weights == nil {
		csr.Weights = []float32{}
	}
	if !pl.delay.isConst && csr.Delays == nil {
		csr.Delays = []uint16{}
	}
	return csr, nil
}

// unitOffsets returns where each unit starts in the CSR (units+1 entries)
// when every unit's count is known before generation, else nil.
func (pl *plan) unitOffsets() []int64 {
	c := pl.c
	exactRows := pl.cond == nil && (pl.kind == ckAllToAll || pl.kind == ckOneToOne ||
		(pl.kind == ckFixedProbability && (c.P == 0 || c.P == 1)))
	if pl.kind != ckFixedTotal && pl.kind != ckFixedNumberPost && !exactRows {
		return nil
	}
	off := make([]int64, pl.units+1)
	for u := range pl.units {
		lo, hi := pl.unitRange(u)
		var k int64
		switch {
		case pl.kind == ckFixedTotal:
			k = pl.unitN[u]
		case pl.kind == ckFixedNumberPost:
			k = c.N * int64(hi-lo)
		case pl.kind == ckOneToOne:
			k = int64(hi - lo)
		case pl.kind == ckFixedProbability && c.P == 0:
			k = 0
		default: // every allowed pair
			k = int64(hi-lo) * int64(pl.post)
			if pl.self != nil {
				k -= int64(pl.self.ptr[hi] - pl.self.ptr[lo])
			}
		}
		off[u+1] = off[u] + k
	}
	return off
}

// capacityHint is the number of synapses to allocate for up front: exact
// when cheap to know, a generous bound for fixed_probability, else 0.
func (pl *plan) capacityHint() int64 {
	c := pl.c
	nself := pl.self.total()
	switch pl.kind {
	case ckFixedTotal:
		return c.N
	case ckFixedNumberPost:
		return c.N * int64(pl.pre)
	case ckAllToAll:
		if pl.cond == nil {
			return int64(pl.pre)*int64(pl.post) - nself
		}
	case ckOneToOne:
		return int64(pl.pre)
	case ckFixedProbability:
		pairs := float64(pl.pre) * float64(pl.post)
		mean := c.P * pairs
		return int64(mean + 6*math.Sqrt(mean*(1-c.P)) + 1024)
	}
	return 0
}

// materialised reports whether the connector is generated whole before
// it can be cut into row blocks.
func (pl *plan) materialised() bool { return pl.kind == ckList || pl.kind == ckFixedNumberPre }

func (pl *plan) materialise(threads int) (*CSR, error) {
	if pl.kind == ckList {
		return pl.listCSR()
	}
	col, err := pl.transpose().collect(threads)
	if err != nil {
		return nil, err
	}
	return transposeCSR(col, pl.pre), nil
}

// slice hands out a materialised CSR in blocks of unitRows rows.
func (pl *plan) slice(full *CSR, fn func(*Block) error) error {
	var b Block
	for u := range pl.units {
		lo := u * pl.unitRows
		hi := min(lo+pl.unitRows, pl.pre)
		k0, k1 := full.RowPtr[lo], full.RowPtr[hi]
		b.Lo, b.Hi = lo, hi
		b.RowPtr = b.RowPtr[:0]
		for i := lo; i <= hi; i++ {
			b.RowPtr = append(b.RowPtr, full.RowPtr[i]-k0)
		}
		b.Targets = full.Targets[k0:k1]
		b.Weights, b.Delays = nil, nil
		if full.Weights != nil {
			b.Weights = full.Weights[k0:k1]
		}
		if full.Delays != nil {
			b.Delays = full.Delays[k0:k1]
		}
		b.ConstWeight, b.ConstDelay = full.ConstWeight, full.ConstDelay
		if err := fn(&b); err != nil {
			return err
		}
	}
	return nil
}

// listCSR sorts an explicit list of pairs into rows, keeping list order
// among repeats of a pair, and fills the values (arrays in list order).
func (pl *plan) listCSR() (*CSR, error) {
	pairs := pl.c.Pairs
	csr := &CSR{Pre: pl.pre, Post: pl.post, RowPtr: make([]int64, pl.pre+1),
		ConstWeight: pl.weight.cw, ConstDelay: pl.delay.cd}
	keep := func(k int) bool { return pl.cond == nil || pl.condOK(int(pairs[2*k]), int(pairs[2*k+1])) }
	for k := range pl.npairs {
		if keep(k) {
			csr.RowPtr[pairs[2*k]+1]++
		}
	}
	for i := range pl.pre {
		csr.RowPtr[i+1] += csr.RowPtr[i]
	}
	ns := csr.RowPtr[pl.pre]
	// Sort keys pack (post, list index), so that sorting a row orders it by
	// target and, among repeats, by list position.
	keys := make([]uint64, ns)
	next := slices.Clone(csr.RowPtr[:pl.pre])
	for k := range pl.npairs {
		if keep(k) {
			i := pairs[2*k]
			keys[next[i]] = uint64(pairs[2*k+1])<<32 | uint64(k)
			next[i]++
		}
	}
	csr.Targets = make([]int32, ns)
	nat := make([]int64, ns)
	for i := range pl.pre {
		row := keys[csr.RowPtr[i]:csr.RowPtr[i+1]]
		slices.Sort(row)
		for t, key := range row {
			csr.Targets[csr.RowPtr[i]+int64(t)] = int32(key >> 32)
			nat[csr.RowPtr[i]+int64(t)] = int64(key & math.MaxUint32)
		}
	}
	b := Block{Lo: 0, Hi: pl.pre, RowPtr: csr.RowPtr, Targets: csr.Targets}
	if err := pl.fillValues(&b, 0, nat, newWorker()); err != nil {
		return nil, err
	}
	csr.Weights, csr.Delays = b.Weights, b.Delays
	if !pl.weight.isConst && csr.Weights == nil {
		csr.Weights = []float32{} // nil means "constant"
	}
	if !pl.delay.isConst && csr.Delays == nil {
		csr.Delays = []uint16{}
	}
	return csr, nil
}

// transpose returns the fixed_number_post plan whose rows are this
// fixed_number_pre plan's columns: pre and post swapped everywhere,
// including i and j in expressions.
func (pl *plan) transpose() *plan {
	t := *pl
	t.transposed = true
	t.kind = ckFixedNumberPost
	t.pre, t.post = pl.post, pl.pre
	t.prePos, t.postPos = pl.postPos, pl.prePos
	t.cond = swapIJ(pl.cond)
	if pl.self != nil {
		t.self = selfOverlap(pl.proj.Post, pl.proj.Pre, pl.post)
	}
	t.weight.v.Expr = swapIJ(pl.weight.v.Expr)
	t.delay.v.Expr = swapIJ(pl.delay.v.Expr)
	perRow := float64(pl.c.N)
	if pl.cond != nil || 2*pl.c.N > int64(t.post) {
		perRow = max(perRow, float64(t.post))
	}
	t.unitRows = int(min(max(math.Ceil(unitSynapses/max(perRow, 1e-9)), 1), float64(max(t.pre, 1))))
	t.units = (t.pre + t.unitRows - 1) / t.unitRows
	return &t
}

// swapIJ copies an expression with the variables i and j exchanged.
func swapIJ(e *Expr) *Expr {
	if e == nil {
		return nil
	}
	c := *e
	if c.Op == "var" {
		switch c.Var {
		case "i":
			c.Var = "j"
		case "j":
			c.Var = "i"
		}
	}
	if len(e.Args) > 0 {
		c.Args = make([]*Expr, len(e.Args))
		for k, a := range e.Args {
			c.Args[k] = swapIJ(a)
		}
	}
	return &c
}

// transposeCSR turns a CSR of columns (rows = post, targets = pre) into one
// of rows. Scanning columns in ascending order leaves each row's targets
// ascending, and repeats in column order.
func transposeCSR(col *CSR, npre int) *CSR {
	out := &CSR{Pre: npre, Post: col.Pre, RowPtr: make([]int64, npre+1),
		ConstWeight: col.ConstWeight, ConstDelay: col.ConstDelay}
	for _, i := range col.Targets {
		out.RowPtr[i+1]++
	}
	for i := range npre {
		out.RowPtr[i+1] += out.RowPtr[i]
	}
	ns := len(col.Targets)
	out.Targets = make([]int32, ns)
	if col.Weights != nil {
		out.Weights = make([]float32, ns)
	}
	if col.Delays != nil {
		out.Delays = make([]uint16, ns)
	}
	next := slices.Clone(out.RowPtr[:npre])
	for j := range col.Pre {
		for k := col.RowPtr[j]; k < col.RowPtr[j+1]; k++ {
			i := col.Targets[k]
			at := next[i]
			next[i]++
			out.Targets[at] = int32(j)
			if out.Weights != nil {
				out.Weights[at] = col.Weights[k]
			}
			if out.Delays != nil {
				out.Delays[at] = col.Delays[k]
			}
		}
	}
	return out
}
