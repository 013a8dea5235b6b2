package compiler

import (
	"fmt"
	"math"
	"runtime"

	"github.com/snn-sim/snn/ir"
)

// Slice is the neurons [Lo, Hi) of population Pop (an index into the
// network's Populations) that one core simulates.
type Slice struct {
	Pop    int
	Lo, Hi int
}

// Size is the number of neurons of the slice.
func (s Slice) Size() int { return s.Hi - s.Lo }

// Partition is every population cut into slices: Slices in population
// order, ByPop[p] the indices of population p's slices in neuron order.
type Partition struct {
	Slices []Slice
	ByPop  [][]int
}

// SliceOf returns the slice holding neuron i of population p.
func (pt *Partition) SliceOf(p, i int) int {
	ids := pt.ByPop[p]
	lo, hi := 0, len(ids)
	for lo < hi {
		m := (lo + hi) / 2
		if pt.Slices[ids[m]].Hi <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return ids[lo]
}

// Bucket is what a delay class of a (projection, pre slice, post slice)
// needs: how many synapses, and the longest row (the synapses of one pre
// neuron onto the post slice in this delay class).
type Bucket struct {
	Synapses float64
	MaxRow   int
}

// SynStat is the synapses of projection Proj from slice Pre to slice Post,
// by delay class (the backend's classes, e.g. SpiNNaker's 16-tick stages).
// Exact is false when the numbers are statistical estimates.
type SynStat struct {
	Proj      int
	Pre, Post int
	Buckets   []Bucket
	MaxDelay  int // in backend ticks
	Exact     bool
}

// Synapses is the total over the delay classes.
func (s *SynStat) Synapses() float64 {
	t := 0.0
	for _, b := range s.Buckets {
		t += b.Synapses
	}
	return t
}

// StatOptions says how synapse statistics are gathered.
type StatOptions struct {
	// Ticks converts a delay in network steps to backend ticks.
	Ticks func(steps int) int
	// NBuckets and BucketOf classify a delay in ticks; BucketOf returns -1
	// for a delay the backend cannot do at all.
	NBuckets int
	BucketOf func(ticks int) int
	// Estimate: "auto" expands projections while the network's expected
	// synapse total is at most ExactLimit and estimates otherwise;
	// "exact" always expands; "estimate" never does (lists and
	// expression-valued delays are always expanded).
	Estimate   string
	ExactLimit float64
	Threads    int
}

// DelayError is a synapse whose delay the backend cannot do.
type DelayError struct {
	Proj  *ir.Projection
	Ticks int
}

func (e *DelayError) Error() string {
	return fmt.Sprintf("projection %s has a delay of %d ticks", e.Proj.Name, e.Ticks)
}

// segment is the part of a selection that falls in one slice: selection
// indices [Lo, Hi) are neurons of slice Slice.
type segment struct {
	Slice  int
	Lo, Hi int
}

// segments cuts selection sel along the partition, in selection order.
func segments(net *ir.Network, pt *Partition, sel ir.Selection) []segment {
	var out []segment
	k := 0
	for _, part := range sel {
		p := popIndex(net, part.Population)
		for i := part.Lo; i < part.Hi; {
			s := pt.SliceOf(p, i)
			end := min(part.Hi, pt.Slices[s].Hi)
			out = append(out, segment{Slice: s, Lo: k + i - part.Lo, Hi: k + end - part.Lo})
			i = end
		}
		k += part.Hi - part.Lo
	}
	return out
}

func popIndex(net *ir.Network, name string) int {
	for i, p := range net.Populations {
		if p.Name == name {
			return i
		}
	}
	panic("unknown population " + name)
}

// SynapseStats gathers, for every projection, its synapses between every
// pair of slices with any, by delay class. It also returns whether every
// number is exact.
func SynapseStats(net *ir.Network, pt *Partition, opt StatOptions) ([]SynStat, bool, error) {
	if opt.Threads <= 0 {
		opt.Threads = runtime.GOMAXPROCS(0)
	}
	estimate := opt.Estimate == "estimate"
	if opt.Estimate == "" || opt.Estimate == "auto" {
		total := 0.0
		for _, p := range net.Projections {
			x, _ := net.ExpectedSynapses(p)
			total += x
		}
		estimate = total > opt.ExactLimit
	}
	var out []SynStat
	exact := true
	for k, p := range net.Projections {
		var st []SynStat
		var err error
		if estimate && canEstimate(p) {
			st, err = estimateProjection(net, pt, k, opt)
			exact = false
		} else {
			st, err = expandProjection(net, pt, k, opt)
		}
		if err != nil {
			return nil, false, err
		}
		out = append(out, st...)
	}
	return out, exact, nil
}

func canEstimate(p *ir.Projection) bool {
	switch p.Connector.Kind {
	case "from_list", "from_file", "from_npy":
		return false
	}
	return p.Delay.Kind == ir.KindConst || p.Delay.Kind == ir.KindDist
}

// expandProjection counts the synapses of projection k exactly, streaming
// its expansion block by block (bounded memory whatever its size).
func expandProjection(net *ir.Network, pt *Partition, k int, opt StatOptions) ([]SynStat, error) {
	p := net.Projections[k]
	preSeg, postSeg := segments(net, pt, p.Pre), segments(net, pt, p.Post)
	// Dense local slice numbering: pre and post slices this projection touches.
	preLocal, preIDs := localIDs(preSeg)
	postLocal, postIDs := localIDs(postSeg)
	npost := len(postIDs)
	preOf := make([]int32, p.Pre.Size())
	for _, s := range preSeg {
		for i := s.Lo; i < s.Hi; i++ {
			preOf[i] = int32(preLocal[s.Slice])
		}
	}
	postOf := make([]int32, p.Post.Size())
	for _, s := range postSeg {
		for j := s.Lo; j < s.Hi; j++ {
			postOf[j] = int32(postLocal[s.Slice])
		}
	}
	nb := opt.NBuckets
	type cell struct {
		b        []Bucket
		maxDelay int
		used     bool
	}
	// Cells of the slice pairs, dense when the pairs are few enough.
	var dense []cell
	var sparse map[int]*cell
	if len(preIDs)*npost <= 1<<20 {
		dense = make([]cell, len(preIDs)*npost)
	} else {
		sparse = map[int]*cell{}
	}
	get := func(a, b int) *cell {
		key := a*npost + b
		if dense != nil {
			c := &dense[key]
			if c.b == nil {
				c.b = make([]Bucket, nb)
			}
			return c
		}
		c := sparse[key]
		if c == nil {
			c = &cell{b: make([]Bucket, nb)}
			sparse[key] = c
		}
		return c
	}
	// Delay steps -> (bucket, ticks), memoised: delays are uint16.
	type class struct{ bucket, ticks int32 }
	cls := make([]class, 1<<16)
	classify := func(d uint16) (int, int, error) {
		if c := cls[d]; c.ticks > 0 {
			return int(c.bucket), int(c.ticks), nil
		}
		t := opt.Ticks(int(d))
		b := opt.BucketOf(t)
		if b < 0 {
			return 0, 0, &DelayError{Proj: p, Ticks: t}
		}
		cls[d] = class{int32(b), int32(max(t, 1))}
		return b, t, nil
	}
	counts := make([]int, nb)
	err := net.ExpandBlocks(p, opt.Threads, func(blk *ir.Block) error {
		for i := blk.Lo; i < blk.Hi; i++ {
			r0, r1 := blk.RowPtr[i-blk.Lo], blk.RowPtr[i-blk.Lo+1]
			a := int(preOf[i])
			for q := r0; q < r1; {
				b := postOf[blk.Targets[q]]
				e := q
				for e < r1 && postOf[blk.Targets[e]] == b {
					e++
				}
				c := get(a, int(b))
				c.used = true
				clear(counts)
				if blk.Delays == nil {
					bk, t, err := classify(blk.ConstDelay)
					if err != nil {
						return err
					}
					counts[bk] = int(e - q)
					c.maxDelay = max(c.maxDelay, t)
				} else {
					for s := q; s < e; s++ {
						bk, t, err := classify(blk.Delays[s])
						if err != nil {
							return err
						}
						counts[bk]++
						c.maxDelay = max(c.maxDelay, t)
					}
				}
				for bk, n := range counts {
					if n > 0 {
						c.b[bk].Synapses += float64(n)
						c.b[bk].MaxRow = max(c.b[bk].MaxRow, n)
					}
				}
				q = e
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []SynStat
	for a := range preIDs {
		for b := range postIDs {
			var c *cell
			if dense != nil {
				c = &dense[a*npost+b]
			} else {
				c = sparse[a*npost+b]
			}
			if c == nil || !c.used {
				continue
			}
			out = append(out, SynStat{Proj: k, Pre: preIDs[a], Post: postIDs[b], Buckets: c.b, MaxDelay: c.maxDelay, Exact: true})
		}
	}
	return out, nil
}

// localIDs numbers the distinct slices of a segment list densely.
func localIDs(segs []segment) (map[int]int, []int) {
	local := map[int]int{}
	var ids []int
	for _, s := range segs {
		if _, ok := local[s.Slice]; !ok {
			local[s.Slice] = len(ids)
			ids = append(ids, s.Slice)
		}
	}
	return local, ids
}

// rowSigmas is how far above its mean the longest row of a slice pair is
// assumed to lie, in standard deviations: with at most 2^20 rows per pair
// of slices a binomial row exceeds it with negligible probability.
const rowSigmas = 5

// delaySamples is how many delays estimateProjection draws to split a
// random delay among the delay classes.
const delaySamples = 4096

// estimateProjection spreads projection k's expected synapse count over
// its slice pairs without expanding it: every connector but one_to_one
// (and the lists, never estimated) is taken as uniform over the allowed
// pairs, which is exact in expectation for all_to_all, fixed_probability,
// fixed_number_* and fixed_total, and an approximation for distance
// connectors and conditions. Row lengths are binomial: the longest row of
// a slice pair is its mean plus rowSigmas standard deviations.
func estimateProjection(net *ir.Network, pt *Partition, k int, opt StatOptions) ([]SynStat, error) {
	p := net.Projections[k]
	total, _ := net.ExpectedSynapses(p)
	m, n := float64(p.Pre.Size()), float64(p.Post.Size())
	if total == 0 || m == 0 || n == 0 {
		return nil, nil
	}
	frac := make([]float64, opt.NBuckets)
	maxDelay := 0
	switch p.Delay.Kind {
	case ir.KindConst:
		t := opt.Ticks(int(math.Round(p.Delay.X)))
		b := opt.BucketOf(t)
		if b < 0 {
			return nil, &DelayError{Proj: p, Ticks: t}
		}
		frac[b] = 1
		maxDelay = t
	default:
		s := ir.NewStream(ir.Key(net.Seed, "compile", p.Name, "delay-estimate"), 0)
		for range delaySamples {
			d := int(math.Round(p.Delay.Dist.Draw(s)))
			t := opt.Ticks(max(d, 1))
			b := opt.BucketOf(t)
			if b < 0 {
				return nil, &DelayError{Proj: p, Ticks: t}
			}
			frac[b] += 1.0 / delaySamples
			maxDelay = max(maxDelay, t)
		}
	}
	q := min(1, total/(m*n)) // probability that a given pair is connected
	replace := p.Connector.Replace
	preSeg, postSeg := segments(net, pt, p.Pre), segments(net, pt, p.Post)
	oneToOne := p.Connector.Kind == "one_to_one"
	type key struct{ a, b int }
	acc := map[key]*SynStat{}
	var order []key
	for _, sa := range preSeg {
		for _, sb := range postSeg {
			na, nbs := float64(sa.Hi-sa.Lo), float64(sb.Hi-sb.Lo)
			var syn, rowMean, rowCap float64
			if oneToOne {
				ov := float64(min(sa.Hi, sb.Hi) - max(sa.Lo, sb.Lo))
				if ov <= 0 {
					continue
				}
				syn, rowMean, rowCap = total*ov/m, 1, 1
			} else {
				syn = total * na * nbs / (m * n)
				rowMean = total * nbs / (m * n)
				rowCap = nbs
				if replace {
					rowCap = math.Inf(1)
				}
			}
			if syn <= 0 {
				continue
			}
			kk := key{sa.Slice, sb.Slice}
			st := acc[kk]
			if st == nil {
				st = &SynStat{Proj: k, Pre: sa.Slice, Post: sb.Slice, Buckets: make([]Bucket, opt.NBuckets), MaxDelay: maxDelay}
				acc[kk] = st
				order = append(order, kk)
			}
			for b, f := range frac {
				if f == 0 {
					continue
				}
				mu := rowMean * f
				row := math.Ceil(mu + rowSigmas*math.Sqrt(mu*(1-q*f)))
				if q >= 1 {
					row = math.Ceil(mu)
				}
				row = min(row, rowCap)
				st.Buckets[b].Synapses += syn * f
				st.Buckets[b].MaxRow = max(st.Buckets[b].MaxRow, int(row))
			}
		}
	}
	out := make([]SynStat, 0, len(order))
	for _, kk := range order {
		out = append(out, *acc[kk])
	}
	return out, nil
}
