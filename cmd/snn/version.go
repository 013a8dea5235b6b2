package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is snn's version; release builds set it with
// -ldflags "-X main.version=v1.2.3". A binary built by "go install
// module@version" reports the module version instead.
var version = "0.1.0-dev"

func versionString() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && version == "0.1.0-dev" {
		v = bi.Main.Version
	}
	return fmt.Sprintf("%s (%s, %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print snn's version",
		Args:  cobra.NoArgs,
		RunE: guard(e, func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(e.stdout, "snn version %s\n", versionString())
			return err
		}),
	}
}
