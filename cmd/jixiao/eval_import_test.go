package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/sampletest"
)

// TestEvalImport: `jixiao eval import` records a real 自评表 as its
// project's year-end self-evaluation, prints jixiao's score beside the
// printed one and what was not carried over, and exits 1 for that; a
// 自评表 without its target table exits 2 naming what was looked for,
// storing nothing.
func TestEvalImport(t *testing.T) {
	const fx = "08-langfang-food-school-heating-cell-per-line-fragment.txt"
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "eval-import.db")
	dir := t.TempDir()
	form := filepath.Join(dir, fx)
	if err := os.WriteFile(form, sampletest.SelfEval(t, fx), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := runCLI(t, "migrate", "--db", dsn); code != exitOK {
		t.Fatalf("migrate: %d %s", code, errs)
	}
	_, errs, code := runCLI(t, "eval", "import", "--db", dsn, form)
	if code != exitBadInput || !strings.Contains(errs, "办公宿舍楼、食堂及餐厅暖通改造经费") || !strings.Contains(errs, "未导入任何内容") {
		t.Fatalf("without its target table: %d %s", code, errs)
	}
	name, text, year := sampletest.TargetTableFor(t, fx)
	target := filepath.Join(dir, name)
	if err := os.WriteFile(target, text, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := runCLI(t, "import", "--db", dsn, "--year", strconv.Itoa(year), target); code != exitOK {
		t.Fatalf("target table: %d %s %s", code, out, errs)
	}
	out, errs, code := runCLI(t, "eval", "import", "--db", dsn, form)
	if code != exitFindings || !strings.Contains(out, "本系统计分 97.24，等级 优；与自评表所印 2 处不同") ||
		!strings.Contains(out, "  预算执行率\t10\t9\t10.00\t8.62\t-0.38\n") || !strings.Contains(out, fx+":460: warning: parse.truncated:") ||
		!strings.Contains(errs, "1 处内容未能记录") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	out, _, code = runCLI(t, "eval", "score", "--db", dsn)
	if code != exitOK || !strings.Contains(out, "97.24") {
		t.Errorf("the stored self-evaluation does not score: %d %s", code, out)
	}
	if _, errs, code := runCLI(t, "eval", "import", "--db", dsn, "--round", "2019年1-7月", form); code != exitBadInput || !strings.Contains(errs, "只能导入为年度自评") {
		t.Errorf("into a monitoring round: %d %s", code, errs)
	}
}
