package ir

import "math"

// exactPairLimit is the number of pairs up to which ExpectedSynapses sums
// probabilities over every pair of a random connector; above it, it samples.
// 1e8 condition evaluations take about a second.
const exactPairLimit = 1e8

// estimateSamples is the number of random pairs an estimate averages over:
// the relative error of an acceptance rate q is about sqrt((1-q)/(q 2^20)),
// under 1% for q > 1e-2.
const estimateSamples = 1 << 20

// ExpectedSynapses returns the number of synapses p will have: exactly, with
// exact = true, for the connectors that fix it (all_to_all, one_to_one,
// fixed_number_*, fixed_total, lists, and fixed_probability with p 0 or 1);
// otherwise its expectation (fixed_probability: p times the allowed pairs;
// distance: the sum of the connection probability over allowed pairs). The
// expectation is computed over every pair up to 1e8 pairs and estimated
// from 2^20 sampled pairs above that. A projection that cannot be expanded
// gives (0, false).
func (n *Network) ExpectedSynapses(p *Projection) (float64, bool) {
	pl, err := n.newPlan(p)
	if err != nil {
		return 0, false
	}
	c := pl.c
	switch pl.kind {
	case ckAllToAll:
		return pl.allowedPairs(), true
	case ckOneToOne:
		if pl.cond == nil {
			return float64(pl.pre), true
		}
		k := 0
		for i := range pl.pre {
			if pl.condOK(i, i) {
				k++
			}
		}
		return float64(k), true
	case ckFixedNumberPost:
		return float64(c.N) * float64(pl.pre), true
	case ckFixedNumberPre:
		return float64(c.N) * float64(pl.post), true
	case ckFixedTotal:
		return float64(c.N), true
	case ckList:
		k := 0
		for t := range pl.npairs {
			if pl.condOK(int(c.Pairs[2*t]), int(c.Pairs[2*t+1])) {
				k++
			}
		}
		return float64(k), true
	case ckFixedProbability:
		if c.P == 0 {
			return 0, true
		}
		pairs := float64(pl.pre) * float64(pl.post)
		if pl.cond == nil || pairs <= exactPairLimit {
			return c.P * pl.allowedPairs(), c.P == 1
		}
		return c.P * pl.estimate(func(i, j int) float64 { return 1 }), false
	case ckDistance:
		prob := func(i, j int) float64 {
			q := pl.pexpr.Eval(pl.vars(i, j))
			return min(max(q, 0), 1)
		}
		if float64(pl.pre)*float64(pl.post) > exactPairLimit {
			return pl.estimate(prob), false
		}
		sum := 0.0
		for i := range pl.pre {
			for j := range pl.post {
				if pl.allowed(i, j) {
					sum += prob(i, j)
				}
			}
		}
		return sum, false
	}
	return 0, false
}

// allowedPairs counts the pairs neither excluded as self-connections nor
// rejected by the condition, evaluating the condition on every pair.
func (pl *plan) allowedPairs() float64 {
	if pl.cond == nil {
		return float64(pl.pre)*float64(pl.post) - float64(pl.self.total())
	}
	k := 0
	for i := range pl.pre {
		for j := range pl.post {
			if pl.allowed(i, j) {
				k++
			}
		}
	}
	return float64(k)
}

// estimate averages f over allowed pairs drawn uniformly (not-allowed pairs
// count 0) and scales to all pairs; its stream is the projection's own, so
// the estimate is reproducible.
func (pl *plan) estimate(f func(i, j int) float64) float64 {
	s := NewStream(Key(pl.net.Seed, "projection", pl.proj.Name, "estimate"), 0)
	sum := 0.0
	for range estimateSamples {
		i := int(s.IntN(uint64(pl.pre)))
		j := int(s.IntN(uint64(pl.post)))
		if pl.allowed(i, j) {
			sum += f(i, j)
		}
	}
	mean := sum / estimateSamples
	if math.IsNaN(mean) {
		return 0
	}
	return mean * float64(pl.pre) * float64(pl.post)
}
