package cpu

import "golang.org/x/sys/cpu"

// useVector: the shared-parameter lif_curr_exp update runs four neurons
// per AVX2 instruction (vec_amd64.s); the scalar loop stays for the rest
// of a range and for machines without AVX2. Both compute the same IEEE
// operations in the same order, so results do not depend on the path
// (TestCurrExpVectorMatchesScalar).
var useVector = cpu.X86.HasAVX2

// cexpStep4 advances len(v) neurons (a multiple of 4) of lif_curr_exp with
// shared constants k: inputs added and zeroed, synaptic currents decayed,
// v updated unless refractory (then left is decremented), and for each
// group of four neurons a bit mask in flags of those that reached v_thresh
// or went NaN/-Inf (the caller finishes them).
//
//go:noescape
func cexpStep4(v, ie, ii, inE, inI []float64, left []int32, flags []byte, k *cexpConsts)
