package ir

import "math"

// ParamKind says what form a parameter's value takes.
type ParamKind int

const (
	PNumber ParamKind = iota // a quantity of Dim (per element: const, array, distribution or expression)
	PInt                     // a whole dimensionless number
	PWords                   // one of Words, given as a string
	PShape                   // rows x cols
	PDist                    // a distribution of Dim (a device statistic)
	PRange                   // [lo, hi] of Dim
)

// ParamSpec declares one parameter or state variable of a model or target.
type ParamSpec struct {
	Name    string
	Kind    ParamKind
	Dim     Dim
	Default Value // canonical units; see Required and FromNetworkDT
	// Bare: a bare number is accepted and read in canonical units
	// (izhikevich's a, b in 1/ms and d in mV/ms, written bare by convention).
	// BareScale converts such a bare number to canonical units.
	Bare      bool
	BareScale float64
	Words     []string // PWords: the allowed words, the first is the default
	Required  bool     // no default: the user must give it
	// DefaultFromNetwork: the default is a network setting ("duration" or "dt").
	DefaultFromNetwork string
	PerElement         bool // may differ per neuron (arrays, distributions, expressions of i)
	Doc                string
}

// ModelSpec describes a built-in neuron or source model.
type ModelSpec struct {
	Name      string
	Source    bool // emits spikes only: no state, takes no input
	Params    []ParamSpec
	State     []ParamSpec
	WeightDim Dim // dimension of weights of projections onto this model
	Doc       string
}

// Param returns the spec of a parameter or state variable, and whether it is state.
func (m *ModelSpec) Param(name string) (spec *ParamSpec, state bool) {
	for k := range m.Params {
		if m.Params[k].Name == name {
			return &m.Params[k], false
		}
	}
	for k := range m.State {
		if m.State[k].Name == name {
			return &m.State[k], true
		}
	}
	return nil, false
}

// StateNames lists the recordable state variables.
func (m *ModelSpec) StateNames() []string {
	var s []string
	for _, p := range m.State {
		s = append(s, p.Name)
	}
	return s
}

func num(name string, d Dim, def float64, doc string) ParamSpec {
	return ParamSpec{Name: name, Kind: PNumber, Dim: d, Default: Const(def), PerElement: true, Doc: doc}
}

func bare(name string, d Dim, def float64, doc string) ParamSpec {
	p := num(name, d, def, doc)
	p.Bare = true
	p.BareScale = 1
	return p
}

// lifCommon are the parameters every LIF model shares (PyNN's defaults).
func lifCommon(tauSyn float64, syn bool) []ParamSpec {
	p := []ParamSpec{
		num("cm", DimCapacitance, 1, "membrane capacitance"),
		num("tau_m", DimTime, 20, "membrane time constant"),
		num("v_rest", DimVoltage, -65, "resting potential"),
		num("v_reset", DimVoltage, -65, "reset potential after a spike"),
		num("v_thresh", DimVoltage, -50, "spike threshold"),
		num("tau_refrac", DimTime, 0.1, "refractory period"),
	}
	if syn {
		p = append(p,
			num("tau_syn_e", DimTime, tauSyn, "excitatory synaptic time constant"),
			num("tau_syn_i", DimTime, tauSyn, "inhibitory synaptic time constant"))
	}
	return append(p, num("i_offset", DimCurrent, 0, "constant injected current"))
}

// Models is the catalogue of built-in neuron and source models
// (language.md section 4). Defaults are PyNN's, in canonical units.
var Models = map[string]*ModelSpec{}

func addModel(m *ModelSpec) { Models[m.Name] = m }

func init() {
	vInit := func(v float64) ParamSpec { return num("v", DimVoltage, v, "membrane potential") }
	isyn := []ParamSpec{num("i_syn_e", DimCurrent, 0, "excitatory synaptic current"), num("i_syn_i", DimCurrent, 0, "inhibitory synaptic current")}
	gsyn := []ParamSpec{num("g_e", DimConductance, 0, "excitatory conductance"), num("g_i", DimConductance, 0, "inhibitory conductance")}

	addModel(&ModelSpec{Name: "lif_curr_exp", Params: lifCommon(5, true),
		State: append([]ParamSpec{vInit(-65)}, isyn...), WeightDim: DimCurrent,
		Doc: "leaky integrate-and-fire, exponentially decaying current synapses (PyNN IF_curr_exp)"})
	addModel(&ModelSpec{Name: "lif_curr_alpha", Params: lifCommon(0.5, true),
		State: append([]ParamSpec{vInit(-65)}, isyn...), WeightDim: DimCurrent,
		Doc: "leaky integrate-and-fire, alpha-shaped current synapses (PyNN IF_curr_alpha)"})
	addModel(&ModelSpec{Name: "lif_curr_delta", Params: lifCommon(0, false),
		State: []ParamSpec{vInit(-65)}, WeightDim: DimVoltage,
		Doc: "leaky integrate-and-fire, synaptic input makes an instant voltage jump"})
	cond := append(lifCommon(5, true),
		num("e_rev_e", DimVoltage, 0, "excitatory reversal potential"),
		num("e_rev_i", DimVoltage, -70, "inhibitory reversal potential"))
	addModel(&ModelSpec{Name: "lif_cond_exp", Params: cond,
		State: append([]ParamSpec{vInit(-65)}, gsyn...), WeightDim: DimConductance,
		Doc: "leaky integrate-and-fire, exponentially decaying conductances (PyNN IF_cond_exp)"})

	// Izhikevich (2003): a, b in 1/ms and d in mV/ms by convention written bare.
	izA := bare("a", DimFrequency, 20, "recovery time scale (0.02/ms)")
	izA.BareScale = 1000 // a bare 0.02 means 0.02/ms = 20 Hz
	izB := bare("b", DimFrequency, 200, "recovery sensitivity (0.2/ms)")
	izB.BareScale = 1000
	addModel(&ModelSpec{Name: "izhikevich", Params: []ParamSpec{
		izA, izB,
		num("c", DimVoltage, -65, "reset potential"),
		bare("d", DimVoltagePerTime, 2, "recovery increment at a spike (mV/ms)"),
		num("i_offset", DimCurrent, 0, "constant injected current"),
		num("tau_syn_e", DimTime, 5, "excitatory synaptic time constant"),
		num("tau_syn_i", DimTime, 5, "inhibitory synaptic time constant"),
		num("cm", DimCapacitance, 1, "scales input current to dv/dt"),
	}, State: append([]ParamSpec{vInit(-70), num("u", DimVoltagePerTime, -14, "recovery variable")}, isyn...),
		WeightDim: DimCurrent, Doc: "Izhikevich (2003) neuron with exponential current synapses"})

	addModel(&ModelSpec{Name: "adex", Params: []ParamSpec{
		num("cm", DimCapacitance, 0.281, "membrane capacitance"),
		num("tau_m", DimTime, 9.3667, "membrane time constant"),
		num("v_rest", DimVoltage, -70.6, "resting potential"),
		num("v_reset", DimVoltage, -70.6, "reset potential"),
		num("v_thresh", DimVoltage, -50.4, "exponential threshold"),
		num("v_spike", DimVoltage, -40, "spike detection threshold"),
		num("delta_t", DimVoltage, 2, "slope factor"),
		num("a", DimConductance, 0.004, "subthreshold adaptation"),
		num("b", DimCurrent, 0.0805, "spike-triggered adaptation"),
		num("tau_w", DimTime, 144, "adaptation time constant"),
		num("tau_refrac", DimTime, 0.1, "refractory period"),
		num("e_rev_e", DimVoltage, 0, "excitatory reversal potential"),
		num("e_rev_i", DimVoltage, -80, "inhibitory reversal potential"),
		num("tau_syn_e", DimTime, 5, "excitatory synaptic time constant"),
		num("tau_syn_i", DimTime, 5, "inhibitory synaptic time constant"),
		num("i_offset", DimCurrent, 0, "constant injected current"),
	}, State: append([]ParamSpec{vInit(-70.6), num("w", DimCurrent, 0, "adaptation current")}, gsyn...),
		WeightDim: DimConductance, Doc: "adaptive exponential integrate-and-fire (PyNN EIF_cond_exp_isfa_ista)"})

	addModel(&ModelSpec{Name: "lif_discrete", Params: []ParamSpec{
		num("decay", DimDimensionless, 0.9, "membrane decay per step"),
		num("v_thresh", DimDimensionless, 1, "threshold"),
		num("v_reset", DimDimensionless, 0, "value held while refractory"),
		{Name: "reset", Kind: PWords, Words: []string{"zero", "subtract"}, Default: Value{Kind: KindString, S: "zero"}, Doc: "what a spike does to v"},
		{Name: "refrac_steps", Kind: PInt, Default: Const(0), PerElement: true, Doc: "refractory steps after a spike"},
		num("bias", DimDimensionless, 0, "added to v every step"),
	}, State: []ParamSpec{num("v", DimDimensionless, 0, "membrane state")},
		WeightDim: DimDimensionless, Doc: "discrete-time LIF of hardware and LSM work: v <- decay v + input + bias"})

	addModel(&ModelSpec{Name: "poisson", Source: true, Params: []ParamSpec{
		{Name: "rate", Kind: PNumber, Dim: DimFrequency, Required: true, PerElement: true, Doc: "firing rate"},
		num("start", DimTime, 0, "first time the source may fire"),
		{Name: "stop", Kind: PNumber, Dim: DimTime, DefaultFromNetwork: "duration", Doc: "time from which the source is silent"},
	}, Doc: "Poisson spike source, at most one spike per step with probability 1 - exp(-rate dt)"})
	addModel(&ModelSpec{Name: "spike_array", Source: true,
		Doc: "emits the given spike times (field times)"})
	addModel(&ModelSpec{Name: "events", Source: true,
		Doc: "emits the spikes of a dataset (field data, or a task's samples)"})
}

// TargetKinds is the catalogue of built-in hardware targets (language.md
// section 9): every parameter with its dimension and default. The defaults of
// hardware constants are documented with their sources in docs/targets.md.
var TargetKinds = map[string][]ParamSpec{
	"spinnaker": {
		// SpiNNaker-1 chip: Furber et al., Proc. IEEE 102(5) 2014; spinnaker_tools sark.h.
		{Name: "cores_per_chip", Kind: PInt, Default: Const(18), Doc: "ARM968 cores per chip, core 0 the monitor"},
		{Name: "neurons_per_core", Kind: PInt, Default: Const(256), Doc: "neurons per application core (sPyNNaker default)"},
		{Name: "sources_per_core", Kind: PInt, Default: Const(500), Doc: "Poisson sources per core (sPyNNaker default)"},
		{Name: "cpu_clock", Kind: PNumber, Dim: DimFrequency, Default: Const(200e6), Doc: "core clock"},
		{Name: "dtcm", Kind: PNumber, Dim: DimMemory, Default: Const(64 * 1024), Doc: "data tightly-coupled memory per core"},
		{Name: "itcm", Kind: PNumber, Dim: DimMemory, Default: Const(32 * 1024), Doc: "instruction memory per core"},
		{Name: "sdram_per_chip", Kind: PNumber, Dim: DimMemory, Default: Const(128 * 1024 * 1024), Doc: "shared SDRAM per chip"},
		{Name: "router_entries", Kind: PInt, Default: Const(1023), Doc: "multicast router entries available to applications"},
		{Name: "timestep", Kind: PNumber, Dim: DimTime, DefaultFromNetwork: "dt", Doc: "machine time step"},
		{Name: "time_scale_factor", Kind: PNumber, Dim: DimDimensionless, Default: Const(1), Doc: "slow-down of the machine against real time"},
	},
	"reram": {
		// Device statistics: Lin et al., Nat. Comput. Sci. 5:37 (2025) and the
		// same group's 40 nm 256 Kb macro measurements (shared/refs/reram-anchors.md).
		{Name: "array", Kind: PShape, Default: Value{Kind: KindShape, Xs: []float64{512, 512}}, Doc: "crossbar rows x columns"},
		{Name: "arrays", Kind: PInt, Default: Const(1), Doc: "number of crossbars"},
		{Name: "cell", Kind: PWords, Words: []string{"1T1R"}, Default: Value{Kind: KindString, S: "1T1R"}, Doc: "cell type"},
		{Name: "g_formed", Kind: PDist, Dim: DimConductance, Default: Value{Kind: KindDist, Dist: &Distribution{Name: "normal", Params: []float64{12.3, 1.8}}}, Doc: "conductance of a formed cell"},
		{Name: "g_range", Kind: PRange, Dim: DimConductance, Default: Value{Kind: KindArray, Xs: []float64{7.6, 18.8}}, Doc: "measured range of formed conductances"},
		{Name: "p_unformed", Kind: PNumber, Dim: DimDimensionless, Default: Const(0.5), Doc: "probability a cell stays unformed (zero weight)"},
		{Name: "read_noise", Kind: PNumber, Dim: DimDimensionless, Default: Const(0.02), Doc: "relative read noise per read"},
		{Name: "signed", Kind: PWords, Words: []string{"differential", "offset"}, Default: Value{Kind: KindString, S: "differential"}, Doc: "how signed weights are encoded"},
		{Name: "input_bits", Kind: PInt, Default: Const(4), Doc: "bit-serial input precision"},
		{Name: "adc_bits", Kind: PInt, Default: Const(8), Doc: "ADC resolution"},
		{Name: "read_voltage", Kind: PNumber, Dim: DimVoltage, Default: Const(200), Doc: "read voltage"},
	},
	"cpu": {},
}

// TargetParam finds a parameter spec of a target kind.
func TargetParam(kind, name string) *ParamSpec {
	specs := TargetKinds[kind]
	for k := range specs {
		if specs[k].Name == name {
			return &specs[k]
		}
	}
	return nil
}

// isFinite reports whether x is neither NaN nor infinite.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
