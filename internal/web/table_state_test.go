package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestDraftsMarkedWithTheirYear (issue 15 item 4): the department's
// reviewer sees the 2025 draft beside the published 2024 table. Every page
// that shows the draft says 草稿 and its year: the 文档 page (heading,
// banner and caption, which print), the 公开版 (a banner that prints),
// the project page, the search's document facet and each hit, the
// comparison's candidates, and the workbook's file name; the published
// table says 已公开 and carries no draft banner.
func TestDraftsMarkedWithTheirYear(t *testing.T) {
	d := newDraftForFiler(t)
	draftID := strings.TrimPrefix(d.draft, "/workflow/documents/")
	pubID := strconv.FormatInt(d.f.docs[liwanFile].ID, 10)
	agency := d.f.docs[liwanFile].Agency

	_, body := d.dept.get("/documents/" + draftID)
	for _, want := range []string{`data-state="草稿"`, `class="draft-banner"`, "2025年项目支出绩效目标表（含转移支付项目）（草稿，未公开）", "2025年项目支出绩效目标表（草稿）"} {
		if !strings.Contains(body, want) {
			t.Errorf("the draft's 文档 page lacks %q", want)
		}
	}
	_, body = d.dept.get("/documents/" + pubID)
	if !strings.Contains(body, `data-state="已公开"`) || strings.Contains(body, `class="draft-banner"`) || !strings.Contains(body, "2024年项目支出绩效目标表（含转移支付项目）<") {
		t.Errorf("the published 文档 page is not marked 已公开 with its year")
	}
	_, body = d.dept.get("/documents/" + draftID + "/public")
	if !strings.Contains(body, `class="draft-banner"`) || !strings.Contains(body, agency+" 2025年项目支出绩效目标表（公开版）") {
		t.Errorf("the draft's 公开版 is not marked as a draft of 2025")
	}
	_, body = d.dept.get("/documents/" + pubID + "/public")
	if strings.Contains(body, `class="draft-banner"`) || !strings.Contains(body, agency+" 2024年项目支出绩效目标表（公开版）") {
		t.Errorf("the published 公开版 lacks its year or has a draft banner")
	}
	_, body = d.dept.get("/projects/" + d.pid)
	if !strings.Contains(body, agency+" 2025年</a>") || !strings.Contains(body, `data-state="草稿"`) {
		t.Errorf("the draft's project page lacks its year or state")
	}

	_, body = d.dept.get("/search?q=" + url.QueryEscape("满意度"))
	facet := body[strings.Index(body, `data-facet="document"`):]
	facet = facet[:strings.Index(facet, "</div>")]
	for _, want := range []string{agency + " 2024年<", agency + " 2025年（草稿）<"} {
		if !strings.Contains(facet, want) {
			t.Errorf("the document facet lacks %q: %.600s", want, facet)
		}
	}
	if !strings.Contains(body, agency+" 2025年（草稿）</a></td>") {
		t.Errorf("no search hit names the draft with its year")
	}
	visitor := newSession(t, d.srv.URL)
	if _, body := visitor.get("/search?q=" + url.QueryEscape("满意度")); strings.Contains(body, "2025年") || strings.Contains(body, "草稿") {
		t.Errorf("a visitor's search shows the draft")
	}

	_, body = d.dept.get("/compare?q=" + url.QueryEscape(d.f.docs[liwanFile].Projects[0].Name))
	if !strings.Contains(body, " · 2024年") || !strings.Contains(body, " · 2025年") || !strings.Contains(body, `class="doc-state state-draft">草稿<`) {
		t.Errorf("the comparison's candidates do not tell the years and the draft apart")
	}

	resp, err := d.dept.c.Get(d.dept.base + "/documents/" + draftID + "/export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); resp.StatusCode != http.StatusOK || !strings.Contains(cd, url.PathEscape(agency+"-2025年-草稿-")) {
		t.Errorf("the draft's workbook is named %q", cd)
	}
}
