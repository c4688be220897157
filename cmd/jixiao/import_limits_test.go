package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/sheet"
)

// TestImportOverTheCaps: a cell of 100,000 indicators imported with exit 0
// as 9,999 (five-digit numbers were not recognised); now every indicator
// is read, the project is over jixiao.MaxIndicators, and the file is
// refused with exit 2 and a message naming the field, storing nothing.
func TestImportOverTheCaps(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "import.db")
	ins := make([]jixiao.Indicator, 100_000)
	for i := range ins {
		ins[i] = jixiao.Indicator{Level1Code: "1", Level1: "产出指标", Level2Code: "11", Level2: "数量指标",
			Name: "培训人数", Period: jixiao.ParseTarget("≥20人"), Annual: jixiao.ParseTarget("≥20人")}
	}
	table := "## 项目支出绩效目标表\n\n部门名称：广州市荔湾区人力资源和社会保障局\n\n单位：万元\n\n" +
		"| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |\n" +
		"|---|---|---|---|---|---|---|\n" +
		"| 广州市荔湾区人力资源和社会保障局 | 10.00 | 10.00 | | | | |\n" +
		"| 职业技能培训 | 10.00 | 10.00 | | | 开展职业技能培训。 | " + jixiao.IndicatorCell(ins) + " |\n"
	path := filepath.Join(dir, "many.md")
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := importCLI(t, "--db", dsn, path)
	if code != exitBadInput || !strings.Contains(errs, "indicators") || !strings.Contains(errs, "100000") {
		t.Errorf("exit %d, want %d naming the indicators cap and the 100000 read\n%s%s", code, exitBadInput, out, errs)
	}
	if docs := storeDocs(t, dsn); len(docs) != 0 {
		t.Errorf("%d documents stored", len(docs))
	}
}

// TestImportOverTheFileCaps: the CLI refuses what the server refuses, with
// exit 2, a message naming the cap and what to do, and nothing stored: a
// file over importer.MaxBytes (refused before it is read: a sparse file
// that reads as zeros), a CSV over the cell cap (sheet.MaxCells).
func TestImportOverTheFileCaps(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "import.db")
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, importer.MaxBytes+1); err != nil {
		t.Fatal(err)
	}
	cells := filepath.Join(dir, "cells.csv")
	if err := os.WriteFile(cells, []byte(strings.Repeat(strings.Repeat("x,", 99)+"x\n", sheet.MaxCells/100+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{big: "20 MiB 的上限", cells: "200 万"} {
		out, errs, code := importCLI(t, "--db", dsn, path)
		if code != exitBadInput || !strings.Contains(errs, want) || !strings.Contains(errs, "拆分") {
			t.Errorf("%s: exit %d, want %d naming the cap (%s) and what to do\n%s%s", filepath.Base(path), code, exitBadInput, want, out, errs)
		}
	}
	if docs := storeDocs(t, dsn); len(docs) != 0 {
		t.Errorf("%d documents stored", len(docs))
	}
}
