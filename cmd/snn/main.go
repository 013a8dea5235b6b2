// Command snn is the neuromorphic simulator and compiler's command-line
// front end. The command-line contract (subcommands, exit statuses, error
// format) is shared/spec/cli-and-outputs.md; all the logic lives in run, so
// that tests drive the same code as the binary.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
