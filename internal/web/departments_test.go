package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/importer"
)

// TestCompareDepartments (issue 17 item 4): the 人社局 of 荔湾 and of 海珠
// (the same table under another district's name, its goal of one project
// left out) line up on 部门对比 with their own figures, and the
// employment centre of 花都 is another body, offered but not compared. The
// CSV has the same figures. A visitor sees no draft: the 2025 draft of 荔湾
// counts for its reviewer only.
func TestCompareDepartments(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, liwanFile, huaduFile)
	haizhu := strings.Replace(string(sample(t, liwanFile)), "广州市荔湾区", "广州市海珠区", 1)
	haizhu = strings.Replace(haizhu, "通过聘请合资质的物业管理公司管理逢源路办公大楼的清洁、保安工作，保证局机关日常工作的正常运转。", "", 1)
	hz, err := importer.Import(ctx, f.store, "haizhu.md", []byte(haizhu), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	users := wfUsers(t, f)
	if _, err := f.store.Workflow().CreateDraft(ctx, f.docs[liwanFile].ID, 2025, jixiao.Actor(users["dept"])); err != nil {
		t.Fatal(err)
	}
	body := "人力资源和社会保障局"
	res, page := f.get(t, "/compare/departments?year=2024&body="+url.QueryEscape(body))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(page, `<option value="劳动就业服务管理中心">`) || !strings.Contains(page, `selected>人力资源和社会保障局（2 个地区，2 张表）`) {
		t.Errorf("the bodies offered are wrong: %.2000s", page)
	}
	for _, d := range []*jixiao.Document{f.docs[liwanFile], hz} {
		q := check.Summarize(d, d.Findings).Quality
		row := page[strings.Index(page, `data-document="`+strconv.FormatInt(d.ID, 10)+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		for _, want := range []string{">" + d.Agency + "</a>", ">" + tableTotal(d).FormatGrouped(jixiao.WanYuan) + "<",
			">" + strconv.Itoa(len(d.Projects)) + "<", ">" + strconv.Itoa(q.Indicators) + "<",
			">" + strconv.Itoa(q.Findings[jixiao.SeverityError]) + " / "} {
			if !strings.Contains(row, want) {
				t.Errorf("%s's row lacks %q: %s", d.Agency, want, row)
			}
		}
	}
	if strings.Contains(page, "劳动就业服务管理中心</a>") || strings.Contains(page, "草稿") {
		t.Errorf("another body or a draft is in the visitor's comparison")
	}
	if hzErr := check.Summarize(hz, hz.Findings).Findings[jixiao.SeverityError]; hzErr <= check.Summarize(f.docs[liwanFile], f.docs[liwanFile].Findings).Findings[jixiao.SeverityError] {
		t.Errorf("the goal left out in 海珠 did not raise its errors (%d)", hzErr)
	}

	res, data := f.get(t, "/compare/departments.csv?year=2024&body="+url.QueryEscape(body))
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff"))).ReadAll()
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("CSV: %d %v", res.StatusCode, err)
	}
	if len(recs) != 3 || recs[0][1] != "地区" || recs[0][len(recs[0])-1] != "自评差" {
		t.Fatalf("CSV records %q", recs)
	}
	places := map[string][]string{}
	for _, r := range recs[1:] {
		places[r[1]] = r
	}
	if r := places["广州市海珠区"]; r == nil || r[2] != hz.Agency || r[4] != tableTotal(hz).Format(jixiao.WanYuan) || r[5] != strconv.Itoa(len(hz.Projects)) {
		t.Errorf("海珠's CSV row %q", r)
	}
	if places["广州市荔湾区"] == nil {
		t.Errorf("no 荔湾 row in %q", recs)
	}

	// The 荔湾 reviewer also sees the 2025 draft, marked.
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	dept := newSession(t, srv.URL)
	dept.login(users["dept"].Username)
	if _, page := dept.get("/compare/departments?body=" + url.QueryEscape(body)); !strings.Contains(page, "草稿</span>") || !strings.Contains(page, ">2025<") {
		t.Errorf("the reviewer's comparison of every year lacks the 2025 draft")
	}
	if res, _ := f.get(t, "/compare/departments?year=abc"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad year: %d", res.StatusCode)
	}
}

// tableTotal is the 合计 a table prints, else the sum of its projects.
func tableTotal(d *jixiao.Document) jixiao.Money {
	if d.HasStated {
		return d.Stated.Total
	}
	return d.Total().Total
}
