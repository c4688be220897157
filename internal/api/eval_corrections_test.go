package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"jixiao"
)

type correctionRow struct {
	ProjectSeq   int    `json:"project_seq"`
	Measures     string `json:"measures"`
	Decision     string `json:"decision"`
	IndicatorSeq int    `json:"indicator_seq"`
	AdjustmentID int64  `json:"adjustment_id"`
	Status       string `json:"status"`
	Light        struct{ Color string }
}

// TestCorrectionsAPI: the API's door to monitoring by 136号. The unit sets
// 宣传活动完成率 累计型; at 40 % on 31 July with a forecast of 70 % its
// project is red and listed for 纠偏; the unit's measures, finance's
// decision 调整绩效目标 and the unit's 目标调整 go through, each refused to
// the wrong role (401, 403), out of order (409) and with bad input (422).
func TestCorrectionsAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		doc, err := st.Document(context.Background(), f.source.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/documents/%d", doc.ID)
		const round = "2024年1-7月"
		q := "?round=" + url.QueryEscape(round)
		p := doc.Projects[2]
		if s, body := f.call("POST", base+"/rounds", f.tokens["finance"], map[string]string{"name": round}); s != http.StatusCreated {
			t.Fatalf("open the round: %d %s", s, body)
		}
		accrual := fmt.Sprintf("%s/projects/%d/indicators/3/accrual", base, p.Seq)
		for who, want := range map[string]int{"": 401, "filer-out": 403, "admin": 403} {
			if s, body := f.call("PUT", accrual, f.tokens[who], map[string]string{"accrual": "cumulative"}); s != want {
				t.Errorf("%q sets the kind: %d %s, want %d", who, s, body, want)
			}
		}
		if s, body := f.call("PUT", accrual, f.tokens["filer"], map[string]string{"accrual": "每月"}); s != 422 || problemField(t, body) != "accrual" {
			t.Errorf("an unknown kind: %d %s", s, body)
		}
		s, body := f.call("PUT", accrual, f.tokens["filer"], map[string]string{"accrual": "cumulative"})
		if k := decodeTo[struct{ Accrual, Label string }](t, body); s != 200 || k.Accrual != "cumulative" || k.Label != "累计型" {
			t.Fatalf("the filer sets 累计型: %d %s", s, body)
		}
		_, body = f.call("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil)
		if got := decodeTo[struct{ Indicators []struct{ Accrual string } }](t, body).Indicators; len(got) < 3 || got[2].Accrual != "cumulative" {
			t.Errorf("the project as read: %s", body)
		}
		actuals := map[string]any{"projects": []map[string]any{{"project_seq": p.Seq, "executed": "3400"}},
			"indicators": []map[string]any{{"project_seq": p.Seq, "seq": 3, "actual": "40", "forecast": "70"}}}
		if s, body := f.call("PUT", base+"/actuals"+q, f.tokens["filer"], actuals); s != 200 {
			t.Fatalf("record: %d %s", s, body)
		}
		_, body = f.call("GET", base+"/lights"+q, f.tokens["finance"], nil)
		lights := decodeTo[struct {
			Items []struct {
				Indicators []struct{ Accrual string }
			}
		}](t, body).Items
		if k := lights[p.Seq-1].Indicators; k[2].Accrual != "cumulative" || k[0].Accrual != "cumulative" || k[3].Accrual != "point" || k[4].Accrual != "" {
			t.Errorf("kinds in the lights: %+v", k)
		}
		list := func() (summary map[string]int, items []correctionRow) {
			t.Helper()
			_, body := f.call("GET", base+"/corrections"+q, f.tokens["finance"], nil)
			v := decodeTo[struct {
				Summary map[string]int
				Items   []correctionRow
			}](t, body)
			return v.Summary, v.Items
		}
		sum, items := list()
		if sum["red"] != 1 || sum["deviating"] != 1 || len(items) != 1 || items[0].ProjectSeq != p.Seq || items[0].Light.Color != "red" ||
			items[0].Status != "待单位填报纠偏措施" {
			t.Fatalf("corrections: %v %+v", sum, items)
		}
		if s, _ := f.call("GET", base+"/corrections", f.tokens["finance"], nil); s != 400 {
			t.Errorf("corrections of the self-evaluation: %d, want 400", s)
		}
		measures := fmt.Sprintf("%s/corrections/%d/measures%s", base, p.Seq, q)
		decision := fmt.Sprintf("%s/corrections/%d/decision%s", base, p.Seq, q)
		adjust := fmt.Sprintf("%s/corrections/%d/adjustment%s", base, p.Seq, q)
		dec := map[string]any{"decision": "调整绩效目标", "indicator_seq": 3, "opinion": "同意下调"}
		if s, _ := f.call("POST", decision, f.tokens["finance"], dec); s != 409 {
			t.Errorf("a decision before the measures: %d, want 409", s)
		}
		if s, _ := f.call("PUT", measures, f.tokens["filer-out"], map[string]string{"measures": "加快"}); s != 403 {
			t.Errorf("another unit's measures: %d, want 403", s)
		}
		if s, body := f.call("PUT", measures, f.tokens["filer"], map[string]string{"measures": ""}); s != 422 || problemField(t, body) != "measures" {
			t.Errorf("empty measures: %d %s", s, body)
		}
		if s, body := f.call("PUT", measures, f.tokens["filer"], map[string]string{"measures": "下半年集中开展宣传活动"}); s != 200 ||
			decodeTo[correctionRow](t, body).Status != "待财政决定" {
			t.Fatalf("the filer's measures: %d %s", s, body)
		}
		if s, _ := f.call("POST", decision, f.tokens["filer"], dec); s != 403 {
			t.Errorf("the unit decides: %d, want 403", s)
		}
		if s, body := f.call("POST", decision, f.tokens["finance"], map[string]any{"decision": "调减预算", "amount": "-1"}); s != 422 || problemField(t, body) != "amount" {
			t.Errorf("a cut of -1: %d %s", s, body)
		}
		s, body = f.call("POST", decision, f.tokens["finance"], dec)
		if c := decodeTo[correctionRow](t, body); s != 200 || c.Decision != "调整绩效目标" || c.IndicatorSeq != 3 {
			t.Fatalf("finance decides: %d %s", s, body)
		}
		s, body = f.call("POST", adjust, f.tokens["filer"], map[string]string{"new": "≥80%"})
		adj := decodeTo[jixiao.Adjustment](t, body)
		if s != http.StatusCreated || adj.IndicatorSeq != 3 || adj.Old != "100%" || adj.New != "≥80%" || adj.State != jixiao.StateSubmitted {
			t.Fatalf("the 目标调整: %d %s", s, body)
		}
		if s, _ := f.call("POST", adjust, f.tokens["filer"], map[string]string{"new": "≥70%"}); s != 409 {
			t.Errorf("a second 目标调整: %d, want 409", s)
		}
		if sum, items = list(); sum["adjusting"] != 1 || items[0].AdjustmentID != adj.ID {
			t.Errorf("after the 目标调整: %v %+v", sum, items)
		}
		// A visitor sees neither the figures nor the 纠偏 before finance's 复核.
		_, body = f.call("GET", base+"/corrections"+q, "", nil)
		if v := decodeTo[struct{ Items []correctionRow }](t, body); len(v.Items) != 0 {
			t.Errorf("the visitor's corrections: %+v", v.Items)
		}
	})
}
