package spinnaker

import (
	"fmt"
	"math"
	"slices"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// VertexKind says what a core does.
type VertexKind uint8

const (
	NeuronVertex VertexKind = iota // a slice of a neuron population
	SourceVertex                   // a slice of a spike source
	DelayVertex                    // the delay extension of a slice
)

func (k VertexKind) String() string {
	return [...]string{"neurons", "source", "delay"}[k]
}

// Vertex is the work of one core.
type Vertex struct {
	Kind   VertexKind
	Pop    int // population index
	Lo, Hi int // neurons of the population
	Slice  int // partition slice (a delay vertex: the slice it delays)
	Stages int // delay vertex: 16-tick stages it adds (1..8)
	Delay  int // neuron/source vertex: its delay vertex, or -1
}

// Size is the number of neurons of the vertex's slice.
func (v *Vertex) Size() int { return v.Hi - v.Lo }

// atomBits is the width of a slice's neuron field in a key.
func (v *Vertex) atomBits() int { return compiler.Bits(v.Size()) }

// Atoms is the number of keys the vertex sends: one per neuron, and for a
// delay vertex one per neuron per stage (stage s of neuron a sends
// key | (s-1)<<atomBits | a).
func (v *Vertex) Atoms() int {
	if v.Kind == DelayVertex {
		return v.Stages << v.atomBits()
	}
	return v.Size()
}

// name is the vertex as the user knows it: "exc[0:256]", "exc[0:256]
// delays".
func (s *state) name(v int) string {
	x := &s.vertices[v]
	n := fmt.Sprintf("%s[%d:%d]", s.net.Populations[x.Pop].Name, x.Lo, x.Hi)
	if x.Kind == DelayVertex {
		n += " delays"
	}
	return n
}

// neuronsPerCore returns the neurons per core of population p and whether
// the user set it for p.
func (s *state) neuronsPerCore(p *ir.Population) (int, bool) {
	if n, ok := s.target.NeuronsPerCore[p.Name]; ok {
		return n, true
	}
	if p.Model == "poisson" {
		return paramInt(s.target, "sources_per_core", 500), false
	}
	return paramInt(s.target, "neurons_per_core", 256), false
}

// partition cuts every population into slices of at most its neurons per
// core, after checking the per-model limits.
func partition(s *state) error {
	pt := &compiler.Partition{ByPop: make([][]int, len(s.net.Populations))}
	for pi, p := range s.net.Populations {
		if ir.Models[p.Model] == nil {
			return fmt.Errorf("population %s: model %q has no SpiNNaker implementation", p.Name, p.Model)
		}
		npc, own := s.neuronsPerCore(p)
		where := "neurons_per_core"
		if own {
			where = "neurons_per_core " + p.Name
		}
		if npc < 1 {
			return fitErrorf(p.Name, "neurons per core", "population %s: %s = %d; a core needs at least one neuron", p.Name, where, npc)
		}
		if !p.IsSource() && npc > maxNeuronsPerCore {
			if p.Size > maxNeuronsPerCore {
				return fitErrorf(p.Name, "neurons per core", "population %s: %s = %d, but a neuron core holds at most %d neurons (the synapse word's 8-bit neuron index): set neurons_per_core %s = %d", p.Name, where, npc, maxNeuronsPerCore, p.Name, maxNeuronsPerCore)
			}
		}
		for lo := 0; lo < p.Size; lo += npc {
			pt.ByPop[pi] = append(pt.ByPop[pi], len(pt.Slices))
			pt.Slices = append(pt.Slices, compiler.Slice{Pop: pi, Lo: lo, Hi: min(p.Size, lo+npc)})
		}
	}
	s.pt = pt
	s.vertices = make([]Vertex, len(pt.Slices))
	for i, sl := range pt.Slices {
		k := NeuronVertex
		if s.net.Populations[sl.Pop].IsSource() {
			k = SourceVertex
		}
		s.vertices[i] = Vertex{Kind: k, Pop: sl.Pop, Lo: sl.Lo, Hi: sl.Hi, Slice: i, Delay: -1}
	}
	return nil
}

// ticks converts a delay in network steps to machine ticks.
func (s *state) ticks(steps int) int {
	t := int(math.Round(float64(steps) * s.net.DT / s.tick))
	return max(t, 1)
}

// stageOf is the delay class of a delay in ticks: 0 for the ring buffer's
// own range 1..16, s for extension stage s (ticks 16s+1..16s+16), -1
// beyond the longest delay the machine supports.
func stageOf(ticks int) int {
	if ticks < 1 || ticks > MaxDelayTicks {
		return -1
	}
	return (ticks - 1) / nativeDelaySlots
}

// synapses gathers the synapse statistics of every projection by slice
// pair and delay stage.
func synapses(s *state) error {
	stats, exact, err := compiler.SynapseStats(s.net, s.pt, compiler.StatOptions{
		Ticks:      s.ticks,
		NBuckets:   1 + maxDelayStages,
		BucketOf:   stageOf,
		Estimate:   s.opt.Synapses,
		ExactLimit: s.opt.ExactLimit,
		Threads:    s.opt.Threads,
	})
	if err != nil {
		if de, ok := err.(*compiler.DelayError); ok {
			ms := float64(MaxDelayTicks) * s.tick
			return fitErrorf(de.Proj.Name, "delay", "projection %s has a delay of %d ticks (%g ms); SpiNNaker supports at most %d ticks (%d in the ring buffer + %d delay-extension stages of %d) = %g ms at timestep %g ms: shorten the delay or set a longer timestep in the target",
				de.Proj.Name, de.Ticks, float64(de.Ticks)*s.tick, MaxDelayTicks, nativeDelaySlots, maxDelayStages, nativeDelaySlots, ms, s.tick)
		}
		return err
	}
	s.stats, s.exact = stats, exact
	return nil
}

// delayExtensions gives every slice that sends synapses with delays
// beyond the ring buffer's 16 ticks a delay-extension core with as many
// 16-tick stages as its longest delay needs.
func delayExtensions(s *state) error {
	stages := make([]int, len(s.pt.Slices))
	for i := range s.stats {
		st := &s.stats[i]
		for b := len(st.Buckets) - 1; b > 0; b-- {
			if st.Buckets[b].Synapses > 0 {
				stages[st.Pre] = max(stages[st.Pre], b)
				break
			}
		}
	}
	for sl, n := range stages {
		if n == 0 {
			continue
		}
		v := s.vertices[sl]
		s.vertices[sl].Delay = len(s.vertices)
		s.vertices = append(s.vertices, Vertex{Kind: DelayVertex, Pop: v.Pop, Lo: v.Lo, Hi: v.Hi, Slice: sl, Stages: n, Delay: -1})
	}
	// Who sends to whom: a slice to the slices it reaches within 16 ticks
	// and to its delay core; the delay core to the slices it reaches later.
	s.targets = make([][]int, len(s.vertices))
	for i := range s.stats {
		st := &s.stats[i]
		if st.Buckets[0].Synapses > 0 {
			s.targets[st.Pre] = append(s.targets[st.Pre], st.Post)
		}
		for b := 1; b < len(st.Buckets); b++ {
			if st.Buckets[b].Synapses > 0 {
				d := s.vertices[st.Pre].Delay
				s.targets[st.Pre] = append(s.targets[st.Pre], d)
				s.targets[d] = append(s.targets[d], st.Post)
				break
			}
		}
	}
	for v := range s.targets {
		slices.Sort(s.targets[v])
		s.targets[v] = slices.Compact(s.targets[v])
	}
	return nil
}
