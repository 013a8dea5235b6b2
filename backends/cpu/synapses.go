package cpu

import (
	"fmt"
	"math"

	"github.com/snn-sim/snn/ir"
)

// Synapses are stored per projection and per delivery partition as CSR rows
// over presynaptic neurons. A synapse is 8 bytes: a 4-byte "combined" index
// d*nn + g (delay in steps and global target index, which is exactly the
// offset of its ring-buffer cell from the current slot) and a float32
// weight; a projection whose weight is one constant stores no weights.

const (
	kindStatic = iota
	kindTM
	kindSTDP
)

type proj struct {
	ir       *ir.Projection
	rec      int
	pre      []preRange
	npre     int
	synapses int64
	kind     int
	dMin     int
	dMax     int
	parts    []*projPart
	// canonical (expansion-order) labels of plastic synapses, for recording
	canonPre, canonPost []int32
	decPlus, decMinus   float64 // exp(-dt/tau) of the STDP traces
}

// preRange maps a slice of the Pre selection to its population.
type preRange struct {
	p      *pop
	lo, hi int // neuron range in the population
	base   int // row (selection index) of neuron lo
}

// projPart is the part of a projection whose targets lie in one partition.
type projPart struct {
	rowPtr []int64
	comb   []int32
	w      []float32
	constW float32
	// tsodyks_markram state per pre row (the same in every part: each
	// part keeps its own copy so no two threads write one word)
	tmU, tmX []float64
	tmLast   []int32
	// stdp
	pw       []float64
	canon    []int64
	xPre     []float64
	tPre     []int32
	revPtr   []int32 // per local post neuron, into rev*
	revK     []int32 // synapse index in this part
	revRow   []int32 // its pre row
	revD     []uint16
	yHist    []float64 // slots x local neurons: post trace as the synapse would see it
	quantOf  []float64 // per local post: the weight quantum (spinnaker numerics), nil otherwise
	lo, hi   int
	nLocal   int
	curSlotY int
}

func (s *Sim) buildProjections() error {
	quant := false
	for _, p := range s.pops {
		if _, ok := p.kern.(Quantizer); ok {
			quant = true
		}
	}
	var sums [2][]float64
	var maxW map[*pop]*[2]float64
	if quant {
		sums = [2][]float64{make([]float64, s.nn), make([]float64, s.nn)}
		maxW = map[*pop]*[2]float64{}
	}
	dMaxAll := 1
	for _, ip := range s.net.Projections {
		pr, err := s.buildProjection(ip, sums, maxW)
		if err != nil {
			return err
		}
		dMaxAll = max(dMaxAll, pr.dMax)
		s.projs = append(s.projs, pr)
		if pr.kind == kindSTDP {
			s.anySTDP = true
		}
	}
	s.slots = dMaxAll + 1
	if int64(s.slots)*int64(s.nn) >= math.MaxInt32 {
		return fmt.Errorf("the network is too large for this backend's ring buffers: %d neurons x %d delay slots exceeds 2^31", s.nn, s.slots)
	}
	s.ring = [2][]float64{make([]float64, s.slots*s.nn), make([]float64, s.slots*s.nn)}
	if quant {
		s.quantize(sums, maxW)
	}
	for _, pr := range s.projs {
		if pr.kind == kindSTDP {
			s.buildSTDP(pr)
		}
	}
	if s.anySTDP {
		for t := range s.parts {
			s.parts[t].hist = make([][]int32, s.slots)
		}
	}
	return nil
}

func (s *Sim) buildProjection(ip *ir.Projection, sums [2][]float64, maxW map[*pop]*[2]float64) (*proj, error) {
	pr := &proj{ir: ip, dMin: math.MaxInt32}
	if ip.Receptor == "inh" {
		pr.rec = Inh
	}
	switch ip.Synapse.Model {
	case "tsodyks_markram":
		pr.kind = kindTM
	case "stdp":
		pr.kind = kindSTDP
		pr.decPlus = math.Exp(-s.net.DT / ip.Synapse.STDP.TauPlus)
		pr.decMinus = math.Exp(-s.net.DT / ip.Synapse.STDP.TauMinus)
	}
	for _, sl := range ip.Pre {
		p := s.byName[sl.Population]
		if p == nil {
			return nil, posErrorf(ip.Pos, "projection %s: unknown population %s", ip.Name, sl.Population)
		}
		pr.pre = append(pr.pre, preRange{p: p, lo: sl.Lo, hi: sl.Hi, base: pr.npre})
		pr.npre += sl.Hi - sl.Lo
	}
	var postMap []int32
	for _, sl := range ip.Post {
		p := s.byName[sl.Population]
		if p == nil || p.kern == nil {
			return nil, posErrorf(ip.Pos, "projection %s targets %s, which is not a neuron population", ip.Name, sl.Population)
		}
		for k := sl.Lo; k < sl.Hi; k++ {
			postMap = append(postMap, int32(p.off+k))
		}
	}
	T := len(s.parts)
	partOf := func(g int32) int {
		for t := T - 1; t > 0; t-- {
			if int(g) >= s.parts[t].lo {
				return t
			}
		}
		return 0
	}
	pr.parts = make([]*projPart, T)
	for t := range pr.parts {
		pr.parts[t] = &projPart{rowPtr: make([]int64, pr.npre+1), constW: float32(math.NaN()), lo: s.parts[t].lo, hi: s.parts[t].hi}
	}
	// Pre-size each part from the expected synapse count and the share of
	// targets it holds: growing by appending alone would leave up to half
	// of the largest arrays unused (3e8 synapses in the microcircuit).
	if exp, ok := s.net.ExpectedSynapses(ip); ok && exp > 0 {
		share := make([]int, T)
		for _, g := range postMap {
			share[partOf(g)]++
		}
		for t, pp := range pr.parts {
			c := int(exp*float64(share[t])/float64(max(len(postMap), 1))*1.01) + 1024
			pp.comb = make([]int32, 0, c)
			pp.w = make([]float32, 0, c)
		}
	}
	constW, constSet, varW := float32(0), false, false
	plastic := pr.kind == kindSTDP
	wGrow := 0.0
	if plastic {
		wGrow = ip.Synapse.STDP.WMax
	}
	var canon int64
	wantW := plastic || sums[0] != nil
	err := s.net.ExpandBlocks(ip, s.threads, func(b *ir.Block) error {
		if b.Weights == nil {
			if constSet && b.ConstWeight != constW {
				varW = true
			}
			constW, constSet = b.ConstWeight, true
		} else {
			varW = true
		}
		for i := b.Lo; i < b.Hi; i++ {
			r0, r1 := b.RowPtr[i-b.Lo], b.RowPtr[i-b.Lo+1]
			for k := r0; k < r1; k++ {
				g := postMap[b.Targets[k]]
				d := int(b.ConstDelay)
				if b.Delays != nil {
					d = int(b.Delays[k])
				}
				w := b.ConstWeight
				if b.Weights != nil {
					w = b.Weights[k]
				}
				pr.dMin, pr.dMax = min(pr.dMin, d), max(pr.dMax, d)
				t := partOf(g)
				pp := pr.parts[t]
				pp.rowPtr[i+1]++
				pp.comb = append(pp.comb, int32(int64(d)*int64(s.nn)+int64(g)))
				pp.w = append(pp.w, w)
				if plastic {
					pp.canon = append(pp.canon, canon)
					pr.canonPre = append(pr.canonPre, int32(i))
					pr.canonPost = append(pr.canonPost, b.Targets[k])
				}
				canon++
				if sums[0] != nil {
					// a plastic weight may grow to w_max: size the
					// hardware's input range for that (as sPyNNaker does)
					sums[pr.rec][g] += max(float64(w), wGrow)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, posErrorf(ip.Pos, "projection %s: %w", ip.Name, err)
	}
	if pr.dMin == math.MaxInt32 {
		pr.dMin, pr.dMax = 1, 1
	}
	if int64(pr.dMax)*int64(s.nn) >= math.MaxInt32 {
		return nil, posErrorf(ip.Pos, "projection %s: delay of %d steps is too long for %d neurons in this backend", ip.Name, pr.dMax, s.nn)
	}
	pr.synapses = canon
	if maxW != nil {
		// the projection's largest weight, charged to every population it
		// targets (conservative when it targets several)
		largest := wGrow
		for _, pp := range pr.parts {
			for _, w := range pp.w {
				largest = max(largest, float64(w))
			}
		}
		for _, sl := range ip.Post {
			p := s.byName[sl.Population]
			if maxW[p] == nil {
				maxW[p] = &[2]float64{}
			}
			maxW[p][pr.rec] = max(maxW[p][pr.rec], largest)
		}
	}
	for _, pp := range pr.parts {
		for i := range pr.npre {
			pp.rowPtr[i+1] += pp.rowPtr[i]
		}
		if !varW && !wantW {
			pp.constW = constW
			pp.w = nil
		}
		if pr.kind == kindTM {
			pp.tmU, pp.tmX, pp.tmLast = make([]float64, pr.npre), make([]float64, pr.npre), make([]int32, pr.npre)
			for i := range pp.tmLast {
				pp.tmLast[i] = -1
			}
		}
		s.bytesSyn += int64(len(pp.comb))*4 + int64(len(pp.w))*4 + int64(len(pp.rowPtr))*8
	}
	return pr, nil
}

// quantize rounds every static weight to its target population's quantum
// (spinnaker numerics) and sets the per-step saturation limits.
func (s *Sim) quantize(sums [2][]float64, maxW map[*pop]*[2]float64) {
	for _, p := range s.pops {
		q, ok := p.kern.(Quantizer)
		if !ok {
			continue
		}
		for r := range 2 {
			maxSum := 0.0
			for k := range p.n {
				maxSum = max(maxSum, sums[r][p.off+k])
			}
			mw := 0.0
			if maxW[p] != nil {
				mw = maxW[p][r]
			}
			p.quantum[r], p.satMax[r] = q.WeightQuantum(r, mw, maxSum)
		}
	}
	popOf := s.popOfGlobal()
	for _, pr := range s.projs {
		for _, pp := range pr.parts {
			for k, c := range pp.comb {
				g := int(c) % s.nn
				if q := popOf(g).quantum[pr.rec]; q > 0 && pp.w != nil {
					pp.w[k] = float32(math.RoundToEven(float64(pp.w[k])/q) * q)
				}
			}
		}
	}
}

// popOfGlobal returns a lookup from global input index to population.
func (s *Sim) popOfGlobal() func(g int) *pop {
	var ps []*pop
	for _, p := range s.pops {
		if p.kern != nil {
			ps = append(ps, p)
		}
	}
	return func(g int) *pop {
		lo, hi := 0, len(ps)
		for hi-lo > 1 {
			m := (lo + hi) / 2
			if ps[m].off <= g {
				lo = m
			} else {
				hi = m
			}
		}
		return ps[lo]
	}
}

// buildSTDP prepares a plastic projection: float64 weights, traces, and the
// reverse index (per post neuron, its incoming synapses ordered by delay)
// that potentiation walks when a postsynaptic spike reaches the synapses.
func (s *Sim) buildSTDP(pr *proj) {
	popOf := s.popOfGlobal()
	for _, pp := range pr.parts {
		pp.pw = make([]float64, len(pp.w))
		for k, w := range pp.w {
			pp.pw[k] = float64(w)
		}
		pp.w = nil
		pp.xPre = make([]float64, pr.npre)
		pp.tPre = make([]int32, pr.npre)
		for i := range pp.tPre {
			pp.tPre[i] = -1
		}
		pp.nLocal = pp.hi - pp.lo
		pp.yHist = make([]float64, s.slots*pp.nLocal)
		// counting sort of synapses by (local post, delay)
		pp.revPtr = make([]int32, pp.nLocal+1)
		row := make([]int32, len(pp.comb))
		for i := range pr.npre {
			for k := pp.rowPtr[i]; k < pp.rowPtr[i+1]; k++ {
				row[k] = int32(i)
			}
		}
		for _, c := range pp.comb {
			pp.revPtr[int(c)%s.nn-pp.lo+1]++
		}
		for j := range pp.nLocal {
			pp.revPtr[j+1] += pp.revPtr[j]
		}
		n := len(pp.comb)
		pp.revK, pp.revRow, pp.revD = make([]int32, n), make([]int32, n), make([]uint16, n)
		fill := append([]int32(nil), pp.revPtr[:pp.nLocal]...)
		for d := pr.dMin; d <= pr.dMax; d++ {
			for k, c := range pp.comb {
				if int(c)/s.nn != d {
					continue
				}
				j := int(c)%s.nn - pp.lo
				at := fill[j]
				fill[j]++
				pp.revK[at], pp.revRow[at], pp.revD[at] = int32(k), row[k], uint16(d)
			}
		}
		{
			anyQ := false
			for _, q := range s.pops {
				if q.quantum[pr.rec] > 0 {
					anyQ = true
				}
			}
			if anyQ {
				pp.quantOf = make([]float64, pp.nLocal)
				for j := range pp.nLocal {
					pp.quantOf[j] = popOf(pp.lo + j).quantum[pr.rec]
				}
			}
		}
		s.bytesSyn += int64(n) * (8 + 8 + 4 + 4 + 2)
	}
}

// phaseDeliver makes partition t's share of step n's synaptic events: for
// every projection in network order, every spike of its presynaptic
// neurons in neuron order, every synapse in row order. The order in which
// a neuron's ring-buffer cell receives its weights is therefore the same
// for any number of partitions.
func (s *Sim) phaseDeliver(t, n int) {
	part := &s.parts[t]
	if s.anySTDP {
		part.postSpk = part.hist[n%s.slots][:0]
		for _, p := range s.pops {
			if p.kern == nil || p.off+p.n <= part.lo || p.off >= part.hi {
				continue
			}
			for _, c := range p.chunks {
				for _, k := range c.spikesAt(n) {
					if g := p.off + int(k); g >= part.lo && g < part.hi {
						part.postSpk = append(part.postSpk, int32(g))
					}
				}
			}
		}
		part.hist[n%s.slots] = part.postSpk
	}
	size := s.slots * s.nn
	base := (n % s.slots) * s.nn
	for _, pr := range s.projs {
		pp := pr.parts[t]
		ring := s.ring[pr.rec]
		if pr.kind == kindSTDP {
			s.stdpStep(pr, pp, part, n)
			continue
		}
		for _, r := range pr.pre {
			for _, c := range r.p.chunks {
				if c.hi <= r.lo || c.lo >= r.hi {
					continue
				}
				for _, k := range c.spikesAt(n) {
					if int(k) < r.lo || int(k) >= r.hi {
						continue
					}
					row := r.base + int(k) - r.lo
					a, b := pp.rowPtr[row], pp.rowPtr[row+1]
					if a == b {
						continue
					}
					part.events += b - a
					scale := 1.0
					if pr.kind == kindTM {
						scale = pp.tmEfficacy(pr.ir.Synapse.TM, row, n, s.net.DT)
					}
					comb := pp.comb[a:b]
					if pp.w == nil {
						w := float64(pp.constW) * scale
						for _, c := range comb {
							i := base + int(c)
							if i >= size {
								i -= size
							}
							ring[i] += w
						}
					} else {
						ws := pp.w[a:b]
						ws = ws[:len(comb)]
						if scale == 1 {
							for x, c := range comb {
								i := base + int(c)
								if i >= size {
									i -= size
								}
								ring[i] += float64(ws[x])
							}
						} else {
							for x, c := range comb {
								i := base + int(c)
								if i >= size {
									i -= size
								}
								ring[i] += float64(ws[x]) * scale
							}
						}
					}
				}
			}
		}
	}
}

// tmEfficacy advances the Tsodyks-Markram state of pre row i to a spike at
// step n and returns u x, the fraction of the weight it transmits
// (Tsodyks, Pawelzik & Markram 1998 in the event-driven form of NEST's
// tsodyks2_synapse; before the first spike u = 0 and x = 1, so the first
// spike transmits U w).
func (pp *projPart) tmEfficacy(tm *ir.TsodyksMarkram, i, n int, dt float64) float64 {
	u, x := pp.tmU[i], pp.tmX[i]
	if pp.tmLast[i] < 0 {
		u, x = tm.U, 1
	} else {
		h := float64(n-int(pp.tmLast[i])) * dt
		x = 1 + (x-x*u-1)*math.Exp(-h/tm.TauRec)
		uDecay := 0.0
		if tm.TauFacil > 0 {
			uDecay = math.Exp(-h / tm.TauFacil)
		}
		u = tm.U + u*(1-tm.U)*uDecay
	}
	pp.tmU[i], pp.tmX[i], pp.tmLast[i] = u, x, int32(n)
	return u * x
}

// stdpStep is one step of a plastic projection in one partition
// (language.md section 6): (1) potentiation by the postsynaptic spikes that
// reach their synapses at this step, against the presynaptic trace of
// spikes seen before it; (2) the postsynaptic trace of this step; (3) for
// each presynaptic spike of this step, depression against the
// postsynaptic trace the synapse sees now, then transmission of the
// updated weight.
func (s *Sim) stdpStep(pr *proj, pp *projPart, part *partition, n int) {
	st := pr.ir.Synapse.STDP
	nearest := st.Timing == "nearest_pair"
	mult := st.WeightRule == "multiplicative"
	dt := s.net.DT
	nl := pp.nLocal
	slots := s.slots
	// (1) potentiation
	for d := pr.dMin; d <= pr.dMax; d++ {
		tp := n - d
		if tp < 0 {
			break
		}
		for _, g := range s.postHistory(part, tp) {
			j := int(g) - pp.lo
			for e := pp.revPtr[j]; e < pp.revPtr[j+1]; e++ {
				if int(pp.revD[e]) != d {
					continue
				}
				row := pp.revRow[e]
				tl := pp.tPre[row]
				if tl < 0 {
					continue
				}
				x := pp.xPre[row] * math.Exp(-float64(n-int(tl))*dt/st.TauPlus)
				k := pp.revK[e]
				w := pp.pw[k]
				if mult {
					w += st.APlus * (st.WMax - w) * x
				} else {
					w += st.APlus * x
				}
				pp.pw[k] = min(max(w, st.WMin), st.WMax)
			}
		}
	}
	// (2) postsynaptic trace at this step, spikes of this step included
	cur := pp.yHist[(n%slots)*nl : (n%slots)*nl+nl]
	if n > 0 {
		prev := pp.yHist[((n-1)%slots)*nl : ((n-1)%slots)*nl+nl]
		for j := range cur {
			cur[j] = prev[j] * pr.decMinus
		}
	} else {
		clear(cur)
	}
	for _, g := range part.postSpk {
		if nearest {
			cur[int(g)-pp.lo] = 1
		} else {
			cur[int(g)-pp.lo]++
		}
	}
	// (3) presynaptic spikes: depression, then transmission
	size := slots * s.nn
	base := (n % slots) * s.nn
	ring := s.ring[pr.rec]
	for _, r := range pr.pre {
		for _, c := range r.p.chunks {
			for _, k := range c.spikesAt(n) {
				if int(k) < r.lo || int(k) >= r.hi {
					continue
				}
				row := r.base + int(k) - r.lo
				a, b := pp.rowPtr[row], pp.rowPtr[row+1]
				part.events += b - a
				for x := a; x < b; x++ {
					cb := int(pp.comb[x])
					d := cb / s.nn
					j := cb - d*s.nn - pp.lo
					w := pp.pw[x]
					if tp := n - d; tp >= 0 {
						if y := pp.yHist[(tp%slots)*nl+j]; y != 0 {
							if mult {
								w -= st.AMinus * (w - st.WMin) * y
							} else {
								w -= st.AMinus * y
							}
							w = min(max(w, st.WMin), st.WMax)
							pp.pw[x] = w
						}
					}
					if pp.quantOf != nil {
						if q := pp.quantOf[j]; q > 0 {
							w = math.RoundToEven(w/q) * q
						}
					}
					i := base + cb
					if i >= size {
						i -= size
					}
					ring[i] += w
				}
				// presynaptic trace
				if nearest || pp.tPre[row] < 0 {
					pp.xPre[row] = 1
				} else {
					pp.xPre[row] = pp.xPre[row]*math.Exp(-float64(n-int(pp.tPre[row]))*dt/st.TauPlus) + 1
				}
				pp.tPre[row] = int32(n)
			}
		}
	}
}

// postHistory returns the global indices of partition part's neurons that
// spiked at step tp (tp > n - slots).
func (s *Sim) postHistory(part *partition, tp int) []int32 {
	return part.hist[tp%s.slots]
}
