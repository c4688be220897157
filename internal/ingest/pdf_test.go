package ingest

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// A real PDF goes through pdftotext: the 花都 sample's text is printed to a
// PDF by Chromium, then read back and must give the expected tables. The test
// skips where Chromium or pdftotext (poppler-utils) is not installed.
func TestPDFThroughPDFToText(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "huadu.html")
	doc := "<!doctype html><meta charset=utf-8><style>pre{font-size:10pt}</style><pre>" +
		html.EscapeString(string(readSample(t, huadu))) + "</pre>"
	if err := os.WriteFile(page, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "huadu-employment-center-2024.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+page).CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	got := parseOK(t, filepath.Base(pdf), data)
	checkTables(t, huadu, got)
	if len(got.Findings) != 0 || got.Layout != LayoutPDFText || got.Year != 2024 {
		t.Errorf("layout %q year %d findings %v", got.Layout, got.Year, got.Findings)
	}
}
