package spinnaker

import (
	"fmt"
	"math"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// Part is one named use of a memory, the "why" of a core's total.
type Part struct {
	What  string `json:"what"`
	Bytes int64  `json:"bytes"`
}

// Usage is one memory's use by a core: the total and its parts.
type Usage struct {
	Bytes int64
	Parts []Part
}

func (u *Usage) add(what string, b int64) {
	if b <= 0 {
		return
	}
	u.Bytes += b
	u.Parts = append(u.Parts, Part{What: what, Bytes: b})
}

// Resources is what one vertex needs of its core and chip.
type Resources struct {
	SDRAM, DTCM, ITCM Usage
	// MaxRow is the longest synaptic row the core receives, in synapses,
	// and MaxRowFrom the projection it belongs to.
	MaxRow     int
	MaxRowFrom string
}

// incoming is the synaptic input of one neuron vertex, summarised from
// the synapse statistics.
type incoming struct {
	rowBytes      int64 // synaptic matrices in SDRAM
	popEntries    int   // master population table entries (source vertices)
	addresses     int   // address-list entries (matrices)
	maxRowBytes   int64
	maxRow        int
	maxRowProj    string
	plastic, tm   bool
	weightSamples int64 // recorded plastic weights, bytes
}

// rowWords is the size of a row of n synapses of a projection's synapse
// model: the 3 header words, one word per synapse (a static 32-bit word,
// or an STDP 16-bit weight plus 16-bit control word), the STDP row's
// pre-synaptic trace, and Tsodyks-Markram's two state words per row (an
// estimate: sPyNNaker has no such synapse).
func rowWords(syn ir.Synapse, n int) int64 {
	w := int64(rowHeaderWords + n)
	switch syn.Model {
	case "stdp":
		w += stdpRowHeaderWords
	case "tsodyks_markram":
		w += 2
	}
	return w
}

// neuronWords is the 32-bit words of one neuron's parameters and state: a
// word per parameter and state variable of the model (sPyNNaker keeps
// every parameter as an s16.15 word in the neuron's structs) plus the
// refractory counter.
func neuronWords(m *ir.ModelSpec) int64 {
	return int64(len(m.Params) + len(m.State) + 1)
}

// ringBufferBytes is the 16-bit accumulators of n neurons: one per delay
// slot, synapse type and neuron, the neuron field rounded up to a power
// of two (the ring buffer is indexed by bit fields).
func ringBufferBytes(n int) int64 {
	return ringBufferEntryBytes << (delayBits + synapseTypeBits + compiler.Bits(n))
}

// summarise collects the input of every neuron vertex.
func (s *state) summarise() []incoming {
	in := make([]incoming, len(s.pt.Slices))
	type src struct{ post, from int }
	seen := map[src]bool{}
	wrec := s.weightSamples()
	for i := range s.stats {
		st := &s.stats[i]
		p := s.net.Projections[st.Proj]
		x := &in[st.Post]
		na := int64(s.vertices[st.Pre].Size())
		x.plastic = x.plastic || p.Synapse.Plastic()
		x.tm = x.tm || p.Synapse.Model == "tsodyks_markram"
		if n, ok := wrec[p.Name]; ok {
			x.weightSamples += n * 2 * int64(math.Ceil(st.Synapses()))
		}
		note := func(row int) {
			if row > x.maxRow {
				x.maxRow, x.maxRowProj = row, p.Name
			}
			x.maxRowBytes = max(x.maxRowBytes, rowWords(p.Synapse, row)*wordBytes)
		}
		if b := st.Buckets[0]; b.Synapses > 0 {
			x.rowBytes += na * rowWords(p.Synapse, b.MaxRow) * wordBytes
			x.addresses++
			note(b.MaxRow)
			if k := (src{st.Post, st.Pre}); !seen[k] {
				seen[k] = true
				x.popEntries++
			}
		}
		delayed := 0
		for b := 1; b < len(st.Buckets); b++ {
			if st.Buckets[b].Synapses > 0 {
				delayed = max(delayed, st.Buckets[b].MaxRow)
			}
		}
		if delayed > 0 {
			// The delayed matrix has a row per neuron per stage of the
			// delay core, all as long as the longest.
			d := s.vertices[st.Pre].Delay
			x.rowBytes += na * int64(s.vertices[d].Stages) * rowWords(p.Synapse, delayed) * wordBytes
			x.addresses++
			note(delayed)
			if k := (src{st.Post, d}); !seen[k] {
				seen[k] = true
				x.popEntries++
			}
		}
	}
	return in
}

// recordingBytes is the SDRAM the recordings of vertex v fill over the
// whole run (no extraction during the run): per sample a time stamp and,
// for spikes, a bit per recorded neuron, for a state variable a word per
// recorded neuron.
func (s *state) recordingBytes(v *Vertex) int64 {
	ticks := int64(math.Round(s.net.Duration / s.tick))
	pop := s.net.Populations[v.Pop].Name
	var total int64
	for _, r := range s.net.Recordings {
		if r.Variable == "weight" {
			continue
		}
		nrec := 0
		for _, sl := range r.Target {
			if sl.Population == pop {
				nrec += max(0, min(sl.Hi, v.Hi)-max(sl.Lo, v.Lo))
			}
		}
		if nrec == 0 {
			continue
		}
		every := int64(max(r.Every, 1))
		samples := (ticks + every - 1) / every
		per := int64(recordingTimeBytes)
		if r.Variable == "spikes" {
			per += wordBytes * int64((nrec+31)/32)
		} else {
			per += wordBytes * int64(nrec)
		}
		total += samples * per
	}
	return total
}

// weightSamples maps each projection whose weights are recorded to its
// number of samples over the run.
func (s *state) weightSamples() map[string]int64 {
	ticks := int64(math.Round(s.net.Duration / s.tick))
	out := map[string]int64{}
	for _, r := range s.net.Recordings {
		if r.Variable == "weight" {
			every := int64(max(r.Every, 1))
			out[r.Projection] += (ticks + every - 1) / every
		}
	}
	return out
}

// neuronResources is the resource model of a neuron slice of n neurons
// with input in.
func (s *state) neuronResources(v *Vertex, n int, in *incoming) Resources {
	p := s.net.Populations[v.Pop]
	m := p.Spec()
	var r Resources
	words := neuronWords(m)
	r.SDRAM.add("system and region headers", sdramFixedBytes)
	r.SDRAM.add("neuron parameters", int64(n)*words*wordBytes)
	r.SDRAM.add("synaptic matrices", in.rowBytes)
	r.SDRAM.add("master population table", masterPopBaseBytes+int64(in.popEntries)*masterPopEntryBytes)
	r.SDRAM.add("address list", int64(in.addresses)*addressListEntryBytes)
	r.SDRAM.add("recording buffers", s.recordingBytes(v))
	r.SDRAM.add("weight recording (2 B per synapse per sample)", in.weightSamples)

	r.DTCM.add("stack and runtime", dtcmFixedBytes)
	r.DTCM.add("neuron state", int64(n)*words*wordBytes)
	r.DTCM.add(fmt.Sprintf("ring buffers (%d slots x 2 types x %d neurons x 2 B)", nativeDelaySlots, 1<<compiler.Bits(n)), ringBufferBytes(n))
	r.DTCM.add("input spike buffer", inputSpikeBufferBytes)
	r.DTCM.add("DMA row buffers", dmaBuffers*in.maxRowBytes)
	r.DTCM.add("master population table and address list", masterPopBaseBytes+int64(in.popEntries)*masterPopEntryBytes+int64(in.addresses)*addressListEntryBytes)
	if in.plastic {
		r.DTCM.add("STDP post-synaptic history", int64(n)*(stdpPostEvents*stdpPostEventBytes+stdpPostHistoryOverhead))
	}

	r.ITCM.add(p.Model+" code", int64(itcmBytes[p.Model]))
	if in.plastic {
		r.ITCM.add("STDP code", stdpCodeBytes)
	}
	if in.tm {
		r.ITCM.add("short-term plasticity code", tmCodeBytes)
	}
	r.MaxRow, r.MaxRowFrom = in.maxRow, in.maxRowProj
	return r
}

// sourceResources is the resource model of a spike-source slice.
func (s *state) sourceResources(v *Vertex) Resources {
	p := s.net.Populations[v.Pop]
	n := int64(v.Size())
	var r Resources
	r.SDRAM.add("system and region headers", sdramFixedBytes)
	r.DTCM.add("stack and runtime", dtcmFixedBytes)
	switch p.Model {
	case "poisson":
		r.SDRAM.add("source parameters", n*poissonSourceWords*wordBytes)
		r.DTCM.add("source state", n*poissonSourceWords*wordBytes)
	case "spike_array":
		spikes := int64(0)
		for i := v.Lo; i < v.Hi && i < len(p.SpikeTimes); i++ {
			spikes += int64(len(p.SpikeTimes[i]))
		}
		r.SDRAM.add("spike times", spikes*wordBytes)
		r.DTCM.add("next-spike indices", n*wordBytes)
	case "events":
		r.SDRAM.add("host event buffer", eventBufferBytes)
	}
	r.SDRAM.add("recording buffers", s.recordingBytes(v))
	r.ITCM.add(p.Model+" code", int64(itcmBytes[p.Model]))
	return r
}

// delayResources is the resource model of a delay-extension core.
func (s *state) delayResources(v *Vertex) Resources {
	n := int64(v.Size())
	stageBits := (n*int64(v.Stages) + 31) / 32 * wordBytes
	var r Resources
	r.SDRAM.add("system and region headers", sdramFixedBytes)
	r.SDRAM.add(fmt.Sprintf("delay-stage bit fields (%d stages)", v.Stages), stageBits)
	r.DTCM.add("stack and runtime", dtcmFixedBytes)
	r.DTCM.add("spike counters (16 slots x 1 B per neuron)", n*delayCounterBytes)
	r.DTCM.add("delay-stage bit fields", stageBits)
	r.DTCM.add("input spike buffer", inputSpikeBufferBytes)
	r.ITCM.add("delay extension code", int64(itcmBytes["delay"]))
	return r
}

// resources computes every vertex's needs and checks each against a core
// and a chip.
func resources(s *state) error {
	in := s.summarise()
	s.res = make([]Resources, len(s.vertices))
	for i := range s.vertices {
		v := &s.vertices[i]
		switch v.Kind {
		case NeuronVertex:
			s.res[i] = s.neuronResources(v, v.Size(), &in[i])
		case SourceVertex:
			s.res[i] = s.sourceResources(v)
		case DelayVertex:
			s.res[i] = s.delayResources(v)
		}
	}
	for i := range s.vertices {
		if err := s.checkFit(i, in); err != nil {
			return err
		}
	}
	return nil
}

// checkFit checks vertex i against the limits of a core and a chip and
// names the fix.
func (s *state) checkFit(i int, in []incoming) error {
	v := &s.vertices[i]
	r := &s.res[i]
	pop := s.net.Populations[v.Pop]
	name := s.name(i)
	if r.MaxRow > MaxRowLength {
		fix := max(1, v.Size()*MaxRowLength/r.MaxRow)
		return fitErrorf(name, "synaptic row length", "%s: projection %s gives a pre-synaptic neuron %d synapses onto this core; a synaptic row holds at most %d: set neurons_per_core %s = %d",
			name, r.MaxRowFrom, r.MaxRow, MaxRowLength, pop.Name, fix)
	}
	if r.ITCM.Bytes > s.m.ITCM {
		need, have := sizes(r.ITCM.Bytes, s.m.ITCM)
		return fitErrorf(name, "ITCM", "%s needs %s ITCM for its code; a core has %s: this model cannot run with this target's itcm", name, need, have)
	}
	over := func(limit, per string, needB, haveB int64, extra string) error {
		need, have := sizes(needB, haveB)
		msg := fmt.Sprintf("%s needs %s %s; %s has %s", name, need, limit, per, have)
		if v.Kind == DelayVertex || v.Size() == 1 {
			return fitErrorf(name, limit, "%s", msg)
		}
		fix := s.largestFitting(v, &in[v.Slice], limit)
		if fix == 0 {
			return fitErrorf(name, limit, "%s, and even one neuron per core does not fit", msg)
		}
		return fitErrorf(name, limit, "%s: set neurons_per_core %s = %d%s", msg, pop.Name, fix, extra)
	}
	if r.DTCM.Bytes > s.m.DTCM {
		return over("DTCM", "a core", r.DTCM.Bytes, s.m.DTCM, "")
	}
	if r.SDRAM.Bytes > s.m.SDRAMPerChip {
		return over("SDRAM", "a chip (for applications)", r.SDRAM.Bytes, s.m.SDRAMPerChip, " (or record fewer neurons or samples)")
	}
	return nil
}

// largestFitting finds the largest slice size that would fit limit,
// scaling the vertex's input to a slice of that size (rows shrink with
// the post slice; the number of source slices stays).
func (s *state) largestFitting(v *Vertex, in *incoming, limit string) int {
	for n := v.Size() - 1; n >= 1; n-- {
		f := float64(n) / float64(v.Size())
		sc := *in
		sc.rowBytes = int64(float64(in.rowBytes) * f)
		sc.maxRowBytes = int64(float64(in.maxRowBytes) * f)
		w := *v
		w.Hi = w.Lo + n
		var r Resources
		if v.Kind == NeuronVertex {
			r = s.neuronResources(&w, n, &sc)
		} else {
			r = s.sourceResources(&w)
		}
		switch limit {
		case "DTCM":
			if r.DTCM.Bytes <= s.m.DTCM {
				return n
			}
		case "SDRAM":
			if r.SDRAM.Bytes <= s.m.SDRAMPerChip {
				return n
			}
		}
	}
	return 0
}
