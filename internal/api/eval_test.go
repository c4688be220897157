package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
)

const huaduSample = "huadu-employment-center-2024.txt"

// huaduActualsDir holds the hand-made actuals of the Huadu sample whose
// scores internal/eval's TestHuaduSelfEvaluation works out by hand.
var huaduActualsDir = filepath.Join("..", "eval", "testdata", "huadu-2024")

// evalAnswer is the part of an error answer of the evaluation endpoints
// the tests read.
type evalAnswer struct {
	Error struct {
		Code     string
		Message  string
		Problems []struct {
			Field      string
			ProjectSeq int `json:"project_seq"`
			Seq        int
			Message    string
		}
	}
}

// huaduBody is the JSON of PUT /actuals holding the rows of the two CSV
// files of huaduActualsDir, field for field.
func huaduBody(t *testing.T) map[string]any {
	t.Helper()
	rows := func(name string) []map[string]string {
		data, err := os.ReadFile(filepath.Join(huaduActualsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return readCSV(t, data)
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var projects, indicators []map[string]any
	for _, r := range rows("execution.csv") {
		projects = append(projects, map[string]any{"project_seq": atoi(r["project_seq"]), "project": r["project"], "executed": r["executed"]})
	}
	for _, r := range rows("actuals.csv") {
		m := map[string]any{"project_seq": atoi(r["project_seq"]), "seq": atoi(r["seq"]), "name": r["name"]}
		for _, col := range []string{"annual_target", "actual", "grade", "score", "note", "weight"} {
			if r[col] != "" {
				m[col] = r[col]
			}
		}
		if r["deviation_reasons"] != "" {
			m["deviation_reasons"] = strings.Split(r["deviation_reasons"], "、")
		}
		indicators = append(indicators, m)
	}
	return map[string]any{"projects": projects, "indicators": indicators}
}

// recorded is an actuals answer without its round (whose updated_at every
// save moves): what is recorded.
func recorded(t *testing.T, body []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	delete(m, "round")
	b, _ := json.Marshal(m)
	return string(b)
}

// TestEvalAPI: a finance reviewer opens a monitoring round, the Huadu
// actuals are recorded over the API, and the scores and lights are those
// `jixiao eval score` and `jixiao eval lights` compute (internal/eval over
// the same files and the stored round); scope, hidden drafts, bad input
// and the document's state are refused with 403, 404, 422 and 409.
func TestEvalAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newSampleFixture(t, st, huaduSample)
		ctx := context.Background()
		id := f.source.ID
		doc, err := st.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/documents/%d", id)
		ev := st.(jixiao.EvalProvider).Eval()

		t.Run("rounds", func(t *testing.T) { testOpenRound(t, f, base) })

		// The year-end self-evaluation from the Huadu files.
		status, body := f.call("PUT", base+"/actuals", f.tokens["finance"], huaduBody(t))
		if status != http.StatusOK {
			t.Fatalf("PUT actuals: %d %s", status, body)
		}
		want, err := eval.ReadPath(huaduActualsDir, doc, eval.SelfEvalRound(doc), eval.Default())
		if err != nil {
			t.Fatal(err)
		}
		checkScores(t, f, base+"/scores", doc, want)

		// GET answers what PUT takes back: sending it again changes nothing.
		_, got := f.call("GET", base+"/actuals", f.tokens["finance"], nil)
		var view map[string]any
		json.Unmarshal(got, &view)
		if status, again := f.call("PUT", base+"/actuals?round="+url.QueryEscape(jixiao.SelfEvalRoundName), f.tokens["filer"], view); status != http.StatusOK || recorded(t, again) != recorded(t, got) {
			t.Errorf("PUT of GET's answer: %d\n%s\nwant\n%s", status, again, got)
		}
		if n := len(view["indicators"].([]any)); n != 30 {
			t.Errorf("%d indicators recorded, want the 30 rows of actuals.csv", n)
		}

		t.Run("lights", func(t *testing.T) { testLights(t, f, base, doc, ev) })
		t.Run("refused", func(t *testing.T) { testEvalRefusals(t, f, base, got) })
		t.Run("draft", func(t *testing.T) { testEvalDraft(t, f) })
		t.Run("adjusted budget", func(t *testing.T) { testAdjustedBudget(t, f, base) })
	})
}

// testAdjustedBudget: a 全年预算数 with its 上年结转 part is stored and read
// back, and execution is scored against it: project 1 adjusted from 50.60
// to 40.00 (5.00 上年结转) with 48.07 spent runs at 48.07 ÷ 40 = 120.18 %,
// 8.07 over, flagged; the 10 points are kept, not raised. A split larger
// than its total is refused at its field.
func testAdjustedBudget(t *testing.T, f *wfFixture, base string) {
	body := map[string]any{"projects": []map[string]any{{"project_seq": 1, "budget": "40.00", "carried_budget": "5.00",
		"executed": "48.07", "carried_executed": "5.00"}}}
	if status, got := f.call("PUT", base+"/actuals", f.tokens["finance"], body); status != http.StatusOK {
		t.Fatalf("PUT adjusted budget: %d %s", status, got)
	}
	_, got := f.call("GET", base+"/actuals", f.tokens["finance"], nil)
	var v struct{ Projects []map[string]string }
	json.Unmarshal(got, &v)
	p1 := v.Projects[0]
	if p1["budget"] != "40.00" || p1["carried_budget"] != "5.00" || p1["carried_executed"] != "5.00" || p1["other_budget"] != "" {
		t.Errorf("read back %v", p1)
	}
	_, got = f.call("GET", base+"/scores", f.tokens["finance"], nil)
	var sv struct {
		Items []struct {
			Budget         string
			ExecutionRate  string `json:"execution_rate"`
			ExecutionScore string `json:"execution_score"`
			Flags          []string
		}
	}
	json.Unmarshal(got, &sv)
	s1 := sv.Items[0]
	if s1.Budget != "40.00" || s1.ExecutionRate != "120.18%" || s1.ExecutionScore != "10.00" || len(s1.Flags) == 0 ||
		s1.Flags[0] != "超支：全年执行数超过全年预算数 8.07 万元（执行率 120.18%），须说明原因；该项按满分计" {
		t.Errorf("project 1 scored %+v", s1)
	}
	body = map[string]any{"projects": []map[string]any{{"project_seq": 1, "budget": "40.00", "carried_budget": "45.00"}}}
	if status, got := f.call("PUT", base+"/actuals", f.tokens["finance"], body); status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(got), `"projects[0].carried_budget"`) {
		t.Errorf("a part above its total: %d %s", status, got)
	}
}

// checkScores compares GET scores with eval.Score on the actuals read from
// the files (what `jixiao eval score --format csv` prints, row for row),
// and with figures worked out by hand in internal/eval's Huadu test.
func checkScores(t *testing.T, f *wfFixture, path string, doc *jixiao.Document, want *jixiao.Actuals) {
	t.Helper()
	res, err := eval.Score(eval.Default(), doc, want)
	if err != nil {
		t.Fatal(err)
	}
	status, body := f.call("GET", path, f.tokens["finance"], nil)
	var got struct {
		Recorded bool
		Items    []map[string]any
		Units    []struct{ Average string }
		Document struct {
			Projects, Count int
			NotEvaluated    int `json:"not_evaluated"`
			Incomplete      int
			Average         string
			Grades          map[string]int
			LeftOut         string `json:"left_out"`
		}
		Problems []any
	}
	if err := json.Unmarshal(body, &got); status != http.StatusOK || err != nil {
		t.Fatalf("GET scores: %d %v %s", status, err, body)
	}
	if !got.Recorded || len(got.Items) != len(res.Projects) || len(got.Problems) != 0 {
		t.Fatalf("scores: recorded %v, %d rows (want %d), problems %v", got.Recorded, len(got.Items), len(res.Projects), got.Problems)
	}
	for i := range res.Projects {
		row := eval.ScoreRow(&res.Projects[i])
		for j, col := range eval.ScoreHeader {
			g := fmt.Sprint(got.Items[i][col])
			if col == "missing" { // a list in JSON, joined by ； in CSV
				g = strings.Trim(strings.ReplaceAll(g, " ", "；"), "[]")
			}
			if g != row[j] {
				t.Errorf("project %s %s: %q, CLI %q", row[0], col, g, row[j])
			}
		}
	}
	// By hand (internal/eval/huadu_test.go): project 1 scores 9.50 + 46.66
	// + 25.00 + 9.70 = 90.86 (优); half the projects were filled in, and
	// the six scored average 80.44 with 优 1, 良 2, 中 2, 差 1; the other six
	// are 未评, with no total or grade, and left out.
	p1, p4 := got.Items[0], got.Items[3]
	if p1["total"] != "90.86" || p1["grade"] != "优" || p1["status"] != "已评" || p1["execution_score"] != "9.50" || p1["output_score"] != "46.66" {
		t.Errorf("project 1: %v", p1)
	}
	if p4["total"] != "" || p4["grade"] != "" || p4["status"] != "未评" {
		t.Errorf("project 4: %v", p4)
	}
	d := got.Document
	if d.Projects != 12 || d.Count != 6 || d.NotEvaluated != 6 || d.Incomplete != 0 || d.Average != "80.44" ||
		d.Grades["优"] != 1 || d.Grades["良"] != 2 || d.Grades["中"] != 2 || d.Grades["差"] != 1 || d.LeftOut != "未评 6 个不计入平均分和等级" {
		t.Errorf("document summary %+v", d)
	}
	if len(got.Units) != 1 || got.Units[0].Average != "80.44" {
		t.Errorf("unit summaries %+v", got.Units)
	}
}

// testOpenRound: only finance and admins open rounds, once per name, with
// a cut-off read from the name or given.
func testOpenRound(t *testing.T, f *wfFixture, base string) {
	status, body := f.call("GET", base+"/rounds", "", nil)
	var list struct{ Items []map[string]any }
	json.Unmarshal(body, &list)
	if status != 200 || len(list.Items) != 1 || list.Items[0]["name"] != jixiao.SelfEvalRoundName || list.Items[0]["id"] != nil {
		t.Fatalf("rounds before any: %d %s", status, body)
	}
	round := map[string]string{"name": "2024年1-7月"}
	if status, _ := f.call("POST", base+"/rounds", "", round); status != http.StatusUnauthorized {
		t.Errorf("anonymous opens a round: %d", status)
	}
	if status, _ := f.call("POST", base+"/rounds", f.tokens["filer"], round); status != http.StatusForbidden {
		t.Errorf("filer opens a round: %d", status)
	}
	status, body = f.call("POST", base+"/rounds", f.tokens["finance"], round)
	var rd map[string]any
	json.Unmarshal(body, &rd)
	if status != http.StatusCreated || rd["cut_off"] != "2024-07-31" || rd["kind"] != "monitoring" || rd["id"] == nil {
		t.Fatalf("finance opens 2024年1-7月: %d %s", status, body)
	}
	if status, _ := f.call("POST", base+"/rounds", f.tokens["admin"], round); status != http.StatusConflict {
		t.Errorf("the same round again: %d", status)
	}
	for _, c := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"name": " "}, "name"},
		{map[string]string{"name": "第三季度"}, "name"},
		{map[string]string{"name": "第三季度", "cut_off": "2024/09/30"}, "cut_off"},
	} {
		status, body := f.call("POST", base+"/rounds", f.tokens["finance"], c.body)
		var e evalAnswer
		json.Unmarshal(body, &e)
		if status != http.StatusUnprocessableEntity || e.Error.Code != "invalid_input" || len(e.Error.Problems) != 1 || e.Error.Problems[0].Field != c.field {
			t.Errorf("open %v: %d %s, want 422 on %s", c.body, status, body, c.field)
		}
	}
	status, body = f.call("POST", base+"/rounds", f.tokens["admin"], map[string]string{"name": "第三季度", "cut_off": "2024-09-30"})
	if status != http.StatusCreated || !strings.Contains(string(body), `"cut_off":"2024-09-30"`) {
		t.Errorf("round with a cut-off: %d %s", status, body)
	}
	_, body = f.call("GET", base+"/rounds", "", nil)
	json.Unmarshal(body, &list)
	var names []string
	for _, it := range list.Items {
		names = append(names, it["name"].(string))
	}
	if !slices.Equal(names, []string{"2024年1-7月", "第三季度", jixiao.SelfEvalRoundName}) {
		t.Errorf("rounds %v", names)
	}
}

// testLights records project 1's execution and two indicators in the
// monitoring round and reads the lights `jixiao eval lights` gives.
func testLights(t *testing.T, f *wfFixture, base string, doc *jixiao.Document, ev jixiao.EvalStore) {
	round := "?round=" + url.QueryEscape("2024年1-7月")
	in := map[string]any{
		"projects": []map[string]any{{"project_seq": 1, "executed": "20.00", "forecast": "50.60"}},
		"indicators": []map[string]any{
			{"project_seq": 1, "seq": 1, "actual": "6人", "forecast": "20", "likelihood": "有可能", "deviation_reasons": []string{"人员"}, "note": "符合条件的家属少"},
			{"project_seq": 1, "seq": 2, "actual": "95%"},
		},
	}
	if status, body := f.call("PUT", base+"/actuals"+round, f.tokens["filer"], in); status != http.StatusOK {
		t.Fatalf("filer records the round: %d %s", status, body)
	}
	a, err := ev.Actuals(context.Background(), doc.ID, "2024年1-7月")
	if err != nil {
		t.Fatal(err)
	}
	if ia, _ := a.Indicator(1, 1); ia.Value != "6" || len(ia.Reasons) != 1 || ia.Reasons[0] != jixiao.ReasonStaff || ia.Likelihood != jixiao.LikelihoodPossible {
		t.Errorf("stored indicator 1.1: %+v", ia)
	}
	want := eval.Lights(eval.Default(), doc, a)
	status, body := f.call("GET", base+"/lights"+round, f.tokens["finance"], nil)
	var got struct {
		Counts map[string]int
		Items  []eval.ProjectLights
	}
	if err := json.Unmarshal(body, &got); status != 200 || err != nil {
		t.Fatalf("GET lights: %d %v %s", status, err, body)
	}
	if len(got.Items) != len(want) {
		t.Fatalf("%d projects lit, want %d", len(got.Items), len(want))
	}
	for i := range want {
		w, g := want[i], got.Items[i]
		if w.Indicators == nil {
			w.Indicators = []eval.IndicatorLight{}
		}
		if fmt.Sprint(w) != fmt.Sprint(g) {
			t.Errorf("project %d lights\n%+v\nCLI\n%+v", w.ProjectSeq, g, w)
		}
	}
	// 20.00 of 50.60 is 39.53 % at 213/366 = 58.20 % of the year: more than
	// 10 and less than 20 points behind, yellow. 6 of 20 people to date
	// (red by the calendar), but 136号 judges the forecast, 20 of 20: met;
	// the unit's 有可能 makes it yellow.
	p1 := got.Items[0]
	if p1.ExecutionRate != "39.53%" || p1.Execution.Color != eval.Yellow || p1.Indicators[0].Light.Color != eval.Yellow ||
		p1.Overall.Color != eval.Yellow || !strings.Contains(p1.Overall.Reason, "1 项指标黄灯") {
		t.Errorf("project 1 lights %+v", p1)
	}
	if got.Counts["yellow"] != 1 || got.Counts["none"] != len(want)-1 {
		t.Errorf("counts %v", got.Counts)
	}
	if status, _ := f.call("GET", base+"/lights?round="+url.QueryEscape("2024年1-8月"), "", nil); status != http.StatusNotFound {
		t.Errorf("lights of a round never opened: %d", status)
	}
}

// testEvalRefusals: out of scope (403), bad input (422, at the field,
// nothing stored), no session (401), a cookie without CSRF token (403).
// stored is GET actuals of the self-evaluation, which none may change.
func testEvalRefusals(t *testing.T, f *wfFixture, base string, stored []byte) {
	one := map[string]any{"projects": []map[string]any{{"project_seq": 1, "executed": "1.00"}}}
	for _, who := range []string{"filer-out", "dept-out"} {
		status, body := f.call("PUT", base+"/actuals", f.tokens[who], one)
		if status != http.StatusForbidden || !strings.Contains(string(body), "填报范围") {
			t.Errorf("%s records project 1: %d %s", who, status, body)
		}
	}
	if status, _ := f.call("PUT", base+"/actuals", "", one); status != http.StatusUnauthorized {
		t.Errorf("anonymous records: %d", status)
	}
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"negative money", map[string]any{"projects": []map[string]any{{"project_seq": 1, "executed": "-1"}}}, "projects[0].executed"},
		{"money with seven decimals", map[string]any{"projects": []map[string]any{{"project_seq": 1, "executed": "1.2345678"}}}, "projects[0].executed"},
		{"unknown project", map[string]any{"projects": []map[string]any{{"project_seq": 99, "executed": "1"}}}, "projects[0].project_seq"},
		{"wrong project name", map[string]any{"projects": []map[string]any{{"project_seq": 1, "project": "别的项目", "executed": "1"}}}, "projects[0].project"},
		{"unknown indicator", map[string]any{"indicators": []map[string]any{{"project_seq": 1, "seq": 99, "actual": "1"}}}, "indicators[0].seq"},
		{"text for a number", map[string]any{
			"projects":   []map[string]any{{"project_seq": 1, "executed": "1.00"}},
			"indicators": []map[string]any{{"project_seq": 1, "seq": 2, "actual": "95%"}, {"project_seq": 1, "seq": 1, "actual": "很多人"}},
		}, "indicators[1].actual"},
		{"bad grade", map[string]any{"indicators": []map[string]any{{"project_seq": 9, "seq": 4, "actual": "档案齐全", "grade": "很好"}}}, "indicators[0].grade"},
		{"score outside the band", map[string]any{"indicators": []map[string]any{{"project_seq": 9, "seq": 4, "grade": "部分达成", "score": "33"}}}, "indicators[0].score"},
		{"bad reason", map[string]any{"indicators": []map[string]any{{"project_seq": 1, "seq": 1, "actual": "3", "deviation_reasons": []string{"天气"}}}}, "indicators[0].deviation_reasons"},
		{"bad likelihood", map[string]any{"indicators": []map[string]any{{"project_seq": 1, "seq": 1, "actual": "3", "likelihood": "也许"}}}, "indicators[0].likelihood"},
		{"text against an entered target", map[string]any{"indicators": []map[string]any{{"project_seq": 9, "seq": 4, "annual_target": "≥10份", "actual": "很多"}}}, "indicators[0].actual"},
		{"a target for a number", map[string]any{"indicators": []map[string]any{{"project_seq": 1, "seq": 1, "annual_target": "≥30人", "actual": "3"}}}, "indicators[0].annual_target"},
		{"nothing", map[string]any{"projects": []any{}}, "projects"},
	} {
		status, body := f.call("PUT", base+"/actuals", f.tokens["finance"], c.body)
		var e evalAnswer
		json.Unmarshal(body, &e)
		if status != http.StatusUnprocessableEntity || e.Error.Code != "invalid_input" || len(e.Error.Problems) == 0 ||
			e.Error.Problems[0].Field != c.field || !strings.Contains(e.Error.Message, c.field) {
			t.Errorf("%s: %d %s, want 422 on %s", c.name, status, body, c.field)
		}
	}
	if status, _ := f.call("PUT", base+"/actuals", f.tokens["finance"], map[string]any{"projects": []map[string]any{{"project_seq": 1, "excuted": "1"}}}); status != http.StatusBadRequest {
		t.Errorf("misspelt field: %d, want 400", status)
	}
	if status, _ := f.call("PUT", base+"/actuals?round=nope", f.tokens["finance"], one); status != http.StatusNotFound {
		t.Errorf("PUT into a round never opened: %d", status)
	}
	if _, now := f.call("GET", base+"/actuals", f.tokens["finance"], nil); recorded(t, now) != recorded(t, stored) {
		t.Errorf("a refused request changed the round:\n%s\nwas\n%s", now, stored)
	}
	// A browser session changes nothing without its CSRF token.
	req, _ := http.NewRequest("PUT", f.base+base+"/actuals", strings.NewReader(`{"projects":[{"project_seq":1,"executed":"1"}]}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "jixiao_session", Value: f.tokens["finance"]})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cookie without CSRF token: %d", resp.StatusCode)
	}
}

// testEvalDraft: a draft is 404 to whoever may not see it, and no round
// is opened or recorded in it (409) by one who may.
func testEvalDraft(t *testing.T, f *wfFixture) {
	d := f.draft()
	base := fmt.Sprintf("/api/v1/documents/%d", d.ID)
	for _, p := range []string{"/rounds", "/actuals", "/scores", "/lights"} {
		if status, _ := f.call("GET", base+p, "", nil); status != http.StatusNotFound {
			t.Errorf("anonymous GET %s of a draft: %d", p, status)
		}
		if status, _ := f.call("GET", base+p, f.tokens["filer-out"], nil); status != http.StatusNotFound {
			t.Errorf("outside filer GET %s of a draft: %d", p, status)
		}
	}
	if status, _ := f.call("GET", base+"/scores", f.tokens["finance"], nil); status != http.StatusOK {
		t.Errorf("finance reads a draft's scores: %d", status)
	}
	if status, _ := f.call("POST", base+"/rounds", f.tokens["finance"], map[string]string{"name": "2025年1-7月"}); status != http.StatusConflict {
		t.Errorf("a round in a draft: %d", status)
	}
	one := map[string]any{"projects": []map[string]any{{"project_seq": 1, "executed": "1.00"}}}
	if status, _ := f.call("PUT", base+"/actuals", f.tokens["finance"], one); status != http.StatusConflict {
		t.Errorf("actuals in a draft: %d", status)
	}
	if status, _ := f.call("PUT", base+"/actuals", f.tokens["filer-out"], one); status != http.StatusNotFound {
		t.Errorf("outside filer writes to a hidden draft: %d", status)
	}
}
