package spinnaker

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/snn-sim/snn/compiler"
	"github.com/snn-sim/snn/ir"
)

// TestRouteCheckerOrdered: random networks recompiled with router_entries
// just under the largest table the order-free merge makes, so that ordered
// covering has to run; whenever the mapping then fits, the ordered tables
// pass verification (inside Compile), the independent route checker and
// the key-by-key comparison with the generated tables, all of which walk
// the tables in order with first-match semantics. The same checks then
// run on every table compressed by ordered covering as far as it goes.
func TestRouteCheckerOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	fitted, reordered := 0, 0
	for trial := range 60 {
		net, tg := randomCase(r)
		res, err := Compile(net, tg, Options{Threads: 2})
		if err != nil {
			continue
		}
		_, free := res.TableSizes()
		if free < 3 {
			continue
		}
		var got *Result
		for _, limit := range []int{free * 2 / 3, free - 1} {
			tg.Params["router_entries"] = ir.Const(float64(limit))
			res, err := Compile(net, tg, Options{Threads: 2})
			if err != nil {
				var fe *FitError
				if !errors.As(err, &fe) || fe.Limit != "router entries" {
					t.Fatalf("trial %d, router_entries %d: unexpected error: %v", trial, limit, err)
				}
				continue
			}
			got = res
			break
		}
		if got == nil {
			continue
		}
		fitted++
		blocks := inUseOf(got)
		for _, tb := range got.Tables {
			if len(compiler.Compress(tb.Entries, blocks)) > got.Machine.RouterEntries {
				reordered++
			}
		}
		exp := expectedCores(t, net, got, 1)
		checkRoutes(t, tg, got, exp)
		checkCompression(t, got)
		// And every table covered as far as it goes (limit 1).
		for c := range got.Tables {
			tb := &got.Tables[c]
			tb.Compressed = compiler.CompressOrdered(tb.Entries, blocks, 1)
		}
		checkRoutes(t, tg, got, exp)
		checkCompression(t, got)
	}
	t.Logf("%d cases fitted a router smaller than the order-free tables need; %d tables compressed by ordered covering", fitted, reordered)
	if fitted < 15 || reordered < fitted {
		t.Errorf("only %d cases fitted with ordered covering (%d tables): the test exercises too little", fitted, reordered)
	}
}

// inUseOf is every key block of a result, sorted by key.
func inUseOf(res *Result) []compiler.Block {
	s := &state{keys: res.Keys, vertices: res.Vertices}
	return s.inUse()
}
