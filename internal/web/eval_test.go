package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

const evalSelfRound = "%E5%B9%B4%E5%BA%A6%E8%87%AA%E8%AF%84" // 年度自评, path-escaped

// evalSessions creates, for the Huadu table, its unit's filer, a finance
// reviewer and a filer of another unit, and returns a logged-in session
// for each name.
func evalSessions(t *testing.T, f *fixture) (base string, sessions map[string]*session) {
	t.Helper()
	doc := f.docs[huaduFile]
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*jixiao.User{
		"filer":     {Username: "花都填报", Role: jixiao.RoleFiler, Unit: doc.Projects[0].Unit},
		"finance":   {Username: "花都财政", Role: jixiao.RoleFinanceReviewer},
		"filer-out": {Username: "别处填报", Role: jixiao.RoleFiler, Unit: "别的单位"},
	}
	wf := f.store.Workflow()
	base = serve(t, f)
	sessions = map[string]*session{"visitor": newSession(t, base)}
	for key, u := range users {
		if err := wf.CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		sessions[key] = newSession(t, base)
		sessions[key].login(u.Username)
	}
	return base, sessions
}

func TestEvalPages(t *testing.T) {
	f := newFixture(t, huaduFile)
	doc := f.docs[huaduFile]
	_, ss := evalSessions(t, f)
	visitor, filer, finance, outsider := ss["visitor"], ss["filer"], ss["finance"], ss["filer-out"]
	base := "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval"
	for _, s := range ss {
		s.get(base) // the page whose forms carry the session's CSRF token
	}

	if st, body := visitor.get("/eval"); st != 200 || !strings.Contains(body, base) {
		t.Fatalf("/eval: %d", st)
	}
	if st, body := visitor.get(base); st != 200 || !strings.Contains(body, "尚未填报年度自评") || !strings.Contains(body, "需要先") {
		t.Fatalf("%s: %d", base, st)
	}

	// Only the finance bureau opens a round; a visitor is sent to log in.
	if st, body := visitor.post(base+"/rounds", url.Values{"name": {"2024年1-7月"}}); st != 200 || !strings.Contains(body, `name="password"`) {
		t.Errorf("visitor opening a round: %d", st)
	}
	if st, body := filer.post(base+"/rounds", url.Values{"name": {"2024年1-7月"}}); st != 403 || !strings.Contains(body, "只有财政审核人员") {
		t.Errorf("filer opening a round: %d", st)
	}
	if st, body := finance.post(base+"/rounds", url.Values{"name": {"第二次监控"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "截止日期") {
		t.Errorf("round without a date: %d", st)
	}
	st, body := finance.post(base+"/rounds", url.Values{"name": {"2024年1-7月"}})
	if st != 200 || !strings.Contains(body, "截至 2024-07-31") || !strings.Contains(body, `<tr id="p1" data-light="none">`) {
		t.Fatalf("open round: %d", st)
	}
	round := base + "/rounds/2024%E5%B9%B41-7%E6%9C%88"

	// The unit enters project 1: a bad value comes back beside its field and
	// nothing is stored; then the light turns red.
	entry := round + "/projects/1"
	filer.get(entry)
	st, body = filer.post(entry, url.Values{"executed": {"10"}, "actual_1": {"十二"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, `class="indicator has-error" id="i1"`) || !strings.Contains(body, "不是数字") {
		t.Fatalf("bad entry: %d", st)
	}
	// The live check says the same without storing, and previews the light.
	if st, body = filer.post(entry+"/check", url.Values{"executed": {"10"}, "actual_1": {"十二"}}); st != 200 || !strings.Contains(body, "实时检查：有 1 处") {
		t.Errorf("live check of a bad value: %d %s", st, body)
	}
	if st, body = visitor.post(entry+"/check", url.Values{"executed": {"10"}}); st != 200 || !strings.Contains(body, `data-preview="red"`) {
		t.Errorf("live check preview: %d %s", st, body)
	}
	if _, body = filer.get(round); !strings.Contains(body, `<tr id="p1" data-light="none">`) {
		t.Error("a refused form stored something")
	}
	if st, _ = outsider.post(entry, url.Values{"executed": {"10"}}); st != 403 {
		t.Errorf("another unit's filer: %d", st)
	}
	st, body = filer.post(entry, url.Values{"executed": {"10"}, "actual_1": {"12"}, "likelihood_2": {"完全不可能"}, "reason_2": {"经费保障", "其他"}})
	if st != 200 || !strings.Contains(body, `<tr id="p1" data-light="red">`) || !strings.Contains(body, "执行率 19.76% 落后时间进度 58.20%") || !strings.Contains(body, `data-saved="1"`) ||
		!strings.Contains(body, "本地设定：预算执行率落后时间进度超过 10 个百分点为黄灯、超过 20 个百分点为红灯") {
		t.Errorf("light after saving: %d\n%s", st, evalBetween(body, `id="p1"`, "</tr>"))
	}
	_, body = filer.get(entry)
	if !strings.Contains(body, `name="executed" inputmode="decimal" value="10.00"`) || !strings.Contains(body, `value="经费保障" checked`) {
		t.Error("the form does not show what was stored")
	}

	// Workbooks: another unit's filer may not fill in this unit's rows; a
	// file that is not a workbook stores nothing.
	st, book := filer.get(round + "/template.xlsx")
	if st != 200 || !strings.HasPrefix(book, "PK") {
		t.Fatalf("template: %d", st)
	}
	outsider.get(round)
	if st, body = evalUpload(t, outsider, round+"/upload", "填报.xlsx", []byte(book)); st != 403 || !strings.Contains(body, "项目 1 不在您的填报范围内") {
		t.Errorf("outsider's upload: %d", st)
	}
	if st, body = evalUpload(t, filer, round+"/upload", "填报.xlsx", []byte("not a workbook")); st < 400 || !strings.Contains(body, "未记录任何内容") {
		t.Errorf("bad upload: %d", st)
	}
	if st, body = evalUpload(t, filer, round+"/upload", "填报.xlsx", []byte(book)); st != 200 || !strings.Contains(body, `<tr id="p1" data-light="red">`) {
		t.Errorf("the unit's upload of its own template: %d", st)
	}

	// The self-evaluation of project 9, scored and printed.
	self := base + "/rounds/" + evalSelfRound
	st, _ = filer.post(self+"/projects/9", url.Values{"executed": {"3.3"}, "actual_1": {"3"}, "actual_2": {"1"}, "actual_3": {"12"},
		"actual_4": {"部分档案缺页"}, "grade_4": {"部分达成"}, "score_4": {"25"}})
	if st != 200 {
		t.Fatalf("self-evaluation entry: %d", st)
	}
	// A visitor sees nothing of it before finance's 复核: the page reads
	// as before anything was recorded (TestEvalReviewPages goes on to the
	// end).
	if _, body = visitor.get(base); !strings.Contains(body, "尚未填报年度自评") || strings.Contains(body, "78.48") {
		t.Errorf("a visitor sees the unreviewed self-evaluation")
	}
	if _, body = visitor.get(base + "/projects/9/sheet"); strings.Contains(body, "78.48") || strings.Contains(body, "部分档案缺页") {
		t.Errorf("a visitor's 自评表 shows the unreviewed self-evaluation")
	}
	_, body = filer.get(base)
	// Project 9 as worked out by hand in internal/eval: 78.48 中; the other
	// eleven were not filled in: 未评, left out of the average (78.48).
	if !strings.Contains(body, `data-average>78.48<`) || !strings.Contains(body, `data-scored>1<`) ||
		!strings.Contains(body, `data-not-evaluated>11<`) || !strings.Contains(body, "未评 11 个不计入平均分和等级") || !strings.Contains(body, "得分分布") || !strings.Contains(body, `id="rank-score"`) {
		t.Errorf("document evaluation page lacks the scores")
	}
	if !strings.Contains(evalBetween(body, `id="rank-score"`, "</tbody>"), "职业技能培训质量监督工作经费</td><td class=\"num\">5.00</td><td class=\"num\">78.48") {
		t.Error("ranking by score does not start with project 9")
	}
	if !strings.Contains(evalBetween(body, `id="rank-money"`, "</tbody>"), "<td class=\"num\">1</td><td>市就业补助资金</td>") {
		t.Error("ranking by money does not start with the largest project")
	}
	_, body = filer.get(base + "/projects/9/sheet")
	for _, want := range []string{"项目支出绩效自评表", "产出指标（56.25分）", "效益指标（33.75分）", "偏差原因分析及改进措施", `data-total>78.48<`, `data-grade>中<`, "部分档案缺页（部分达成）"} {
		if !strings.Contains(body, want) {
			t.Errorf("自评表 lacks %q", want)
		}
	}
	if st, book = visitor.get(base + "/projects/9/sheet.xlsx"); st != 200 || !strings.HasPrefix(book, "PK") {
		t.Errorf("自评表 workbook: %d", st)
	}
	if st, _ = visitor.get(base + "/projects/99/sheet"); st != 404 {
		t.Errorf("missing project: %d", st)
	}
	if st, _ = visitor.get(base + "/rounds/nope"); st != 404 {
		t.Errorf("missing round: %d", st)
	}

	// The budget as adjusted: 5.00 published, 3.00 for the year of which
	// 1.00 上年结转, 3.30 spent of which 1.00 上年结转 → 110.00 %, 0.30 over;
	// 当年财政拨款 2.00 with 2.30 spent → 115.00 %.
	st, _ = filer.post(self+"/projects/9", url.Values{"executed": {"3.3"}, "budget": {"3.00"}, "carried_budget": {"1.00"},
		"carried_executed": {"1.00"}, "actual_1": {"3"}, "actual_2": {"1"}, "actual_3": {"12"},
		"actual_4": {"部分档案缺页"}, "grade_4": {"部分达成"}, "score_4": {"25"}})
	if st != 200 {
		t.Fatalf("entry with an adjusted budget: %d", st)
	}
	if _, body = filer.get(self + "/projects/9"); !strings.Contains(body, `name="budget" inputmode="decimal" value="3.00"`) ||
		!strings.Contains(body, `调减后得分（可选）<input name="score_1"`) ||
		!strings.Contains(body, `name="carried_executed" inputmode="decimal" value="1.00"`) {
		t.Errorf("the form does not show the stored budget: %s", evalBetween(body, `id="money-h"`, "</section>"))
	}
	_, body = filer.get(base + "/projects/9/sheet")
	for _, want := range []string{`<th class="left">年度资金总额</th><td class="num">5.00</td><td class="num">3.00</td><td class="num">3.30</td><td class="num">10.00</td><td class="num">110.00%</td><td class="num">10.00</td>`,
		`<th class="left">其中：当年财政拨款</th><td class="num">5.00</td><td class="num">2.00</td><td class="num">2.30</td><td class="num">—</td><td class="num">115.00%</td>`,
		`<th class="left">上年结转资金</th><td class="num">—</td><td class="num">1.00</td><td class="num">1.00</td><td class="num">—</td><td class="num">100.00%</td>`,
		"超支：全年执行数超过全年预算数 0.30 万元（执行率 110.00%），须说明原因",
		"计分规则", "该类分值按比例分给其他指标块（本地设定，10号未规定）"} {
		if !strings.Contains(body, want) {
			t.Errorf("自评表 lacks %s", want)
		}
	}
}

func evalBetween(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// evalUpload posts a file as the session would from the upload form.
func evalUpload(t *testing.T, s *session, path, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf_token", s.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.read(s.c.Do(req))
}
