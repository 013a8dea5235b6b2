package dsl

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/snn-sim/snn/ir"
)

// TestExamplesRoundTrip checks every example and round-trips its IR through
// JSON: decoding what was encoded gives an equal network, and encoding that
// again gives the same bytes.
func TestExamplesRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../examples/*.snn")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res, err := Check(f, Options{})
			require.NoError(t, err)
			b, err := json.Marshal(res.Network)
			require.NoError(t, err)
			var back ir.Network
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, res.Network, &back)
			b2, err := json.Marshal(&back)
			require.NoError(t, err)
			require.Equal(t, string(b), string(b2))
			require.NoError(t, back.Validate())
		})
	}
}
