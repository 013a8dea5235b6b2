// Package spinnaker maps a network onto a SpiNNaker-1 machine: the machine
// model (chips, cores, memories, routers, the triangular torus of links,
// faults), the resource model of a core's work, and the SpiNNaker passes
// of the mapping (partition, delay extensions, placement, keys, routing,
// tables, compression, verification), run as a compiler.Pass table.
//
// Every hardware constant of the package is in this file, with its source;
// docs/spinnaker.md gives the same constants and the formulas that use
// them. Constants that are parameters of the target (cores per chip, DTCM,
// ...) come from the ir.Target and are not repeated here.
package spinnaker

// Links and topology (SpiNNaker datasheet; cli-and-outputs.md numbering).
const (
	// NumLinks is the number of inter-chip links of a chip: E, NE, N, W,
	// SW, S, numbered 0..5.
	NumLinks = 6
	// monitorCore is the core that runs the monitor (SARK/SCAMP) on every
	// chip; applications get the others.
	monitorCore = 0
	// boardChips is the number of chips on a SpiNN-5 board.
	boardChips = 48
)

// linkDelta is the (dx, dy) a link leads to, indexed by link number
// (cli-and-outputs.md: E, NE, N, W, SW, S).
var linkDelta = [NumLinks][2]int{{1, 0}, {1, 1}, {0, 1}, {-1, 0}, {-1, -1}, {0, -1}}

// spin5Rows gives, per row y of a SpiNN-5 board, the first and last chip x:
// the 48 chips form a hexagon inside 8 x 8 (SpiNNMachine's
// version_5 board layout, the shape of the board's chip map in
// SpiNNaker's "SpiNN-5 board" documentation).
var spin5Rows = [8][2]int{{0, 4}, {0, 5}, {0, 6}, {0, 7}, {1, 7}, {2, 7}, {3, 7}, {4, 7}}

// Memory not available to applications.
const (
	// sdramSystemBytes is the part of a chip's 128 MB SDRAM kept by the
	// system software: SpiNNMachine gives 123,469,792 B usable by
	// applications out of 134,217,728 (shared/refs/spinnaker-anchors.md).
	sdramSystemBytes = 134217728 - 123469792
)

// Delays (sPyNNaker spynnaker/pyNN/utilities/constants.py:
// MAX_SUPPORTED_DELAY_TICS = 16, MAX_DELAY_BLOCKS = 8,
// MAX_TIMER_TICS_SUPPORTED_PER_BLOCK = 16).
const (
	// nativeDelaySlots is the ring buffer's delay range in ticks: delays
	// 1..16 are handled by the neuron core itself.
	nativeDelaySlots = 16
	// delayBits is log2(nativeDelaySlots), the delay field of a synapse word.
	delayBits = 4
	// maxDelayStages is the number of 16-tick stages a delay-extension
	// core adds.
	maxDelayStages = 8
	// MaxDelayTicks is the longest delay the machine supports: 16 native
	// plus 8 stages of 16.
	MaxDelayTicks = nativeDelaySlots * (1 + maxDelayStages)
)

// Synapses (sPyNNaker synapse_io.py _N_HEADER_WORDS = 3; the 8-bit
// neuron-index field of the synapse word; max_row_length 256 of
// sPyNNaker's synapse dynamics).
const (
	// rowHeaderWords is the header of every synaptic row: the plastic
	// region size, the fixed region size and the fixed-plastic size.
	rowHeaderWords = 3
	// MaxRowLength is the most synapses one row (pre neuron x post core)
	// may hold.
	MaxRowLength = 256
	// maxNeuronsPerCore is the neuron-index field of a synapse word: 8
	// bits, so at most 256 neurons on a core that receives synapses.
	maxNeuronsPerCore = 256
	// synapseTypeBits is the synapse-type field: excitatory and inhibitory.
	synapseTypeBits = 1
	// stdpRowHeaderWords is the pre-synaptic trace and time-stamp words
	// that a plastic (STDP pair rule) row carries in its plastic region
	// (sPyNNaker timing_pair_impl.h: a 32-bit time and a 16-bit trace,
	// padded to two words).
	stdpRowHeaderWords = 2
	// stdpPostEvents is the post-synaptic history kept per neuron for
	// STDP (sPyNNaker post_events.h MAX_POST_SYNAPTIC_EVENTS = 16), each
	// a 32-bit time and a 16-bit trace (6 bytes), plus a 4-byte count.
	stdpPostEvents          = 16
	stdpPostEventBytes      = 6
	stdpPostHistoryOverhead = 4
)

// Master population table (sPyNNaker master_pop_table.py: an entry is 3
// words, an address-list entry 1 word, plus 2 words of table header). The
// neuron core copies both into DTCM at start-up
// (population_table_binary_search_impl.c), so they count in SDRAM and DTCM.
const (
	masterPopEntryBytes   = 12
	addressListEntryBytes = 4
	masterPopBaseBytes    = 8
)

// Core-local buffers.
const (
	// ringBufferEntryBytes is one 16-bit ring-buffer accumulator
	// (sPyNNaker's input_t ring buffers).
	ringBufferEntryBytes = 2
	// inputSpikeBufferBytes: the incoming spike buffer, 256 spike keys of
	// 4 bytes. sPyNNaker makes its length a setting (spynnaker.cfg
	// [Simulation] incoming_spike_buffer_size; its tests use 512 and 1024);
	// 256 is our choice, not a value read from the toolchain.
	inputSpikeBufferBytes = 256 * 4
	// dmaBuffers: the synapse processing double-buffers row DMAs
	// (sPyNNaker spike_processing.c N_DMA_BUFFERS = 2).
	dmaBuffers = 2
	// wordBytes is the ARM968's word.
	wordBytes = 4
)

// Fixed costs per core. These are estimates, not read from the toolchain:
// the runtime's stack, heap bookkeeping and globals (DTCM), and the
// system, provenance and recording headers of a core's SDRAM regions.
// They are kept small and documented as estimates in docs/spinnaker.md.
const (
	dtcmFixedBytes  = 8 * 1024 // stack 4 KB + SARK/spin1_api globals, estimate
	sdramFixedBytes = 8 * 1024 // region table, system, provenance, profiler headers, estimate
	// recordingHeaderBytes per recorded variable: a time stamp per sample
	// (sPyNNaker's recording writes the time with each sample).
	recordingTimeBytes = 4
	// poissonSourceWords: rate, start, stop, and the generator's
	// exp(-rate dt), time-to-spike and random state per source
	// (sPyNNaker spike_source_poisson.c source_info), estimate 8 words.
	poissonSourceWords = 8
	// delayCounterBytes: a delay core counts spikes per neuron in each of
	// 16 slots, one byte each (sPyNNaker delay_extension.c spike_counters).
	delayCounterBytes = nativeDelaySlots
)

// itcmBytes estimates the code size of each executable (the .aplx of
// sPyNNaker's builds are 15-28 KB; these are our estimates, not
// measurements): the neuron model's, plus stdpCodeBytes when a core
// receives plastic synapses. An ITCM overflow means the model cannot run.
var itcmBytes = map[string]int{
	"lif_curr_exp":   16 * 1024,
	"lif_curr_alpha": 17 * 1024,
	"lif_curr_delta": 15 * 1024,
	"lif_cond_exp":   18 * 1024,
	"izhikevich":     17 * 1024,
	"adex":           20 * 1024,
	"lif_discrete":   14 * 1024,
	"poisson":        10 * 1024,
	"spike_array":    9 * 1024,
	"events":         9 * 1024,
	"delay":          8 * 1024,
}

// stdpCodeBytes is the extra code of the STDP synapse dynamics, and
// tmCodeBytes of Tsodyks-Markram short-term plasticity (estimates).
const (
	stdpCodeBytes = 8 * 1024
	tmCodeBytes   = 3 * 1024
)

// eventBufferBytes is the SDRAM an "events" source keeps for the spikes
// the host streams to it (an estimate in the spirit of sPyNNaker's
// reverse-IP-tag spike sources, which buffer 1 MB).
const eventBufferBytes = 1 << 20
