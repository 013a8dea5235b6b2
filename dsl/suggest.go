package dsl

import (
	"sort"
	"strings"
)

// suggest returns "; did you mean X?" for the closest candidate to name, or
// "" when none is close enough to be a likely typo.
func suggest(name string, candidates []string) string {
	best, bestD, bestExact := "", 1<<30, 1<<30
	for _, c := range candidates {
		// Case-blind distance first; among equals, the one closer in case
		// (msec: ms rather than mS).
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		e := editDistance(name, c)
		if d < bestD || d == bestD && (e < bestExact || e == bestExact && c < best) {
			best, bestD, bestExact = c, d, e
		}
	}
	limit := max(2, len(name)/3)
	// Also accept a candidate that one is a prefix/part of the other
	// (tau_mem vs tau_m), which edit distance alone scores badly.
	if best == "" {
		return ""
	}
	if bestD <= limit {
		return "; did you mean " + best + "?"
	}
	for _, c := range candidates {
		if len(c) >= 3 && (strings.HasPrefix(name, c) || strings.HasPrefix(c, name)) {
			return "; did you mean " + c + "?"
		}
	}
	return ""
}

// editDistance is the Damerau (optimal string alignment) distance.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// keys returns the sorted keys of a map.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// listAnd renders names as "a, b and c".
func listAnd(names []string) string {
	if len(names) < 2 {
		return listWords(names)
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// listWords renders names as "a, b or c".
func listWords(names []string) string {
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
