package cpu

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/snn-sim/snn/ir"
)

// Options configure a simulation.
type Options struct {
	Numerics Numerics // "" means exact
	// Threads is the number of threads; <= 0 means GOMAXPROCS. Results are
	// bit-identical for any value.
	Threads int
	// Progress, when set, is called from the simulating goroutine about
	// every 1% of the run with the number of steps done.
	Progress func(done, total int)
}

// Sim is a network ready to run on the CPU.
type Sim struct {
	net     *ir.Network
	opt     Options
	threads int
	steps   int
	pops    []*pop
	byName  map[string]*pop
	nn      int // neurons that take input (sources excluded): the ring's width
	slots   int // ring buffer slots: the largest delay + 1
	ring    [2][]float64
	projs   []*proj
	parts   []partition
	work    [][]*chunk // per thread: its neuron-update chunks
	rec     *recorder
	anySTDP bool

	step     int // steps done
	events   int64
	stopErr  error
	bytesSyn int64
}

// pop is one population at run time.
type pop struct {
	ir      *ir.Population
	off     int // first global input index; -1 for sources
	n       int
	kern    Kernel
	zeroes  bool // kern zeroes the inputs it reads (inputConsumer)
	src     source
	ext     []float64 // injected current per neuron, nil without current sources
	curs    []*currentSource
	satMax  [2]float64 // per-step input limit (Quantizer), 0 = none
	quantum [2]float64
	chunks  []*chunk // in neuron order
	spikes  int64
}

// chunk is a range of one population updated by one thread in one step,
// with the spikes it made.
type chunk struct {
	p      *pop
	lo, hi int
	// The spikes and the first broken neuron (-1 if none) of the last two
	// steps, by step parity: while one thread reads step n's spikes, the
	// owner may already write step n+1's.
	buf [2][]int32
	bad [2]int
	sat int64
	// samples: the recorded state variables of this chunk's neurons
	samples []traceCell
}

// spikesAt returns the spikes of step n (n or n-1 the current step).
func (c *chunk) spikesAt(n int) []int32 { return c.buf[n&1] }

// partition is a range of global input indices whose synaptic input one
// thread delivers: each target neuron's ring buffer is written by exactly
// one thread, in an order that does not depend on the number of threads.
type partition struct {
	lo, hi    int
	events    int64
	postSpk   []int32   // STDP: global indices of this step's spiking neurons in [lo, hi)
	hist      [][]int32 // STDP: postSpk of the last slots steps, by step % slots
	saturated int64
}

// New builds the simulator for network n: draws parameters, expands every
// projection, lays out ring buffers.
func New(n *ir.Network, opt Options) (*Sim, error) {
	if opt.Numerics == "" {
		opt.Numerics = NumericsExact
	}
	if _, ok := kernels[opt.Numerics]; !ok {
		return nil, fmt.Errorf("unknown numerics %q (have %s)", opt.Numerics, numericsNames())
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	s := &Sim{net: n, opt: opt, threads: threads, steps: n.Steps(), byName: map[string]*pop{}}
	if err := s.buildPops(); err != nil {
		return nil, err
	}
	s.buildWork()
	if err := s.buildCurrents(); err != nil {
		return nil, err
	}
	if err := s.buildProjections(); err != nil {
		return nil, err
	}
	rec, err := newRecorder(s)
	if err != nil {
		return nil, err
	}
	s.rec = rec
	return s, nil
}

func (s *Sim) buildPops() error {
	for _, p := range s.net.Populations {
		q := &pop{ir: p, off: -1, n: p.Size}
		if p.IsSource() {
			src, err := newSource(s.net, p)
			if err != nil {
				return err
			}
			q.src = src
		} else {
			ps, err := NewParams(s.net, p)
			if err != nil {
				return &PosError{Pos: p.Pos, Msg: err.Error(), Err: err}
			}
			k, err := NewKernel(s.opt.Numerics, ps)
			if err != nil {
				return &PosError{Pos: p.Pos, Msg: err.Error(), Err: err}
			}
			q.kern = k
			_, q.zeroes = k.(inputConsumer)
			q.off = s.nn
			s.nn += p.Size
		}
		s.pops = append(s.pops, q)
		s.byName[p.Name] = q
	}
	return nil
}

// sourceCost is what updating a source neuron costs against a neuron with
// input (1): no state, no synaptic input, a draw per spike.
const sourceCost = 0.1

// buildWork splits all neurons, in population order, into one contiguous
// run per thread, balanced by cost, and gives each thread as its delivery
// partition exactly the neurons with input it updates. A thread's next
// step then depends only on its own deliveries, so one barrier per step
// suffices (see Run).
func (s *Sim) buildWork() {
	cost := func(p *pop) float64 {
		if p.src != nil {
			return sourceCost
		}
		return 1
	}
	total := 0.0
	for _, p := range s.pops {
		total += cost(p) * float64(p.n)
	}
	T := s.threads
	s.work = make([][]*chunk, T)
	s.parts = make([]partition, T)
	pos, t := 0.0, 0
	for _, p := range s.pops {
		w := cost(p)
		for lo := 0; lo < p.n; {
			// thread t's share ends at total*(t+1)/T
			for t < T-1 && pos >= total*float64(t+1)/float64(T)-1e-9 {
				t++
			}
			hi := p.n
			if t < T-1 {
				left := total*float64(t+1)/float64(T) - pos
				hi = min(p.n, lo+max(1, int(math.Ceil(left/w-1e-9))))
			}
			c := &chunk{p: p, lo: lo, hi: hi, bad: [2]int{-1, -1}}
			p.chunks = append(p.chunks, c)
			s.work[t] = append(s.work[t], c)
			pos += w * float64(hi-lo)
			lo = hi
		}
	}
	// partitions: the input indices of each thread's neurons (contiguous,
	// as global input indices follow population order)
	next := 0
	for t := range T {
		s.parts[t].lo = next
		for _, c := range s.work[t] {
			if c.p.kern != nil {
				next = c.p.off + c.hi
			}
		}
		s.parts[t].hi = next
	}
}

func (s *Sim) buildCurrents() error {
	for _, c := range s.net.Currents {
		first := 0
		for _, sl := range c.Target {
			p := s.byName[sl.Population]
			if p == nil || p.kern == nil {
				return posErrorf(c.Pos, "current %s targets %s, which is not a neuron population", c.Name, sl.Population)
			}
			cs := newCurrentSource(s.net, c, sl.Lo, sl.Hi, first)
			first += sl.Hi - sl.Lo
			p.curs = append(p.curs, cs)
			if p.ext == nil {
				p.ext = make([]float64, p.n)
			}
		}
	}
	return nil
}

// SetProgress sets the progress callback (see Options.Progress).
func (s *Sim) SetProgress(f func(done, total int)) { s.opt.Progress = f }

// Steps is the number of steps of the run.
func (s *Sim) Steps() int { return s.steps }

// SynapseBytes is the memory the synapses take.
func (s *Sim) SynapseBytes() int64 { return s.bytesSyn }

// Synapses is the number of synapses.
func (s *Sim) Synapses() int64 {
	var n int64
	for _, p := range s.projs {
		n += p.synapses
	}
	return n
}

// Threads is the number of threads the run uses.
func (s *Sim) Threads() int { return s.threads }

// barrier is a reusable barrier for the threads of a run. A step is a few
// microseconds, too short to park threads between phases, so a waiter first
// spins; if the others have not arrived after barrierSpin checks (a thread
// descheduled by the operating system, more threads than cores) it sleeps
// on a condition variable, so that the threads it waits for can have the
// core.
type barrier struct {
	n        int32
	count    atomic.Int32
	gen      atomic.Uint32
	sleepers atomic.Int32
	mu       sync.Mutex
	cond     sync.Cond
}

// barrierSpin is about 50-100 microseconds of checking: waits of a step's
// length stay in the spin, a descheduled thread is waited for asleep.
const barrierSpin = 1 << 16

func newBarrier(n int) *barrier {
	b := &barrier{n: int32(n)}
	b.cond.L = &b.mu
	return b
}

func (b *barrier) wait() {
	g := b.gen.Load()
	if b.count.Add(1) == b.n {
		b.count.Store(0)
		b.gen.Add(1)
		// A sleeper registers before it looks at gen, and the releaser
		// looks at sleepers after moving gen: one of the two always sees
		// the other (atomics are sequentially consistent in Go).
		if b.sleepers.Load() > 0 {
			b.mu.Lock()
			b.cond.Broadcast()
			b.mu.Unlock()
		}
		return
	}
	for range barrierSpin {
		if b.gen.Load() != g {
			return
		}
	}
	b.mu.Lock()
	b.sleepers.Add(1)
	for b.gen.Load() == g {
		b.cond.Wait()
	}
	b.sleepers.Add(-1)
	b.mu.Unlock()
}

// inputConsumer marks kernels whose Step zeroes the inputs it reads (saving
// the simulator a pass over them).
type inputConsumer interface{ consumesInput() }

// StateError reports a neuron whose state became NaN or infinite.
type StateError struct {
	Population string
	Neuron     int
	TimeMS     float64
	Step       int
}

func (e *StateError) Error() string {
	return fmt.Sprintf("population %s, neuron %d: the state became NaN or infinite in the step at t = %g ms (step %d); the model's parameters make it unstable", e.Population, e.Neuron, e.TimeMS, e.Step)
}

// Run simulates until the end or until ctx is cancelled; it returns the
// recorded result (complete or not) and an error for a run that had to
// stop (NaN/Inf state). Cancellation is not an error: Result.Complete is
// false.
func (s *Sim) Run(ctx context.Context) (*Result, error) {
	var stop atomic.Bool
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			stop.Store(true)
		case <-done:
		}
	}()
	s.rec.allocate(s)
	T := s.threads
	bar := newBarrier(T)
	// stopAt is the first step not to be delivered: thread 0 sets it to
	// n+1 after step n when the run must end; every thread reads it after
	// the barrier of each step, and only a value set before that barrier
	// can equal the step, so all threads stop at the same one.
	var stopAt atomic.Int64
	stopAt.Store(math.MaxInt64)
	every := max(s.steps/100, 1)
	// One barrier per step: after it every thread's spikes of step n are
	// known; delivery by thread t writes only the ring cells of t's own
	// neurons, so t may start step n+1 as soon as its own delivery is done,
	// while others still deliver step n (spikes are double-buffered by
	// parity). Thread 0 also counts and records step n, reading only
	// step n's spikes. State and weights are sampled by their owners at the
	// start of a step.
	body := func(t int) {
		for n := s.step; n < s.steps; n++ {
			s.phaseUpdate(t, n)
			bar.wait()
			if int64(n) >= stopAt.Load() {
				return
			}
			s.phaseDeliver(t, n)
			if t == 0 {
				s.afterStep(n)
				if s.stopErr != nil || stop.Load() {
					stopAt.Store(int64(n) + 1)
				}
				if s.opt.Progress != nil && (n+1)%every == 0 {
					s.opt.Progress(n+1, s.steps)
				}
			}
		}
	}
	if T == 1 {
		body(0)
	} else {
		var wg sync.WaitGroup
		for t := 1; t < T; t++ {
			wg.Add(1)
			go func() { defer wg.Done(); body(t) }()
		}
		body(0)
		wg.Wait()
	}
	res := s.rec.result(s)
	return res, s.stopErr
}

// phaseUpdate advances thread t's neurons by step n, after sampling what
// is recorded of them at the start of the step.
func (s *Sim) phaseUpdate(t, n int) {
	s.rec.sampleWeights(t, n)
	base := (n % s.slots) * s.nn
	for _, c := range s.work[t] {
		p := c.p
		sp := c.buf[n&1][:0]
		c.bad[n&1] = -1
		if p.src != nil {
			c.buf[n&1] = p.src.emit(n, c.lo, c.hi, sp)
			continue
		}
		s.rec.sampleChunk(c, n)
		in := [2][]float64{s.ring[0][base+p.off : base+p.off+p.n], s.ring[1][base+p.off : base+p.off+p.n]}
		for r := range 2 {
			if m := p.satMax[r]; m > 0 {
				x := in[r][c.lo:c.hi]
				for k, v := range x {
					if v > m {
						x[k] = m
						c.sat++
					}
				}
			}
		}
		var ext []float64
		if p.ext != nil {
			ext = p.ext
			clear(ext[c.lo:c.hi])
			for _, cs := range p.curs {
				cs.add(n, c.lo, c.hi, ext)
			}
		}
		sp, c.bad[n&1] = p.kern.Step(c.lo, c.hi, in, ext, sp)
		c.buf[n&1] = sp
		if !p.zeroes {
			clear(in[0][c.lo:c.hi])
			clear(in[1][c.lo:c.hi])
		}
	}
}

// afterStep runs on thread 0 after its own delivery of step n: counts,
// records and checks step n, reading only what step n wrote.
func (s *Sim) afterStep(n int) {
	for _, p := range s.pops {
		for _, c := range p.chunks {
			p.spikes += int64(len(c.spikesAt(n)))
			if b := c.bad[n&1]; b >= 0 && s.stopErr == nil {
				s.stopErr = &StateError{Population: p.ir.Name, Neuron: b, TimeMS: float64(n) * s.net.DT, Step: n}
			}
		}
	}
	s.rec.recordSpikes(n)
	s.step = n + 1
}

// Stats after (or during) a run.
func (s *Sim) popSpikes() map[string]int64 {
	m := map[string]int64{}
	for _, p := range s.pops {
		m[p.ir.Name] = p.spikes
	}
	return m
}

func (s *Sim) saturations() int64 {
	var n int64
	for _, p := range s.pops {
		for _, c := range p.chunks {
			n += c.sat
		}
	}
	return n
}
