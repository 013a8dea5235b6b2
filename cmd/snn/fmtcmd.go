package main

import (
	"bytes"
	"errors"

	"github.com/snn-sim/snn/dsl"
	"github.com/spf13/cobra"
)

func newFmtCmd(e *env) *cobra.Command {
	var write bool
	cmd := &cobra.Command{
		Use:   "fmt FILE",
		Short: "Print (or rewrite) a .snn file in canonical layout",
		Long: `Fmt prints FILE in the canonical layout of the .snn language. Comments
are kept, and formatting the output again changes nothing. With -w the file
is rewritten in place instead, only if its layout changes, atomically (a
temporary file renamed over it, permissions kept). A file with syntax
errors is reported and left untouched.`,
		Example: "  snn fmt examples/cuba.snn\n  snn fmt -w examples/cuba.snn",
		Args:    oneFile,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			path := args[0]
			src, err := readSource(path)
			if err != nil {
				return &exitError{code: exitInput, msg: err.Error()}
			}
			out, err := dsl.FormatSource(path, src)
			if err != nil {
				var list dsl.ErrorList
				var one *dsl.Error
				if errors.As(err, &list) || errors.As(err, &one) {
					dsl.Print(e.stderr, err, map[string][]byte{path: src})
					return errReported
				}
				return &exitError{code: exitInput, msg: err.Error()}
			}
			if !write {
				return writeStdout(e, out)
			}
			if bytes.Equal(out, src) {
				return nil
			}
			if err := writeFileAtomic(path, out); err != nil {
				return inputErrorf("cannot write %s: %v", path, err)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVarP(&write, "write", "w", false, "rewrite FILE in place instead of printing it")
	return cmd
}
