package cpu

import (
	"fmt"
	"math"

	"github.com/snn-sim/snn/ir"
)

// source is a population that only emits spikes.
type source interface {
	// emit appends the neurons of [lo, hi) that spike in step n.
	emit(n, lo, hi int, spikes []int32) []int32
}

func newSource(n *ir.Network, p *ir.Population) (source, error) {
	switch p.Model {
	case "poisson":
		return newPoisson(n, p)
	case "spike_array":
		return newSpikeArray(p, n.DT), nil
	case "events":
		if p.Data != nil {
			return nil, posErrorf(p.Pos, "population %s: snn run does not read datasets yet (its data = %s(...) is used by snn train); remove the data field to run the network without input", p.Name, p.Data.Source)
		}
		return newSpikeArray(p, n.DT), nil
	}
	return nil, fmt.Errorf("population %s: unknown source model %q", p.Name, p.Model)
}

// poisson emits each neuron's spikes as a Bernoulli process with p = 1 -
// exp(-rate dt) per step inside [start, stop). Rather than one draw per
// neuron and step it draws the number of silent steps before the next spike,
// which is geometric: floor(E / (rate dt)) for E ~ Exp(1) has exactly
// P(K >= k) = (1 - p)^k. Each neuron has its own random stream, so its train
// does not depend on threads or on other neurons.
type poisson struct {
	next    []int64 // step of the neuron's next spike (math.MaxInt64: none)
	scale   []float64
	stop    []int64 // first step at which the neuron is silent
	streams []ir.Stream
}

func newPoisson(n *ir.Network, p *ir.Population) (*poisson, error) {
	rate, err := n.PopulationValues(p, "rate")
	if err != nil {
		return nil, err
	}
	start, err := n.PopulationValues(p, "start")
	if err != nil {
		return nil, err
	}
	stop, err := n.PopulationValues(p, "stop")
	if err != nil {
		return nil, err
	}
	s := &poisson{next: make([]int64, p.Size), scale: make([]float64, p.Size), stop: make([]int64, p.Size),
		streams: make([]ir.Stream, p.Size)}
	key := ir.Key(n.Seed, "run", "poisson", p.Name)
	for k := range p.Size {
		if rate[k] < 0 {
			return nil, fmt.Errorf("population %s: rate of neuron %d is negative (%g Hz)", p.Name, k, rate[k])
		}
		s.streams[k].Reset(key, uint64(k))
		s.stop[k] = stepCeil(stop[k], n.DT)
		s.next[k] = math.MaxInt64
		if rate[k] > 0 {
			s.scale[k] = 1 / (rate[k] * 1e-3 * n.DT) // rate in Hz, dt in ms
			s.next[k] = s.gap(k, stepCeil(start[k], n.DT))
		}
	}
	return s, nil
}

// stepCeil is the first step whose start time is at or after t.
func stepCeil(t, dt float64) int64 { return int64(math.Ceil(t/dt - 1e-9)) }

// gap returns the step of the next spike at or after step from.
func (s *poisson) gap(k int, from int64) int64 {
	g := s.streams[k].ExpFloat64() * s.scale[k]
	if g >= float64(s.stop[k]-from) {
		return math.MaxInt64
	}
	return from + int64(g)
}

func (s *poisson) emit(n, lo, hi int, spikes []int32) []int32 {
	step := int64(n)
	for k := lo; k < hi; k++ {
		if s.next[k] == step {
			spikes = append(spikes, int32(k))
			s.next[k] = s.gap(k, step+1)
		}
	}
	return spikes
}

// spikeArray emits given times, each rounded to the nearest step; a neuron
// spikes at most once per step.
type spikeArray struct {
	steps [][]int64
	pos   []int
}

func newSpikeArray(p *ir.Population, dt float64) *spikeArray {
	s := &spikeArray{steps: make([][]int64, p.Size), pos: make([]int, p.Size)}
	for k := range p.Size {
		if k >= len(p.SpikeTimes) {
			continue
		}
		var st []int64
		for _, t := range p.SpikeTimes[k] {
			n := int64(math.Round(t / dt))
			if len(st) == 0 || st[len(st)-1] != n {
				st = append(st, n)
			}
		}
		s.steps[k] = st
	}
	return s
}

func (s *spikeArray) emit(n, lo, hi int, spikes []int32) []int32 {
	step := int64(n)
	for k := lo; k < hi; k++ {
		st := s.steps[k]
		for s.pos[k] < len(st) && st[s.pos[k]] < step {
			s.pos[k]++
		}
		if s.pos[k] < len(st) && st[s.pos[k]] == step {
			spikes = append(spikes, int32(k))
			s.pos[k]++
		}
	}
	return spikes
}

// currentSource is one current statement's effect on one population's
// neurons [lo, hi).
type currentSource struct {
	c       *ir.Current
	lo, hi  int
	dt      float64
	first   int // selection index of neuron lo (noisy streams are per selection index)
	streams []ir.Stream
	noise   []float64 // noisy: current value per neuron
	// noisy: per neuron, the resampling interval its noise value belongs
	// to (per neuron, so each thread draws for its own neurons only)
	interval []int64
	key      uint64
}

func newCurrentSource(n *ir.Network, c *ir.Current, lo, hi, first int) *currentSource {
	cs := &currentSource{c: c, lo: lo, hi: hi, dt: n.DT, first: first}
	if c.Kind == "noisy" {
		cs.key = ir.Key(n.Seed, "run", "current", c.Name)
		cs.streams = make([]ir.Stream, hi-lo)
		cs.noise = make([]float64, hi-lo)
		cs.interval = make([]int64, hi-lo)
		for k := range cs.interval {
			cs.interval[k] = -1
		}
		for k := range cs.streams {
			cs.streams[k].Reset(cs.key, uint64(first+k))
		}
	}
	return cs
}

// add adds the current of step n (its value at the step's start, held over
// the step) to ext for the neurons of [lo, hi) it covers.
func (cs *currentSource) add(n, lo, hi int, ext []float64) {
	lo, hi = max(lo, cs.lo), min(hi, cs.hi)
	if lo >= hi {
		return
	}
	c := cs.c
	t := float64(n) * cs.dt
	// Half a step of tolerance makes start/stop given in ms agree with
	// the step grid whatever the float rounding of n*dt.
	eps := cs.dt * 1e-6
	active := t >= c.Start-eps && t < c.Stop-eps
	switch c.Kind {
	case "dc":
		if active {
			for k := lo; k < hi; k++ {
				ext[k] += c.Amplitude
			}
		}
	case "ac":
		if active {
			x := c.Offset + c.Amplitude*math.Sin(2*math.Pi*c.Frequency*1e-3*t+c.Phase*math.Pi/180)
			for k := lo; k < hi; k++ {
				ext[k] += x
			}
		}
	case "step":
		x, on := 0.0, false
		for j, tj := range c.Times {
			if t >= tj-eps {
				x, on = c.Amplitudes[j], true
			}
		}
		if on {
			for k := lo; k < hi; k++ {
				ext[k] += x
			}
		}
	case "noisy":
		if !active {
			return
		}
		iv := int64(math.Floor((t-c.Start)/c.DT + 1e-9))
		for k := lo; k < hi; k++ {
			// each neuron's stream is advanced only here, by the thread
			// that owns the neuron
			if cs.interval[k-cs.lo] != iv {
				cs.noise[k-cs.lo] = c.Mean + c.SD*cs.streams[k-cs.lo].NormFloat64()
				cs.interval[k-cs.lo] = iv
			}
			ext[k] += cs.noise[k-cs.lo]
		}
	}
}
