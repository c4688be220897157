package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/importer"
	"jixiao/internal/sampletest"
)

// TestEvalImportPage: the unit's filer uploads its published 自评表 from
// the 绩效评价 pages (CSRF as every form); the answer names the project,
// sets jixiao's score beside the printed one with the differences, and
// lists what was not carried over (200, not 201); the project's 自评表
// then prints the comparison. A filer of another unit is refused, a file
// without its target table is refused naming what was looked for, and a
// form without its token stores nothing.
func TestEvalImportPage(t *testing.T) {
	const fx = "08-langfang-food-school-heating-cell-per-line-fragment.txt"
	f := newFixture(t)
	name, text, year := sampletest.TargetTableFor(t, fx)
	doc, err := importer.Import(context.Background(), f.store, name, text, importer.Options{Year: year})
	if err != nil {
		t.Fatal(err)
	}
	base := serve(t, f)
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	ss := map[string]*session{}
	for key, u := range map[string]*jixiao.User{
		"own":   {Username: "食品学校填报", Role: jixiao.RoleFiler, Unit: doc.Projects[0].Unit},
		"other": {Username: "别处填报", Role: jixiao.RoleFiler, Unit: "别的单位"},
	} {
		if err := f.store.Workflow().CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		ss[key] = newSession(t, base)
		ss[key].login(u.Username)
		if st, body := ss[key].get("/eval/import"); st != 200 || !strings.Contains(body, `action="/eval/import"`) {
			t.Fatalf("the import page: %d", st)
		}
	}
	if _, body := ss["own"].get("/eval"); !strings.Contains(body, `href="/eval/import"`) {
		t.Error("绩效评价 does not link to the import")
	}
	data := sampletest.SelfEval(t, fx)

	st, body := evalUpload(t, ss["other"], "/eval/import", fx, data)
	if st != 403 || !strings.Contains(body, "无权导入") || strings.Contains(body, "data-import-result") {
		t.Errorf("another unit's filer: %d %s", st, evalBetween(body, "data-import-error", "</div>"))
	}
	tokenless := *ss["own"]
	tokenless.csrf = "wrong"
	if st, _ := evalUpload(t, &tokenless, "/eval/import", fx, data); st != 403 {
		t.Errorf("a form without its token: %d", st)
	}
	st, body = evalUpload(t, ss["own"], "/eval/import", "其他.txt", sampletest.SelfEval(t, "09-tianchang-flood-control-spaces-whole.txt"))
	if st != 404 || !strings.Contains(body, "水旱灾害防御经费") || !strings.Contains(body, "天长市水利局") {
		t.Errorf("a 自评表 without its target table: %d %s", st, evalBetween(body, "data-import-error", "</div>"))
	}

	st, body = evalUpload(t, ss["own"], "/eval/import", fx, data)
	res := evalBetween(body, "data-import-result", "</section>")
	if st != 200 || !strings.Contains(res, `data-complete="false"`) || !strings.Contains(res, `data-total>97.24<`) ||
		!strings.Contains(res, `data-grade>优<`) || !strings.Contains(res, "parse.truncated") {
		t.Fatalf("the import: %d\n%s", st, res)
	}
	// 执行率 37.24 ÷ 43.2: 8.62 against the printed 9, twice (the 执行率 and 工程资金金额).
	if n := strings.Count(res, `data-diff>-0.38<`); n != 2 {
		t.Errorf("%d differences of -0.38, want 2:\n%s", n, res)
	}
	_, sheet := ss["own"].get("/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval/projects/1/sheet")
	printed := evalBetween(sheet, "data-printed", "</section>")
	if !strings.Contains(printed, `data-differs="2"`) || !strings.Contains(printed, fx) || strings.Count(printed, `data-diff>-0.38<`) != 2 {
		t.Errorf("the 自评表 does not compare:\n%s", printed)
	}
}
