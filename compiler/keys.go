package compiler

import (
	"fmt"
	"math/bits"
	"slices"
)

// Bits returns the number of bits that number n things: ceil(log2 n), 0 for n <= 1.
func Bits(n int) int {
	if n <= 1 {
		return 0
	}
	return bits.Len(uint(n - 1))
}

// KeyGroup is one application vertex (a population, or the delay stages of
// one) whose slices get neighbouring keys: Atoms[s] is the number of keys
// slice s needs.
type KeyGroup struct {
	Name  string
	Atoms []int
}

// Key is the key and mask of one slice: its atom a sends key Key|a, and
// k&Mask == Key holds exactly for the keys of the slice's block.
type Key struct {
	Key, Mask uint32
}

// AllocateKeys gives every slice of every group a key block. A group's
// keys are |group|slice|atom|: the atom field is wide enough for its largest
// slice and the slice field for its number of slices, so the slices of one
// population differ only in a few bits and a router entry can cover several
// of them (the zoned layout of PACMAN's key allocator, ported as an idea).
// Groups are laid out largest first, each aligned to its own size, so the
// space has no holes. The result is indexed [group][slice].
func AllocateKeys(groups []KeyGroup) ([][]Key, error) {
	type grp struct {
		g                  int
		atomBits, sliceBit int
	}
	gs := make([]grp, len(groups))
	for g, kg := range groups {
		mx := 1
		for _, a := range kg.Atoms {
			mx = max(mx, a)
		}
		gs[g] = grp{g: g, atomBits: Bits(mx), sliceBit: Bits(len(kg.Atoms))}
	}
	order := make([]grp, len(gs))
	copy(order, gs)
	slices.SortStableFunc(order, func(a, b grp) int {
		return (b.atomBits + b.sliceBit) - (a.atomBits + a.sliceBit)
	})
	out := make([][]Key, len(groups))
	var next uint64
	for _, o := range order {
		width := o.atomBits + o.sliceBit
		if width >= 32 {
			return nil, fmt.Errorf("%s needs %d key bits; a key has 32", groups[o.g].Name, width)
		}
		size := uint64(1) << width
		next = (next + size - 1) &^ (size - 1)
		if next+size > 1<<32 {
			return nil, fmt.Errorf("the 32-bit key space is full at %s: the network has too many neurons and delay stages to address", groups[o.g].Name)
		}
		ks := make([]Key, len(groups[o.g].Atoms))
		mask := ^uint32(0) << o.atomBits
		for s := range ks {
			ks[s] = Key{Key: uint32(next) | uint32(s)<<o.atomBits, Mask: mask}
		}
		out[o.g] = ks
		next += size
	}
	return out, nil
}
