package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Exit statuses (cli-and-outputs.md).
const (
	exitOK       = 0 // success
	exitInput    = 1 // the input (or a hardware limit) is at fault
	exitUsage    = 2 // bad command-line usage
	exitInternal = 3 // a bug in snn
)

const issuesURL = "https://github.com/snn-sim/snn/issues"

// exitError ends a command with a status. A non-empty msg is printed as
// "snn <subcommand>: msg"; an empty one means the diagnostics were already
// written to stderr (file:line:col errors).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// inputErrorf is an exit-1 error: the user's file or path is at fault.
func inputErrorf(format string, args ...any) error {
	return &exitError{code: exitInput, msg: fmt.Sprintf(format, args...)}
}

// usageError is an exit-2 error about the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errReported is returned after diagnostics have been printed to stderr.
var errReported = &exitError{code: exitInput}

// panicHook, when set (by tests), is called at the start of every
// subcommand with its name, inside the subcommand's panic guard.
var panicHook func(subcommand string)

// env is what a command needs from the outside world.
type env struct {
	stdout, stderr io.Writer
}

// run executes the snn command line args (without the program name),
// writing to stdout and stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// Panics inside subcommands are caught by guard; this catches the
		// rest (flag parsing, cobra itself).
		if r := recover(); r != nil {
			code = reportPanic(stderr, "snn", r)
		}
	}()
	e := &env{stdout: stdout, stderr: stderr}
	root := newRoot(e)
	if len(args) == 0 {
		root.InitDefaultHelpFlag()
		root.InitDefaultVersionFlag()
		root.SetOut(stderr)
		_ = root.Usage()
		return exitUsage
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	name := "snn"
	if cmd != nil && cmd != root {
		name = "snn " + cmd.Name()
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", name, ee.msg)
		}
		return ee.code
	}
	// Anything else comes from the command line: cobra's unknown
	// command/flag errors, our argument checks.
	fmt.Fprintf(stderr, "%s: %s\n", name, strings.TrimRight(err.Error(), "\n"))
	switch {
	case cmd == nil || cmd == root:
		fmt.Fprintf(stderr, "usage: snn <command> [arguments]\nRun 'snn --help' for the list of commands.\n")
	default:
		fmt.Fprintf(stderr, "usage: %s\n", cmd.UseLine())
		fmt.Fprintf(stderr, "Run '%s --help' for more information.\n", cmd.CommandPath())
	}
	return exitUsage
}

// reportPanic prints the one-line internal-error message for a recovered
// panic value and returns exitInternal. SNN_TRACEBACK=1 adds the stack.
func reportPanic(stderr io.Writer, name string, r any) int {
	v := strings.Join(strings.Fields(fmt.Sprint(r)), " ")
	fmt.Fprintf(stderr, "%s: internal error: %s (please report it at %s)\n", name, v, issuesURL)
	if os.Getenv("SNN_TRACEBACK") == "1" {
		stderr.Write(debug.Stack())
	}
	return exitInternal
}

// guard wraps a subcommand's body: a panic becomes a one-line internal
// error with exit status 3, never a Go trace.
func guard(e *env, fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) (err error) {
		defer func() {
			if r := recover(); r != nil {
				reportPanic(e.stderr, "snn "+cmd.Name(), r)
				err = &exitError{code: exitInternal}
			}
		}()
		if panicHook != nil {
			panicHook(cmd.Name())
		}
		return fn(cmd, args)
	}
}

// oneFile checks that a subcommand got exactly one FILE argument.
func oneFile(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return &usageError{"missing FILE"}
	case 1:
		return nil
	}
	return &usageError{fmt.Sprintf("expected one FILE, got %d arguments: %s", len(args), strings.Join(args, " "))}
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "snn",
		Short: "snn — neuromorphic simulator and compiler for .snn networks",
		Long: `snn reads networks written in the .snn language, checks them and turns
them into the intermediate representation (IR) that its backends consume.

Exit status: 0 success, 1 the input is at fault, 2 bad usage, 3 internal error.`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// No Run: cobra reports unknown subcommands; run handles a bare
		// "snn" (usage on stderr, status 2).
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("snn version {{.Version}}\n")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{err.Error()}
	})
	root.AddCommand(newCheckCmd(e), newFmtCmd(e), newIRCmd(e), newRunCmd(e), newVersionCmd(e))
	root.AddCommand(newCompileCmd(e))
	return root
}
