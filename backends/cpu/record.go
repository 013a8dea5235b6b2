package cpu

import "sort"

// Result is what a run recorded.
type Result struct {
	// Steps is the number of steps simulated; Complete whether that is all.
	Steps    int
	Complete bool
	// PopSpikes counts every population's spikes, recorded or not.
	PopSpikes      map[string]int64
	SynapticEvents int64
	// Saturations counts per-step synaptic inputs clipped by a hardware
	// numerics' ring buffer (0 for exact numerics).
	Saturations int64
	Spikes      []*SpikeTrain
	Traces      []*Trace
	Weights     []*WeightTrace
}

// SpikeTrain is the recorded spikes of one population, ordered by step then
// neuron.
type SpikeTrain struct {
	Population string
	Neurons    []int32
	Steps      []int32
}

// Trace is a sampled state variable: Data holds Samples rows of
// len(Neurons) values; row m is the state at the start of step m*Every.
type Trace struct {
	Population string
	Variable   string
	Neurons    []int
	Every      int
	Samples    int
	Data       []float64
}

// WeightTrace is the sampled weights of a plastic projection: Samples rows
// of one value per synapse, synapse s connecting Pre[s] to Post[s]
// (indices within the projection's selections); row m is the weights at
// the start of step m*Every.
type WeightTrace struct {
	Projection string
	Pre, Post  []int32
	Every      int
	Samples    int
	Data       []float64
}

type recorder struct {
	spikes  []*spikeRec
	traces  []*traceRec
	weights []*weightRec
}

type spikeRec struct {
	p     *pop
	mask  []bool
	train SpikeTrain
}

type traceRec struct {
	p          *pop
	get        func(k int) float64
	tr         Trace
	maxSamples int
}

// traceCell is one recorded neuron of a trace: column col of its rows.
// Each cell is sampled by the thread that updates the neuron.
type traceCell struct {
	tr  *traceRec
	col int
	k   int
}

type weightRec struct {
	pr *proj
	wt WeightTrace
}

func newRecorder(s *Sim) (*recorder, error) {
	r := &recorder{}
	spk := map[*pop]*spikeRec{}
	trc := map[string]*traceRec{}
	neurons := map[*traceRec]map[int]bool{}
	for _, rc := range s.net.Recordings {
		if rc.Variable == "weight" {
			pr := s.projByName(rc.Projection)
			if pr == nil || pr.kind != kindSTDP {
				return nil, posErrorf(rc.Pos, "%s.weight: not a plastic projection", rc.Projection)
			}
			r.weights = append(r.weights, &weightRec{pr: pr, wt: WeightTrace{Projection: rc.Projection,
				Pre: pr.canonPre, Post: pr.canonPost, Every: max(rc.Every, 1)}})
			continue
		}
		for _, sl := range rc.Target {
			p := s.byName[sl.Population]
			if p == nil {
				return nil, posErrorf(rc.Pos, "record: unknown population %s", sl.Population)
			}
			if rc.Variable == "spikes" {
				sr := spk[p]
				if sr == nil {
					sr = &spikeRec{p: p, mask: make([]bool, p.n), train: SpikeTrain{Population: p.ir.Name}}
					spk[p] = sr
					r.spikes = append(r.spikes, sr)
				}
				for k := sl.Lo; k < sl.Hi; k++ {
					sr.mask[k] = true
				}
				continue
			}
			if p.kern == nil {
				return nil, posErrorf(rc.Pos, "record %s.%s: a source has no state", sl.Population, rc.Variable)
			}
			get, ok := p.kern.Var(rc.Variable)
			if !ok {
				return nil, posErrorf(rc.Pos, "record %s.%s: the model %s has no such variable", sl.Population, rc.Variable, p.ir.Model)
			}
			key := p.ir.Name + "." + rc.Variable
			tr := trc[key]
			if tr == nil {
				tr = &traceRec{p: p, get: get, tr: Trace{Population: p.ir.Name, Variable: rc.Variable, Every: max(rc.Every, 1)}}
				trc[key] = tr
				neurons[tr] = map[int]bool{}
				r.traces = append(r.traces, tr)
			}
			// One file per population and variable: several record
			// statements merge, sampled at the finest interval asked.
			tr.tr.Every = min(tr.tr.Every, max(rc.Every, 1))
			for k := sl.Lo; k < sl.Hi; k++ {
				neurons[tr][k] = true
			}
		}
	}
	for _, tr := range r.traces {
		for k := range neurons[tr] {
			tr.tr.Neurons = append(tr.tr.Neurons, k)
		}
		sort.Ints(tr.tr.Neurons)
		tr.maxSamples = (s.steps + tr.tr.Every - 1) / tr.tr.Every
		for col, k := range tr.tr.Neurons {
			for _, c := range tr.p.chunks {
				if k >= c.lo && k < c.hi {
					c.samples = append(c.samples, traceCell{tr: tr, col: col, k: k})
				}
			}
		}
	}
	return r, nil
}

// allocate makes room for every sample of the run, so that threads can
// write their own cells of a row without coordinating. It runs when the
// run starts: a caller can check RecordingBytes first.
func (r *recorder) allocate(s *Sim) {
	for _, tr := range r.traces {
		if tr.tr.Data == nil {
			tr.tr.Data = make([]float64, tr.maxSamples*len(tr.tr.Neurons))
		}
	}
	for _, wr := range r.weights {
		if wr.wt.Data == nil {
			rows := (s.steps + wr.wt.Every - 1) / wr.wt.Every
			wr.wt.Data = make([]float64, int64(rows)*wr.pr.synapses)
		}
	}
}

func (s *Sim) projByName(name string) *proj {
	for _, p := range s.projs {
		if p.ir.Name == name {
			return p
		}
	}
	return nil
}

func (r *recorder) recordSpikes(n int) {
	for _, sr := range r.spikes {
		for _, c := range sr.p.chunks {
			for _, k := range c.spikesAt(n) {
				if sr.mask[k] {
					sr.train.Neurons = append(sr.train.Neurons, k)
					sr.train.Steps = append(sr.train.Steps, int32(n))
				}
			}
		}
	}
}

// sampleChunk records the state of chunk c's recorded neurons at the start
// of step n.
func (r *recorder) sampleChunk(c *chunk, n int) {
	for _, cell := range c.samples {
		tr := cell.tr
		if n%tr.tr.Every != 0 {
			continue
		}
		row := n / tr.tr.Every
		if row >= tr.maxSamples {
			continue
		}
		tr.tr.Data[row*len(tr.tr.Neurons)+cell.col] = tr.get(cell.k)
	}
}

// sampleWeights records the plastic weights of partition t at the start of
// step n (thread t changes them during its deliveries only).
func (r *recorder) sampleWeights(t, n int) {
	for _, wr := range r.weights {
		if n%wr.wt.Every != 0 {
			continue
		}
		row := wr.wt.Data[int64(n/wr.wt.Every)*wr.pr.synapses:]
		pp := wr.pr.parts[t]
		for k, c := range pp.canon {
			row[c] = pp.pw[k]
		}
	}
}

// samplesDone is how many rows of a trace sampled every `every` steps a run
// of `steps` steps has filled.
func samplesDone(steps, every int) int { return (steps + every - 1) / every }

func (r *recorder) result(s *Sim) *Result {
	res := &Result{Steps: s.step, Complete: s.step == s.steps, PopSpikes: s.popSpikes(), Saturations: s.saturations()}
	for t := range s.parts {
		res.SynapticEvents += s.parts[t].events
	}
	for _, sr := range r.spikes {
		tr := sr.train
		res.Spikes = append(res.Spikes, &tr)
	}
	for _, tr := range r.traces {
		// Rows are sampled at the start of each step, so the completed
		// steps fill exactly the rows of times before s.step; an
		// interrupted run keeps those.
		t := tr.tr
		t.Samples = samplesDone(s.step, t.Every)
		t.Data = t.Data[:t.Samples*len(t.Neurons)]
		res.Traces = append(res.Traces, &t)
	}
	for _, wr := range r.weights {
		w := wr.wt
		w.Samples = samplesDone(s.step, w.Every)
		w.Data = w.Data[:int64(w.Samples)*wr.pr.synapses]
		res.Weights = append(res.Weights, &w)
	}
	return res
}

// RecordingBytes estimates the memory the recordings will take, assuming
// every recorded neuron fires at rateHz.
func (s *Sim) RecordingBytes(rateHz float64) int64 {
	var b int64
	dur := float64(s.steps) * s.net.DT * 1e-3
	for _, sr := range s.rec.spikes {
		n := 0
		for _, m := range sr.mask {
			if m {
				n++
			}
		}
		b += int64(float64(n) * rateHz * dur * 8)
	}
	for _, tr := range s.rec.traces {
		b += int64(tr.maxSamples) * int64(len(tr.tr.Neurons)) * 8
	}
	for _, wr := range s.rec.weights {
		b += int64((s.steps+wr.wt.Every-1)/wr.wt.Every) * wr.pr.synapses * 8
	}
	return b
}
