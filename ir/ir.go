// Package ir is the network as plain data: what a .snn file means, with every
// quantity in canonical units (ms, mV, nA, nF, uS, MOhm, Hz, B, pJ, mW), every
// model parameter present (defaults filled in), every name resolved. It is
// what the front end produces and what every backend consumes, serialisable as
// versioned JSON. It depends on no other package of the project.
//
// Random values (distributions, connectors, random layouts) are kept
// symbolic and drawn on demand through a counter-based generator keyed by
// (network seed, statement, element), so that the same network gives the same
// numbers whatever the backend, thread count or statement order.
package ir

import (
	"fmt"
	"math"
)

// Version is the IR schema version, written as "ir_version".
const Version = 1

// Position is a place in a source file: 1-based line, 1-based column in runes.
type Position struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// IsValid reports whether the position points somewhere.
func (p Position) IsValid() bool { return p.Line > 0 }

func (p Position) String() string {
	switch {
	case !p.IsValid() && p.File == "":
		return "-"
	case !p.IsValid():
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Network is a whole runnable network (or, with an empty Name, a library).
type Network struct {
	IRVersion   int           `json:"ir_version"`
	Name        string        `json:"name"` // "" for a library file (no network statement)
	Description string        `json:"description,omitempty"`
	DT          float64       `json:"dt_ms"`
	Duration    float64       `json:"duration_ms"`
	Seed        uint64        `json:"seed"`
	Populations []*Population `json:"populations"`
	Projections []*Projection `json:"projections"`
	Currents    []*Current    `json:"currents,omitempty"`
	Recordings  []*Recording  `json:"recordings,omitempty"`
	Targets     []*Target     `json:"targets,omitempty"`
	Tasks       []*Task       `json:"tasks,omitempty"`
	Pos         Position      `json:"pos"`
}

// Steps is the number of time steps in the network's duration.
func (n *Network) Steps() int { return int(n.Duration/n.DT + 0.5) }

// Population returns the population with the given name, or nil.
func (n *Network) Population(name string) *Population {
	for _, p := range n.Populations {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Projection returns the projection with the given name, or nil.
func (n *Network) Projection(name string) *Projection {
	for _, p := range n.Projections {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Target returns the target with the given name, or nil.
func (n *Network) Target(name string) *Target {
	for _, t := range n.Targets {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Population is a group of neurons (or spike sources) of one model.
type Population struct {
	Name  string `json:"name"`
	Type  string `json:"type,omitempty"` // the user's neuron type, when one was named
	Model string `json:"model"`          // built-in model (see Models)
	Size  int    `json:"size"`
	// Params holds every parameter of the model, defaults included, in
	// canonical units; State the initial value of every state variable.
	Params map[string]Value `json:"params"`
	State  map[string]Value `json:"state,omitempty"`
	// SpikeTimes (spike_array only): per neuron, sorted times in ms.
	SpikeTimes [][]float64 `json:"spike_times,omitempty"`
	// Data (events only): the dataset that feeds the population, if given.
	Data   *Dataset `json:"data,omitempty"`
	Layout *Layout  `json:"layout,omitempty"`
	Pos    Position `json:"pos"`
}

// Spec returns the population's model description.
func (p *Population) Spec() *ModelSpec { return Models[p.Model] }

// IsSource reports whether the population only emits spikes.
func (p *Population) IsSource() bool {
	m := p.Spec()
	return m != nil && m.Source
}

// ValueKind says how a Value is given.
type ValueKind string

const (
	KindConst  ValueKind = "const"  // one number for every element
	KindArray  ValueKind = "array"  // one number per element
	KindDist   ValueKind = "dist"   // drawn per element from a distribution
	KindExpr   ValueKind = "expr"   // an expression of i (and j, d in connections)
	KindString ValueKind = "string" // a word, e.g. lif_discrete's reset mode
	KindShape  ValueKind = "shape"  // rows x cols (Xs holds both)
)

// Value is a parameter value in canonical units of its field.
type Value struct {
	Kind ValueKind     `json:"kind"`
	X    float64       `json:"x,omitempty"`
	Xs   []float64     `json:"xs,omitempty"`
	Dist *Distribution `json:"dist,omitempty"`
	Expr *Expr         `json:"expr,omitempty"`
	S    string        `json:"s,omitempty"`
}

// Const makes a constant value.
func Const(x float64) Value { return Value{Kind: KindConst, X: x} }

// IsConst reports whether v is one number for all elements.
func (v Value) IsConst() bool { return v.Kind == KindConst }

func (v Value) String() string {
	switch v.Kind {
	case KindConst:
		return fmt.Sprint(v.X)
	case KindArray:
		return fmt.Sprintf("array[%d]", len(v.Xs))
	case KindDist:
		return v.Dist.String()
	case KindExpr:
		return v.Expr.String()
	case KindString:
		return fmt.Sprintf("%q", v.S)
	case KindShape:
		return fmt.Sprintf("%g x %g", v.Xs[0], v.Xs[1])
	}
	return "?"
}

// Distribution is a random distribution with its parameters in canonical
// units of the field it feeds.
//
//	uniform        lo, hi
//	normal         mean, sd
//	normal_clipped mean, sd, lo, hi (values outside [lo, hi] are redrawn)
//	lognormal      mu, sigma, scale (exp(N(mu, sigma)) * scale)
//	exponential    mean
//	gamma          k, theta
//	choice         Choices with probabilities P
type Distribution struct {
	Name    string    `json:"name"`
	Params  []float64 `json:"params,omitempty"`
	Choices []float64 `json:"choices,omitempty"`
	P       []float64 `json:"p,omitempty"`
}

func (d *Distribution) String() string {
	if d.Name == "choice" {
		return fmt.Sprintf("choice(%v, p = %v)", d.Choices, d.P)
	}
	return fmt.Sprintf("%s%v", d.Name, d.Params)
}

// Support returns the smallest and largest value the distribution can draw.
func (d *Distribution) Support() (lo, hi float64) {
	inf := math.Inf(1)
	switch d.Name {
	case "uniform":
		return d.Params[0], d.Params[1]
	case "normal":
		return -inf, inf
	case "normal_clipped":
		return d.Params[2], d.Params[3]
	case "lognormal", "exponential", "gamma":
		if d.Name == "lognormal" && d.Params[2] < 0 {
			return -inf, 0
		}
		return 0, inf
	case "choice":
		lo, hi = inf, -inf
		for k, c := range d.Choices {
			if k < len(d.P) && d.P[k] == 0 {
				continue
			}
			lo, hi = min(lo, c), max(hi, c)
		}
		return lo, hi
	}
	return -inf, inf
}

// Layout places a population's neurons in space, for distance-dependent
// connectivity. Distances are dimensionless grid units.
type Layout struct {
	Kind    string     `json:"kind"`              // "grid" or "random"
	Shape   [3]int     `json:"shape,omitempty"`   // grid: nx, ny, nz (nz = 1 for 2-D)
	Spacing float64    `json:"spacing,omitempty"` // grid
	Box     [3]float64 `json:"box,omitempty"`     // random: positions uniform in [0, box)
}

// Slice is the half-open neuron range [Lo, Hi) of one population.
type Slice struct {
	Population string `json:"population"`
	Lo         int    `json:"lo"`
	Hi         int    `json:"hi"`
}

// Selection is an ordered union of slices: a target of connect, current or
// record. Index k of the selection counts through the slices in order.
type Selection []Slice

// Size is the number of neurons selected.
func (s Selection) Size() int {
	n := 0
	for _, p := range s {
		n += p.Hi - p.Lo
	}
	return n
}

// Locate maps a selection index to (slice number, neuron index in its population).
func (s Selection) Locate(k int) (part, neuron int) {
	for i, p := range s {
		if k < p.Hi-p.Lo {
			return i, p.Lo + k
		}
		k -= p.Hi - p.Lo
	}
	return -1, -1
}

func (s Selection) String() string {
	str := ""
	for k, p := range s {
		if k > 0 {
			str += ", "
		}
		str += fmt.Sprintf("%s[%d:%d]", p.Population, p.Lo, p.Hi)
	}
	if len(s) > 1 {
		return "(" + str + ")"
	}
	return str
}

// Projection is one connect statement.
type Projection struct {
	Name      string    `json:"name"`
	Pre       Selection `json:"pre"`
	Post      Selection `json:"post"`
	Connector Connector `json:"connector"`
	// Weight in the post model's weight unit (nA, uS, mV or dimensionless),
	// always >= 0; the sign comes from Receptor.
	Weight Value `json:"weight"`
	// Delay in time steps, not yet rounded: each drawn delay is rounded to
	// the nearest integer number of steps at expansion (see DelaySteps).
	Delay    Value    `json:"delay_steps"`
	Receptor string   `json:"receptor"` // "exc" or "inh"
	Synapse  Synapse  `json:"synapse"`
	Pos      Position `json:"pos"`
}

// Connector says which (pre, post) pairs a projection connects. Indices are
// positions in the Pre and Post selections.
type Connector struct {
	Kind      string  `json:"kind"`
	P         float64 `json:"p,omitempty"`          // fixed_probability
	N         int64   `json:"n,omitempty"`          // fixed_number_pre/post, fixed_total
	AllowSelf bool    `json:"allow_self,omitempty"` // only matters when pre and post overlap
	Replace   bool    `json:"replace,omitempty"`
	// Condition, if set, is a boolean expression of i, j, d: only pairs for
	// which it holds are considered.
	Condition *Expr `json:"condition,omitempty"`
	// PExpr (distance): connection probability as an expression of d (and i, j).
	PExpr *Expr `json:"p_expr,omitempty"`
	// Pairs (from_list, from_file, from_npy): explicit (pre, post) pairs,
	// flattened; Source names the file they were read from.
	Pairs  []int32 `json:"pairs,omitempty"`
	Source string  `json:"source,omitempty"`
}

// Synapse is the synapse model of a projection, parameters in canonical units
// (STDP amplitudes and bounds in the projection's weight unit, or
// dimensionless for multiplicative amplitudes).
type Synapse struct {
	Name  string          `json:"name,omitempty"` // the user's synapse definition
	Model string          `json:"model"`          // "static", "stdp", "tsodyks_markram"
	STDP  *STDP           `json:"stdp,omitempty"`
	TM    *TsodyksMarkram `json:"tsodyks_markram,omitempty"`
}

// Plastic reports whether the synapse's weights change during a run.
func (s Synapse) Plastic() bool { return s.Model == "stdp" }

// STDP is a pair-based spike-timing-dependent rule (language.md section 6).
type STDP struct {
	Timing     string  `json:"timing"` // "spike_pair" or "nearest_pair"
	TauPlus    float64 `json:"tau_plus"`
	TauMinus   float64 `json:"tau_minus"`
	APlus      float64 `json:"a_plus"`
	AMinus     float64 `json:"a_minus"`
	WeightRule string  `json:"weight_rule"` // "additive" or "multiplicative"
	WMin       float64 `json:"w_min"`
	WMax       float64 `json:"w_max"`
}

// TsodyksMarkram is short-term depression/facilitation.
type TsodyksMarkram struct {
	U        float64 `json:"U"`
	TauRec   float64 `json:"tau_rec"`
	TauFacil float64 `json:"tau_facil"`
}

// Current is a current source injected into neurons.
type Current struct {
	Name   string    `json:"name"`
	Target Selection `json:"target"`
	Kind   string    `json:"kind"` // "dc", "step", "ac", "noisy"
	// dc: Amplitude, Start, Stop. ac: Amplitude, Frequency, Phase (degrees),
	// Offset, Start, Stop. noisy: Mean, SD, DT (resampling interval), Start, Stop.
	// step: Times and Amplitudes (the current jumps to Amplitudes[k] at Times[k]).
	Amplitude  float64   `json:"amplitude,omitempty"`
	Start      float64   `json:"start_ms,omitempty"`
	Stop       float64   `json:"stop_ms,omitempty"`
	Frequency  float64   `json:"frequency_hz,omitempty"`
	Phase      float64   `json:"phase_deg,omitempty"`
	Offset     float64   `json:"offset,omitempty"`
	Mean       float64   `json:"mean,omitempty"`
	SD         float64   `json:"sd,omitempty"`
	DT         float64   `json:"dt_ms,omitempty"`
	Times      []float64 `json:"times_ms,omitempty"`
	Amplitudes []float64 `json:"amplitudes,omitempty"`
	Pos        Position  `json:"pos"`
}

// Recording asks a backend to record a variable.
type Recording struct {
	// Target selects neurons for spikes and state variables; Projection names
	// the plastic projection for "weight".
	Target     Selection `json:"target,omitempty"`
	Projection string    `json:"projection,omitempty"`
	Variable   string    `json:"variable"`
	Every      int       `json:"every_steps"` // sampling interval in steps (>= 1)
	Pos        Position  `json:"pos"`
}

// Target is a hardware model with its parameters.
type Target struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // "spinnaker", "reram", "cpu"
	// Params holds every parameter of the kind, defaults filled in, in
	// canonical units.
	Params         map[string]Value `json:"params"`
	Machine        *Machine         `json:"machine,omitempty"`
	DeadChips      [][2]int         `json:"dead_chips,omitempty"`
	DeadCores      [][3]int         `json:"dead_cores,omitempty"`
	DeadLinks      [][3]int         `json:"dead_links,omitempty"`
	Place          []Placement      `json:"place,omitempty"`
	NeuronsPerCore map[string]int   `json:"neurons_per_core,omitempty"` // per population
	Pos            Position         `json:"pos"`
}

// Machine is the SpiNNaker machine of a target: "spin3", "spin5", or
// "boards" with W x H 48-chip boards.
type Machine struct {
	Kind string `json:"kind"`
	W    int    `json:"w,omitempty"`
	H    int    `json:"h,omitempty"`
}

// Placement pins a population to a chip.
type Placement struct {
	Population string `json:"population"`
	X          int    `json:"x"`
	Y          int    `json:"y"`
}

// Task makes the network a classifier (language.md section 8).
type Task struct {
	Name       string    `json:"name"`
	Kind       string    `json:"kind"` // "classify"
	Train      *Dataset  `json:"train"`
	Test       *Dataset  `json:"test"`
	Input      string    `json:"input"`
	Features   []Feature `json:"features"`
	Bins       int       `json:"bins"`
	Readout    Readout   `json:"readout"`
	TrainLimit int       `json:"train_limit,omitempty"` // 0 = all
	TestLimit  int       `json:"test_limit,omitempty"`
	Pos        Position  `json:"pos"`
}

// Feature is one population variable turned into readout features.
type Feature struct {
	Population string `json:"population"`
	Variable   string `json:"variable"` // "spikes"
}

// Readout is the digitally trained classifier of a task.
type Readout struct {
	Kind   string  `json:"kind"` // "ridge" or "logistic"
	Lambda float64 `json:"lambda,omitempty"`
	Epochs int     `json:"epochs,omitempty"`
	LR     float64 `json:"lr,omitempty"`
	Batch  int     `json:"batch,omitempty"`
	L2     float64 `json:"l2,omitempty"`
}

// Dataset is a source of labelled samples, turned into spikes by encoders.
type Dataset struct {
	Source   string    `json:"source"` // "idx_images", "nmnist", "csv_events"
	Path     string    `json:"path"`
	Split    string    `json:"split,omitempty"` // idx_images: "train" or "test"
	Encoders []Encoder `json:"encoders,omitempty"`
}

// Encoder turns a static sample into spikes; Params are canonical units
// (max_rate Hz, duration ms, ...).
type Encoder struct {
	Kind   string             `json:"kind"` // "poisson_rate", "latency", "saccade_dvs"
	Params map[string]float64 `json:"params"`
}
