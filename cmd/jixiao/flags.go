package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"jixiao/internal/check"
)

// newFlags makes a FlagSet for a subcommand that does not exit the process
// and speaks Chinese: the flag package's own English messages are discarded
// and parseInterspersed reports the error instead; -h prints printUsage and
// makes the command exit 0.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("jixiao "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	setSynopsis(e, fs, fs.Name()+" [参数]")
	return fs
}

// setSynopsis makes -h print "用法: synopsis" and the flags, and marks the
// command as helped so that it exits 0.
func setSynopsis(e *env, fs *flag.FlagSet, synopsis string) {
	fs.Usage = func() {
		if fs.Output() == io.Discard {
			return // called by Parse; parseQuietly reports afterwards
		}
		fmt.Fprintf(fs.Output(), "用法: %s\n", synopsis)
		printFlags(fs.Output(), fs)
		e.helped = true
	}
}

// printFlags lists the flags of fs in Chinese, as flag.PrintDefaults does in
// English.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	var n int
	fs.VisitAll(func(f *flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "参数:")
	fs.VisitAll(func(f *flag.Flag) {
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		fmt.Fprintf(w, "  %s%s\n    \t%s", dash, f.Name, f.Usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, "（默认 %s）", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parseInterspersed parses flags that may stand before, between or after the
// positional arguments ("import a.txt --db x" works like "import --db x
// a.txt") and returns the positionals in order. "--" ends flag parsing. A
// bad flag is reported in Chinese on the FlagSet's output; -h prints the
// usage and returns flag.ErrHelp.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := parseQuietly(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return append(pos, tail...), nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseQuietly runs fs.Parse with the flag package's English silenced and
// says what went wrong in Chinese instead.
func parseQuietly(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
	case err != nil:
		fmt.Fprintf(out, "%s: %s\n运行 \"%s -h\" 查看参数。\n", fs.Name(), flagErrorText(err), fs.Name())
	}
	return err
}

// flagErrorText translates the flag package's error messages.
func flagErrorText(err error) string {
	msg := err.Error()
	for _, t := range []struct{ en, zh string }{
		{"flag provided but not defined: ", "没有这个参数：%s"},
		{"flag needs an argument: ", "参数 %s 需要一个值"},
		{"bad flag syntax: ", "参数写法有误：%s"},
		{"invalid boolean flag ", "参数有误：%s"},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return fmt.Sprintf(t.zh, rest)
		}
	}
	var value, name string
	if _, scanErr := fmt.Sscanf(msg, "invalid value %q for flag -%s", &value, &name); scanErr == nil {
		return fmt.Sprintf("参数 -%s 的值 %q 无效", strings.TrimSuffix(name, ":"), value)
	}
	if _, scanErr := fmt.Sscanf(msg, "invalid boolean value %q for -%s", &value, &name); scanErr == nil {
		return fmt.Sprintf("参数 -%s 的值 %q 无效，应为 true 或 false", strings.TrimSuffix(name, ":"), value)
	}
	return "参数有误：" + msg
}

// minPeersFlag is --min-peers, the smallest peer group the rules judge
// against (service.Peers.MinCount), for every command that runs the rules
// on the store's groups: serve and import judge alike.
func minPeersFlag(fs *flag.FlagSet) *int {
	return fs.Int("min-peers", check.DefaultMinPeers, "指标库标杆的最少项目数：同类指标不足这么多个项目时，审核规则“远低于同类”“单位成本远高于同类”不据此判断")
}

// validMinPeers reports whether n is a usable --min-peers, saying why not.
func validMinPeers(e *env, cmd string, n int) bool {
	if n < 2 {
		fmt.Fprintf(e.stderr, "jixiao %s: --min-peers 应为不小于 2 的整数，收到 %d\n", cmd, n)
		return false
	}
	return true
}
