package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func newIRCmd(e *env) *cobra.Command {
	var out string
	var seed uint64
	cmd := &cobra.Command{
		Use:   "ir FILE",
		Short: "Print the network's intermediate representation as JSON",
		Long: `Ir checks FILE like "snn check" and prints the network's intermediate
representation (IR) as indented JSON: every quantity in canonical units,
every model parameter present, every name resolved. The top-level
"ir_version" key versions the schema. With -o the JSON is written to a file
(atomically: a temporary file renamed into place) instead of stdout.`,
		Example: "  snn ir examples/cuba.snn\n  snn ir examples/cuba.snn -o cuba.ir.json",
		Args:    oneFile,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			opt := seedOption(cmd, &seed)
			net, err := checkFile(e, args[0], opt)
			if err != nil {
				return err
			}
			data, err := json.MarshalIndent(net, "", "  ")
			if err != nil {
				// The front end guarantees finite numbers; failing to
				// encode its output is a bug.
				panic(fmt.Sprintf("encoding the IR: %v", err))
			}
			data = append(data, '\n')
			if out == "" || out == "-" {
				return writeStdout(e, data)
			}
			if err := writeFileAtomic(out, data); err != nil {
				return inputErrorf("cannot write %s: %v", out, err)
			}
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the JSON to `FILE` instead of stdout")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "override the network's seed with `N`")
	return cmd
}
