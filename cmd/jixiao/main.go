// Command jixiao reads, checks, stores and serves 项目支出绩效目标表. Run
// "jixiao help" for its subcommands.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}))
}

// Exit statuses shared by every subcommand.
const (
	exitOK       = 0
	exitFindings = 1 // done, but with error-severity findings
	exitBadInput = 2 // the input could not be read, or bad usage
)

// env is what a subcommand may touch of the outside world, so that tests run
// the CLI in-process with their own streams and environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	helped bool // a command's help was asked for and shown: run exits 0
}

// command is one subcommand. Each lives in its own file and registers itself
// from an init function.
type command struct {
	name    string
	summary string // one line, in Chinese, for "jixiao help"
	run     func(e *env, args []string) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// run dispatches args to a subcommand and returns the exit status.
func run(args []string, e *env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitBadInput
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "jixiao: 未知命令 %q\n", args[0])
		usage(e.stderr)
		return exitBadInput
	}
	code := c.run(e, args[1:])
	if e.helped {
		return exitOK
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "jixiao —— 项目支出绩效目标表的读取、审核、存储与发布")
	fmt.Fprintln(w, "\n用法: jixiao <命令> [参数]\n\n命令:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n\"jixiao <命令> -h\" 显示该命令的参数。")
}

// defaultDSN is the store used when --db is not given: $JIXIAO_DB, else a
// SQLite file in the working directory.
func defaultDSN(e *env) string {
	if v := strings.TrimSpace(e.getenv("JIXIAO_DB")); v != "" {
		return v
	}
	return "sqlite:jixiao.db"
}
