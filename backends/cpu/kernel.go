// Package cpu is the functional simulator: every built-in neuron model,
// source, current and synapse model of the language, advanced step by step
// with the semantics of language.md section 4, on one or more threads with
// results that do not depend on the thread count.
//
// Neuron models are Kernels: a population's state as a structure of arrays
// and one function that advances a range of neurons by one step. Kernels are
// written once per numerics (exact float64 reference, or a hardware's own
// arithmetic) and are reused by the cycle-accurate emulator, which imports
// this package.
package cpu

import (
	"errors"
	"fmt"
	"sort"

	"github.com/snn-sim/snn/ir"
)

// Receptors: index 0 is excitatory input, 1 inhibitory. Ring buffers hold
// weight magnitudes per receptor; the kernel gives them their sign.
const (
	Exc = 0
	Inh = 1
)

// Kernel is the state of one population's neurons and their update.
type Kernel interface {
	// Step advances neurons [lo, hi) across one time step (language.md
	// section 4): in[Exc][k] and in[Inh][k] are the summed weight magnitudes
	// (model weight unit) arriving at neuron k this step, ext[k] the injected
	// current in nA held over the step (ext is nil when no current source
	// targets the population). The indices of the neurons that spike are
	// appended to spikes in ascending order. bad is the first neuron whose
	// state became NaN or infinite, or -1.
	Step(lo, hi int, in [2][]float64, ext []float64, spikes []int32) (out []int32, bad int)
	// Var returns a reader of a recordable state variable in canonical
	// units, or false when the model has no such variable.
	Var(name string) (func(k int) float64, bool)
}

// Quantizer is implemented by kernels whose hardware stores weights and
// sums synaptic input with limited precision (SpiNNaker's 16-bit ring
// buffers). Before the run the simulator tells the kernel, per receptor, the
// largest weight of any synapse onto the population and the largest sum that
// could reach one neuron in one step; the kernel answers with the weight
// quantum (every weight is rounded to a multiple of it, ties to even) and the
// largest representable per-step sum (sums saturate there, and each
// saturation is counted). A zero quantum means "no quantisation".
type Quantizer interface {
	WeightQuantum(receptor int, maxWeight, maxSum float64) (quantum, maxInput float64)
}

// Params gives a kernel constructor the per-neuron values of a population's
// parameters and initial state, in canonical units.
type Params struct {
	Pop  *ir.Population
	DT   float64 // ms
	vals map[string][]float64
}

// NewParams draws every numeric parameter and state variable of p.
func NewParams(n *ir.Network, p *ir.Population) (*Params, error) {
	ps := &Params{Pop: p, DT: n.DT, vals: map[string][]float64{}}
	spec := p.Spec()
	if spec == nil {
		return nil, fmt.Errorf("population %s: unknown model %q", p.Name, p.Model)
	}
	names := make([]string, 0, len(p.Params)+len(p.State))
	for name := range p.Params {
		names = append(names, name)
	}
	for name := range p.State {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ps2, _ := spec.Param(name)
		if ps2 == nil || (ps2.Kind != ir.PNumber && ps2.Kind != ir.PInt) {
			continue
		}
		xs, err := n.PopulationValues(p, name)
		if err != nil {
			return nil, err
		}
		ps.vals[name] = xs
	}
	return ps, nil
}

// Get returns the per-neuron values of a parameter or state variable.
func (ps *Params) Get(name string) []float64 {
	xs, ok := ps.vals[name]
	if !ok {
		// Every model parameter is filled in by the front end; a missing one
		// is a bug in the catalogue, not the user's input.
		panic(fmt.Sprintf("cpu: population %s: no values for %q", ps.Pop.Name, name))
	}
	return xs
}

// Word returns a string parameter (lif_discrete's reset).
func (ps *Params) Word(name string) string { return ps.Pop.Params[name].S }

// Numerics names an arithmetic (language.md section 4).
type Numerics string

const (
	NumericsExact     Numerics = "exact"
	NumericsSpiNNaker Numerics = "spinnaker"
)

// KernelFactory builds a population's kernel.
type KernelFactory func(ps *Params) (Kernel, error)

// kernels maps numerics -> model -> constructor. Sources are not kernels.
var kernels = map[Numerics]map[string]KernelFactory{
	NumericsExact: {},
}

// RegisterKernel adds a constructor; files of this package call it from init.
func RegisterKernel(num Numerics, model string, f KernelFactory) {
	if kernels[num] == nil {
		kernels[num] = map[string]KernelFactory{}
	}
	kernels[num][model] = f
}

// NewKernel builds the kernel of population p for the given numerics.
func NewKernel(num Numerics, ps *Params) (Kernel, error) {
	byModel, ok := kernels[num]
	if !ok {
		return nil, fmt.Errorf("unknown numerics %q (have %s)", num, numericsNames())
	}
	f, ok := byModel[ps.Pop.Model]
	if !ok {
		return nil, fmt.Errorf("population %s: model %s has no %s numerics", ps.Pop.Name, ps.Pop.Model, num)
	}
	return f(ps)
}

// numericsNames lists the known numerics.
func numericsNames() string {
	var s []string
	for k := range kernels {
		s = append(s, string(k))
	}
	sort.Strings(s)
	return fmt.Sprint(s)
}

// ParseNumerics accepts a --numerics value ("fixed" is an alias of spinnaker).
func ParseNumerics(s string) (Numerics, error) {
	if s == "fixed" {
		s = string(NumericsSpiNNaker)
	}
	if _, ok := kernels[Numerics(s)]; !ok {
		return "", fmt.Errorf("unknown numerics %q (have %s)", s, numericsNames())
	}
	return Numerics(s), nil
}

// refracSteps converts refractory periods to whole steps (language.md
// section 4: round(tau_refrac / dt)).
func refracSteps(tau []float64, dt float64) []int32 {
	out := make([]int32, len(tau))
	for k, t := range tau {
		out[k] = int32(t/dt + 0.5)
	}
	return out
}

// finite reports whether x is neither NaN nor infinite, in one comparison
// pair (NaN fails both).
func finite(x float64) bool { return x > -1e308 && x < 1e308 }

// PosError is a problem the backend found with a statement of the network,
// at its position in the source (the CLI prints it like a front-end
// diagnostic, with the source line).
type PosError struct {
	Pos ir.Position
	Msg string
	Err error // the underlying error, if any
}

func (e *PosError) Error() string { return fmt.Sprintf("%s: %s", e.Pos, e.Msg) }
func (e *PosError) Unwrap() error { return e.Err }

func posErrorf(pos ir.Position, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &PosError{Pos: pos, Msg: err.Error(), Err: errors.Unwrap(err)}
}

// stateVars gives a kernel its Var method: the recordable state variables
// by name, each an array indexed by neuron (aliasing the kernel's state).
type stateVars map[string][]float64

func (s stateVars) Var(name string) (func(k int) float64, bool) {
	xs, ok := s[name]
	if !ok {
		return nil, false
	}
	return func(k int) float64 { return xs[k] }, true
}
