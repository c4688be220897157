package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strings"
	"sync"
	"testing"

	"jixiao"
)

func decodeTo[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

type errBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Current struct {
		Goal    string `json:"goal"`
		Version int64  `json:"version"`
	} `json:"current"`
}

// TestConcurrentEditOverAPI: two filers load version 1 and save at once;
// one save wins, the other gets 409 stale_version with the winner's
// content, and the history shows both attempts with their authors.
func TestConcurrentEditOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		second := &jixiao.User{Username: "第二填报人", Role: jixiao.RoleFiler, Unit: f.users["filer"].Unit}
		if err := f.wf.CreateUser(t.Context(), second, testHash(), jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		_, body := f.call("POST", "/api/v1/session", "", map[string]string{"username": second.Username, "password": testPassword})
		tok2 := decodeTo[struct{ Token string }](t, body).Token
		d := f.draft()
		p := d.Projects[0]
		a, b := f.projectJSON(p.ID, 1), f.projectJSON(p.ID, 1)
		a["goal"], b["goal"] = "填报人的目标", "第二填报人的目标"
		var wg sync.WaitGroup
		status := make([]int, 2)
		bodies := make([][]byte, 2)
		for i, c := range []struct {
			tok  string
			body map[string]any
		}{{f.tokens["filer"], a}, {tok2, b}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status[i], bodies[i] = f.call("PUT", fmt.Sprintf("/api/v1/projects/%d", p.ID), c.tok, c.body)
			}()
		}
		wg.Wait()
		won, lost := 0, 1
		if status[0] != 200 {
			won, lost = 1, 0
		}
		if status[won] != 200 || status[lost] != 409 {
			t.Fatalf("statuses %v: %s / %s", status, bodies[0], bodies[1])
		}
		e := decodeTo[errBody](t, bodies[lost])
		winnerGoal := []string{"填报人的目标", "第二填报人的目标"}[won]
		if e.Error.Code != "stale_version" || e.Current.Goal != winnerGoal || e.Current.Version != 2 {
			t.Errorf("409 answer %+v", e)
		}
		_, hb := f.call("GET", fmt.Sprintf("/api/v1/documents/%d/history", d.ID), f.tokens["filer"], nil)
		h := decodeTo[struct{ Items []jixiao.AuditEntry }](t, hb)
		var edits []string
		for _, en := range h.Items {
			if en.Action == jixiao.ActionEdit {
				edits = append(edits, en.Username+":"+en.Outcome)
			}
		}
		// The winner's save is recorded as ok and the loser's as a
		// conflict, each under its own author.
		names := []string{f.users["filer"].Username, second.Username}
		want := []string{names[won] + ":ok", names[lost] + ":conflict"}
		slices.Sort(edits)
		slices.Sort(want)
		if !slices.Equal(edits, want) {
			t.Errorf("history edits %v, want %v", edits, want)
		}
		// Saving again on the stale version is still refused; on the
		// current one it goes through.
		if s, _ := f.call("PUT", fmt.Sprintf("/api/v1/projects/%d", p.ID), f.tokens["filer"], f.projectJSON(p.ID, 1)); s != 409 {
			t.Errorf("stale save again: %d", s)
		}
		if s, body := f.call("PUT", fmt.Sprintf("/api/v1/projects/%d", p.ID), f.tokens["filer"], f.projectJSON(p.ID, 2)); s != 200 {
			t.Errorf("save on version 2: %d %s", s, body)
		}
	})
}

// TestReviewCycleOverAPI walks one document from draft to publication:
// a vague target blocks nothing but shows as a finding, an error finding
// blocks submission, a return carries its comment on one indicator, and
// the published document is readable by anyone.
func TestReviewCycleOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		tok := f.tokens
		s, body := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/drafts", f.source.ID), tok["dept"], map[string]any{"year": 2025})
		if s != 201 {
			t.Fatalf("draft: %d %s", s, body)
		}
		d := decodeTo[jixiao.Document](t, body)
		if d.Year != 2025 || !strings.Contains(d.Title, "项目支出绩效目标表") {
			t.Errorf("draft %d %q", d.Year, d.Title)
		}
		// Before publication the draft is hidden from visitors and from
		// other departments.
		for _, who := range []string{"", tok["dept-out"], tok["filer-out"]} {
			if s, _ := f.call("GET", fmt.Sprintf("/api/v1/documents/%d/workflow", d.ID), who, nil); s != 404 {
				t.Errorf("draft visible: %d", s)
			}
		}
		p := d.Projects[0]
		url := fmt.Sprintf("/api/v1/projects/%d", p.ID)
		tr := url + "/transitions"
		// An indicator whose quantitative target lacks its number is an
		// error: submission is refused until it is fixed.
		body2 := f.projectJSON(p.ID, 1)
		inds := body2["indicators"].([]any)
		ind := inds[0].(map[string]any)
		ind["annual_target"] = map[string]any{"text": ""}
		s, body = f.call("PUT", url, tok["filer"], body2)
		if s != 200 {
			t.Fatalf("save: %d %s", s, body)
		}
		saved := decodeTo[struct {
			Version  int64
			Findings []jixiao.Finding
		}](t, body)
		if saved.Version != 2 {
			t.Errorf("version after save: %d", saved.Version)
		}
		if !jixiao.HasErrors(saved.Findings) {
			t.Fatalf("an empty annual target gave no error finding: %v", saved.Findings)
		}
		if s, body := f.call("POST", tr, tok["filer"], map[string]any{"action": "submit"}); s != 409 || !strings.Contains(string(body), "错误级别") {
			t.Errorf("submit with an error finding: %d %s", s, body)
		}
		body2 = f.projectJSON(p.ID, 2)
		body2["indicators"].([]any)[0].(map[string]any)["annual_target"] = map[string]any{"op": ">=", "value": "100", "unit": "%"}
		s, body = f.call("PUT", url, tok["filer"], body2)
		if s != 200 {
			t.Fatalf("fix: %d %s", s, body)
		}
		if got, _ := f.st.Project(t.Context(), p.ID); got.Indicators[0].Annual.Text != "≥100%" || got.Indicators[0].Annual.Op != jixiao.GE {
			t.Errorf("target from comparator, number and unit: %+v", got.Indicators[0].Annual)
		}
		step := func(who, action string, extra map[string]any, want int) {
			t.Helper()
			in := map[string]any{"action": action}
			for k, v := range extra {
				in[k] = v
			}
			if s, body := f.call("POST", tr, tok[who], in); s != want {
				t.Fatalf("%s %s: %d %s", who, action, s, body)
			}
		}
		step("filer", "submit", nil, 200)
		step("filer", "submit", nil, 409)    // already submitted
		step("finance", "approve", nil, 409) // the department reviews first
		step("dept", "return", nil, 400)     // a return needs a comment
		step("dept", "return", map[string]any{"comment": "请细化", "indicator_seq": 99}, 400)
		step("dept", "return", map[string]any{"comment": "指标1的指标值请量化", "indicator_seq": 1}, 200)
		if s, _ := f.call("PUT", url, tok["filer"], f.projectJSON(p.ID, 3)); s != 200 {
			t.Fatalf("edit after return: %d", s)
		}
		step("filer", "submit", nil, 200)
		if s, body := f.call("PUT", url, tok["filer"], f.projectJSON(p.ID, 4)); s != 409 || !strings.Contains(string(body), "等待主管部门审核") {
			t.Errorf("edit while submitted: %d %s", s, body)
		}
		step("dept", "approve", nil, 200)
		step("finance", "approve", nil, 200)
		pub := fmt.Sprintf("/api/v1/documents/%d/transitions", d.ID)
		if s, body := f.call("POST", pub, tok["finance"], map[string]any{"action": "publish"}); s != 409 || !strings.Contains(string(body), "未通过财政审核") {
			t.Fatalf("early publish: %d %s", s, body)
		}
		for _, q := range d.Projects[1:] {
			f.walk(q.ID, jixiao.ActionSubmit, jixiao.ActionDeptApprove, jixiao.ActionFinanceApprove)
		}
		if s, body := f.call("POST", pub, tok["finance"], map[string]any{"action": "publish"}); s != 200 {
			t.Fatalf("publish: %d %s", s, body)
		}
		s, body = f.call("GET", fmt.Sprintf("/api/v1/documents/%d/workflow", d.ID), "", nil)
		if s != 200 || !strings.Contains(string(body), `"state":"已公开"`) {
			t.Errorf("anonymous read of the published document: %d %s", s, body)
		}
		step("finance", "return", map[string]any{"comment": "晚了"}, 409) // frozen
		_, hb := f.call("GET", fmt.Sprintf("/api/v1/documents/%d/history", d.ID), tok["dept"], nil)
		h := decodeTo[struct{ Items []jixiao.AuditEntry }](t, hb)
		var steps []string
		for _, e := range h.Items {
			if e.ProjectID == p.ID || e.ProjectID == 0 {
				steps = append(steps, e.Username+" "+string(e.Action))
			}
		}
		want := "部门审核人 create_draft|填报人 edit|填报人 edit|填报人 submit|部门审核人 dept_return|填报人 edit|填报人 submit|部门审核人 dept_approve|财政审核人 finance_approve|财政审核人 publish"
		if strings.Join(steps, "|") != want {
			t.Errorf("history:\n%s\nwant:\n%s", strings.Join(steps, "|"), want)
		}
		for _, e := range h.Items {
			if e.Action == jixiao.ActionDeptReturn && (e.Comment != "指标1的指标值请量化" || e.IndicatorSeq != 1) {
				t.Errorf("return entry %+v", e)
			}
		}
	})
}

// TestSessionOverAPI: login by cookie, CSRF on cookie changes, logout,
// wrong passwords answered 401 and then 429.
func TestSessionOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		post := func(path, body, csrf string) (*http.Response, string) {
			req, _ := http.NewRequest("POST", f.base+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if csrf != "" {
				req.Header.Set("X-CSRF-Token", csrf)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, string(b)
		}
		resp, body := post("/api/v1/session", `{"username":"部门审核人","password":"`+testPassword+`"}`, "")
		if resp.StatusCode != 200 {
			t.Fatalf("login: %d %s", resp.StatusCode, body)
		}
		var ck *http.Cookie
		for _, k := range resp.Cookies() {
			if k.Name == "jixiao_session" {
				ck = k
			}
		}
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
			t.Fatalf("session cookie %+v (plain HTTP: not Secure)", ck)
		}
		s := decodeTo[struct {
			Token     string `json:"token"`
			CSRFToken string `json:"csrf_token"`
		}](t, []byte(body))
		draftPath := fmt.Sprintf("/api/v1/documents/%d/drafts", f.source.ID)
		if resp, body := post(draftPath, `{"year":2025}`, ""); resp.StatusCode != 403 || !strings.Contains(body, "CSRF") {
			t.Errorf("cookie change without CSRF token: %d %s", resp.StatusCode, body)
		}
		if resp, body := post(draftPath, `{"year":2025}`, s.CSRFToken); resp.StatusCode != 201 {
			t.Errorf("cookie change with CSRF token: %d %s", resp.StatusCode, body)
		}
		req, _ := http.NewRequest("DELETE", f.base+"/api/v1/session", nil)
		req.Header.Set("X-CSRF-Token", s.CSRFToken)
		if resp, err := c.Do(req); err != nil || resp.StatusCode != 204 {
			t.Fatalf("logout: %v %v", resp, err)
		}
		if st, _ := f.call("GET", "/api/v1/session", s.Token, nil); st != 401 {
			t.Errorf("token after logout: %d", st)
		}
		for i := 0; i < 5; i++ {
			if st, _ := f.call("POST", "/api/v1/session", "", map[string]string{"username": "部门审核人", "password": "错误的密码错误的密码"}); st != 401 {
				t.Errorf("wrong password %d: %d", i, st)
			}
		}
		if st, _ := f.call("POST", "/api/v1/session", "", map[string]string{"username": "部门审核人", "password": testPassword}); st != 429 {
			t.Errorf("after 5 failures: %d", st)
		}
	})
}

// TestAddRemoveProjectOverAPI: a filer adds a project of its own unit to a
// draft and removes one; other units, roles and visitors are refused.
func TestAddRemoveProjectOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		unit := f.users["filer"].Unit
		body := map[string]any{"unit": unit, "project": "新增的就业培训项目", "goal": "培训 500 人次",
			"amounts": map[string]any{"total": 1000000, "fiscal": 1000000, "special_account": 0, "other": 0},
			"indicators": []any{map[string]any{"level2_code": "11", "name": "培训人次",
				"annual_target": map[string]any{"op": ">=", "value": "500", "unit": "人次"}}}}
		path := fmt.Sprintf("/api/v1/documents/%d/projects", d.ID)
		for who, want := range map[string]int{"anonymous": 404, "filer-out": 404, "dept": 403, "finance": 403, "admin": 403} {
			if s, b := f.call("POST", path, f.tokens[who], body); s != want {
				t.Errorf("%s adds: %d %s", who, s, b)
			}
		}
		other := map[string]any{"unit": "广州市荔湾区社会保险基金管理中心", "project": "别人的项目"}
		if s, b := f.call("POST", path, f.tokens["filer"], other); s != 403 {
			t.Errorf("filer adds to another unit: %d %s", s, b)
		}
		s, b := f.call("POST", path, f.tokens["filer"], body)
		if s != 201 {
			t.Fatalf("add: %d %s", s, b)
		}
		added := decodeTo[struct {
			ID         int64
			Seq        int
			Version    int64
			Indicators []jixiao.Indicator
		}](t, b)
		if added.Seq != len(d.Projects)+1 || added.Version != 1 || len(added.Indicators) != 1 ||
			added.Indicators[0].Level1 != "产出指标" || added.Indicators[0].Annual.Text != "≥500人次" {
			t.Errorf("added %+v", added)
		}
		if s, b := f.call("DELETE", fmt.Sprintf("/api/v1/projects/%d", d.Projects[0].ID), f.tokens["dept"], nil); s != 403 {
			t.Errorf("dept removes: %d %s", s, b)
		}
		if s, b := f.call("DELETE", fmt.Sprintf("/api/v1/projects/%d", d.Projects[0].ID), f.tokens["filer"], nil); s != 204 {
			t.Fatalf("remove: %d %s", s, b)
		}
		got, err := st.Document(t.Context(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Projects) != len(d.Projects) || got.Projects[len(got.Projects)-1].Seq != len(d.Projects) {
			t.Errorf("after add and remove: %d projects, last seq %d", len(got.Projects), got.Projects[len(got.Projects)-1].Seq)
		}
		f.walk(added.ID, jixiao.ActionSubmit)
		if s, b := f.call("DELETE", fmt.Sprintf("/api/v1/projects/%d", added.ID), f.tokens["filer"], nil); s != 409 {
			t.Errorf("remove a submitted project: %d %s", s, b)
		}
	})
}

// TestGetIsWhatPutTakes: the JSON GET /projects/{id} answers, with one
// field changed, is a valid PUT body (issue 6 part 6): it saves as the
// next version; the same body sent again names a stale version and is
// refused with 409, and nothing is overwritten.
func TestGetIsWhatPutTakes(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		tok := f.tokens["filer"]
		p := f.draft().Projects[0]
		path := fmt.Sprintf("/api/v1/projects/%d", p.ID)
		s, body := f.call("GET", path, tok, nil)
		got := decodeTo[map[string]any](t, body)
		if s != 200 || got["version"] != 1.0 || got["state"] != string(jixiao.StateDraft) || got["document_state"] != string(jixiao.DocDraft) {
			t.Fatalf("GET %s: %d version %v state %v document_state %v", path, s, got["version"], got["state"], got["document_state"])
		}
		if got["read_only_reason"] != nil {
			t.Errorf("the filer may edit its draft, yet read_only_reason %q", got["read_only_reason"])
		}
		edited := decodeTo[map[string]any](t, body)
		edited["goal"] = "年内完成就业培训 3000 人次，培训后就业率不低于 60%"
		s, saved := f.call("PUT", path, tok, edited)
		after := decodeTo[map[string]any](t, saved)
		if s != 200 || after["version"] != 2.0 || after["goal"] != edited["goal"] {
			t.Fatalf("PUT the GET answer with a new goal: %d version %v goal %v\n%.300s", s, after["version"], after["goal"], saved)
		}
		s, stale := f.call("PUT", path, tok, got)
		e := decodeTo[errBody](t, stale)
		if s != 409 || e.Error.Code != "stale_version" || e.Current.Version != 2 || e.Current.Goal != edited["goal"] {
			t.Errorf("PUT the old body again: %d %+v", s, e)
		}
		_, again := f.call("GET", path, tok, nil)
		now := decodeTo[map[string]any](t, again)
		if now["version"] != 2.0 || now["goal"] != edited["goal"] {
			t.Errorf("after the refused save: version %v goal %v", now["version"], now["goal"])
		}

		// A published project is shown with its state and why it cannot
		// be edited; the same body PUT back is refused with 409.
		pub := fmt.Sprintf("/api/v1/projects/%d", f.source.Projects[0].ID)
		s, body = f.call("GET", pub, "", nil)
		shown := decodeTo[map[string]any](t, body)
		if s != 200 || shown["version"] != 1.0 || shown["document_state"] != string(jixiao.DocPublished) || shown["read_only_reason"] == nil {
			t.Errorf("GET published %s: %d %v %v %v", pub, s, shown["version"], shown["document_state"], shown["read_only_reason"])
		}
		if s, body := f.call("PUT", pub, f.tokens["finance"], shown); s != 403 && s != 409 {
			t.Errorf("PUT a published project: %d %s", s, body)
		}
	})
}
