package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpExitsZero asks every command and subcommand for -h: each answers
// 用法 in Chinese on stderr and exits 0, with none of the flag package's
// English.
func TestHelpExitsZero(t *testing.T) {
	var cmds [][]string
	for name := range commands {
		switch name {
		case "eval":
			for sub := range evalSubcommands {
				cmds = append(cmds, []string{"eval", sub})
			}
		case "user":
			for sub := range userSubcommands {
				cmds = append(cmds, []string{"user", sub})
			}
		}
		cmds = append(cmds, []string{name})
	}
	for _, c := range cmds {
		for _, h := range []string{"-h", "--help"} {
			out, stderr, code := runCLI(t, append(c, h)...)
			if code != exitOK || out != "" || !strings.Contains(stderr, "用法") {
				t.Errorf("%v %s: exit %d, stdout %q, stderr %q; want 0 and 用法 on stderr", c, h, code, out, stderr)
			}
			for _, en := range []string{"Usage", "default", "flag provided"} {
				if strings.Contains(stderr, en) {
					t.Errorf("%v %s: English %q in the help:\n%s", c, h, en, stderr)
				}
			}
		}
	}
}

// TestFlagErrorsInChinese: a misused flag is refused in Chinese, naming it,
// with exit 2.
func TestFlagErrorsInChinese(t *testing.T) {
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"export", "--nope"}, "没有这个参数：-nope"},
		{[]string{"export", "--document", "x"}, `参数 -document 的值 "x" 无效`},
		{[]string{"eval", "score", "--round"}, "参数 -round 需要一个值"},
		{[]string{"serve", "--public=maybe"}, "应为 true 或 false"},
		{[]string{"parse"}, "需要且只需要一个文件"},
	} {
		_, stderr, code := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(stderr, c.says) || strings.Contains(stderr, "flag") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.says)
		}
	}
}

// TestReadOnlyRefusesMissingStore: the commands that only read refuse a
// SQLite file that is not there, naming it and how to make one, and leave
// no empty store behind.
func TestReadOnlyRefusesMissingStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jixiao-typo.db")
	for _, args := range [][]string{
		{"export", "--table", "projects"},
		{"check"},
		{"eval", "score"},
		{"eval", "lights", "--round", "2024年1-7月"},
		{"eval", "template", "--format", "xlsx", "-o", filepath.Join(t.TempDir(), "t.xlsx")},
		{"user", "list"},
	} {
		for _, db := range []string{path, "sqlite:" + path} {
			_, stderr, code := runCLI(t, append(args, "--db", db)...)
			if code != exitBadInput || !strings.Contains(stderr, "数据库文件 "+path+" 不存在") || !strings.Contains(stderr, "jixiao import --db") {
				t.Errorf("%v --db %s: exit %d, stderr %q", args, db, code, stderr)
			}
			if _, err := os.Stat(path); err == nil {
				t.Fatalf("%v made %s", args, path)
			}
		}
	}
}

// TestMissingFileInChinese: a file that is not there is named and said to
// be missing in Chinese, not with the operating system's English.
func TestMissingFileInChinese(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "绩效目标表.md")
	for _, args := range [][]string{
		{"import", "--db", filepath.Join(t.TempDir(), "j.db"), missing},
		{"parse", missing},
		{"check", missing},
	} {
		_, stderr, code := runCLI(t, args...)
		if code != exitBadInput || !strings.Contains(stderr, missing) || !strings.Contains(stderr, "文件不存在") ||
			strings.Contains(stderr, "no such file") {
			t.Errorf("%v: exit %d, stderr %q", args[0], code, stderr)
		}
	}
}
