package main

import (
	"bufio"
	"context"
	"debug/elf"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestInstallAsReadmeSays follows the README on a machine with only Go:
// its Install build line gives a statically linked binary, whose demo
// prints every demo account, and each logs in with the printed password.
// (TestDemoBrowserWalk in internal/web walks the pages of the same demo.)
func TestInstallAsReadmeSays(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; not with -short")
	}
	line := readmeLine(t, "CGO_ENABLED=0 go build -o jixiao ./cmd/jixiao")
	bin := filepath.Join(t.TempDir(), "jixiao")
	args := strings.Fields(line)[2:] // after "CGO_ENABLED=0 go"
	args[2] = bin                    // -o into the test's directory
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	if runtime.GOOS == "linux" {
		assertStatic(t, bin)
	}
	url, printed := startDemo(t, bin)
	printedAccountsLogIn(t, &http.Client{Timeout: 10 * time.Second}, url, printed)
}

// readmeLine returns the README's line that starts with prefix.
func readmeLine(t *testing.T, prefix string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for l := range strings.Lines(string(data)) {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(strings.SplitN(l, "#", 2)[0])
		}
	}
	t.Fatalf("README has no line %q", prefix)
	return ""
}

// assertStatic fails unless the ELF file asks for no dynamic loader.
func assertStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is dynamically linked (has PT_INTERP)", bin)
		}
	}
}

// startDemo runs "bin demo" on a free port until the test ends and returns
// its URL and what it printed up to it.
func startDemo(t *testing.T, bin string) (url, printed string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "demo", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() && url == "" {
		printed += sc.Text() + "\n"
		url = regexp.MustCompile(`http://\S+?/`).FindString(sc.Text())
	}
	if url == "" {
		t.Fatalf("the demo printed no URL:\n%s", printed)
	}
	return url, printed
}
