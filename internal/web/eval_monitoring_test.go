package web_test

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestMonitoringPages: the pages' door to monitoring by 136号, as its
// users would click through it. On Liwan's 市就业补助资金 the unit sets
// 宣传活动完成率 累计型 and reports 40 % on 31 July with a forecast of
// 100 %: green, and the 纠偏 page says none is due. With a forecast of
// 70 % the project is red; the unit writes its measures, finance decides
// 调整绩效目标 on that indicator, and the unit files the 目标调整 from the
// form prefilled with it. The round and document pages count it, the
// 绩效监控表 prints every cell a reader checks, and its workbook says the
// same. A refused form shows its message and keeps what was typed (422).
func TestMonitoringPages(t *testing.T) {
	f := newFixture(t, liwanFile)
	doc := f.docs[liwanFile]
	us := wfUsers(t, f)
	base := serve(t, f)
	ss := map[string]*session{"visitor": newSession(t, base)}
	for key, u := range us {
		ss[key] = newSession(t, base)
		ss[key].login(u.Username)
	}
	filer, finance, visitor := ss["filer"], ss["finance"], ss["visitor"]
	ev := "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval"
	round := ev + "/rounds/" + url.PathEscape("2024年1-7月")
	entry := round + "/projects/3"
	corr, sheet := entry+"/correction", entry+"/sheet"

	finance.get(ev)
	if st, _ := finance.post(ev+"/rounds", url.Values{"name": {"2024年1-7月"}}); st != 200 {
		t.Fatalf("open the round: %d", st)
	}
	_, body := filer.get(corr)
	if !strings.Contains(body, `id="k3" data-kind="point"`) || !strings.Contains(body, "按计量单位（时点型）") {
		t.Errorf("宣传活动完成率 should default to 时点型 with a form to change it: %s", evalBetween(body, `id="k3"`, "</tr>"))
	}
	if st, body := filer.post(entry+"/accrual", url.Values{"indicator": {"3"}, "accrual": {"cumulative"}}); st != 200 ||
		!strings.Contains(body, `id="k3" data-kind="cumulative"`) || !strings.Contains(body, "已保存指标类型") {
		t.Fatalf("set 累计型: %d %s", st, evalBetween(body, `id="accrual"`, "</section>"))
	}
	record := func(forecast string) {
		t.Helper()
		filer.get(entry)
		if st, _ := filer.post(entry, url.Values{"executed": {"3400"}, "actual_3": {"40"}, "forecast_3": {forecast}}); st != 200 {
			t.Fatalf("record forecast %s: %d", forecast, st)
		}
	}
	record("100")
	if _, body := filer.get(corr); !strings.Contains(body, `data-light="green"`) || !strings.Contains(body, "data-no-correction") ||
		strings.Contains(body, `data-form="measures"`) {
		t.Errorf("green: the 纠偏 page: %s", evalBetween(body, `class="page-head"`, `id="accrual"`))
	}
	record("70")
	_, body = filer.get(round)
	if row := evalBetween(body, `id="p3"`, "</tr>"); !strings.Contains(row, `data-light="red"`) || !strings.Contains(row, "待单位填报纠偏措施") ||
		!strings.Contains(row, "宣传活动完成率 <span class=\"small muted\" data-kind>（累计型）</span>") {
		t.Errorf("the round's row of project 3: %s", row)
	}

	// The unit's measures; an empty form comes back with its message.
	filer.get(corr)
	if st, body := filer.post(corr+"/measures", url.Values{"measures": {"  "}}); st != 422 || !strings.Contains(body, "请填写纠偏措施") {
		t.Errorf("empty measures: %d", st)
	}
	const measures = "下半年集中开展宣传活动 6 场"
	if st, body := filer.post(corr+"/measures", url.Values{"measures": {measures}}); st != 200 || !strings.Contains(body, "待财政决定") ||
		strings.Contains(body, `data-form="decision"`) {
		t.Fatalf("the filer's measures: %d %s", st, evalBetween(body, `id="correction"`, "</section>"))
	}
	if _, body := visitor.get(corr); strings.Contains(body, measures) {
		t.Error("a visitor sees the measures before finance's 复核")
	}

	// Finance's decision: 调减预算 without an amount is refused, typed values kept.
	_, body = finance.get(corr)
	if !strings.Contains(body, `data-form="decision"`) || strings.Contains(body, `data-form="measures"`) {
		t.Fatalf("finance's 纠偏 page: %s", evalBetween(body, `id="correction"`, "</section>"))
	}
	if st, body := finance.post(corr+"/decision", url.Values{"decision": {"调减预算"}, "opinion": {"先减"}}); st != 422 ||
		!strings.Contains(body, "请填写调减或暂缓的金额") || !strings.Contains(body, "<option selected>调减预算</option>") {
		t.Errorf("a cut without an amount: %d", st)
	}
	if st, body := finance.post(corr+"/decision", url.Values{"decision": {"调整绩效目标"}, "indicator_seq": {"3"}, "opinion": {"同意下调"}}); st != 200 ||
		!strings.Contains(body, "调整绩效目标（指标 3 宣传活动完成率）：同意下调") {
		t.Fatalf("finance decides: %d %s", st, evalBetween(body, `id="correction"`, "</section>"))
	}

	// The unit's 目标调整, prefilled with the indicator and the reason.
	_, body = filer.get(corr)
	form := evalBetween(body, `data-form="adjustment"`, "</form>")
	if !strings.Contains(form, `data-adjust-old>100%`) || !strings.Contains(form, measures) || !strings.Contains(form, "根据“2024年1-7月”绩效监控的纠偏决定") {
		t.Fatalf("the adjustment form: %s", form)
	}
	if st, body := filer.post(corr+"/adjustment", url.Values{"new": {"≥80%"}, "reason": {"根据纠偏决定下调"}}); st != 200 ||
		!strings.Contains(body, "已发起目标调整") || !strings.Contains(body, "data-adjustment") {
		t.Fatalf("the filer's 目标调整: %d %s", st, evalBetween(body, `id="correction"`, "</section>"))
	}
	if _, body := ss["dept"].get("/workflow/documents/" + strconv.FormatInt(doc.ID, 10)); !strings.Contains(body, "≥80%") || !strings.Contains(body, "根据纠偏决定下调") {
		t.Error("the 目标调整 is not on the department's workbench")
	}
	if _, body := finance.get(round); !strings.Contains(body, "需纠偏 <strong>1</strong> 个，已填措施 1 个，财政已决定 1 个，已发起目标调整 1 个") {
		t.Errorf("round summary: %s", evalBetween(body, "data-round-summary", "</p>"))
	}
	if _, body := finance.get(ev); !strings.Contains(body, "红灯 1，黄灯 0，绿灯 0") || !strings.Contains(body, "已发起目标调整 1 个") {
		t.Errorf("document page summary: %s", evalBetween(body, "data-round-summary", "</span>"))
	}

	// The 绩效监控表 and its workbook.
	_, body = finance.get(sheet)
	for _, want := range []string{"项目支出绩效目标执行监控表", "（2024年1-7月）", "市就业补助资金（荔湾区）", doc.Agency,
		"<th>1-7月执行数</th>", `<td class="num">5793.50</td><td class="num">5793.50</td><td class="num">3400.00</td><td class="num">58.69%</td>`,
		"<th>1-7月执行情况</th>", "<td>宣传活动完成率</td><td class=\"cat\" data-kind>累计型</td><td>100%</td><td>40</td><td>70%</td>",
		"data-measures>" + measures, "调整绩效目标（指标 3 宣传活动完成率）：同意下调", `class="sheet wide monitor-sheet"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the 监控表 lacks %q", want)
		}
	}
	st, xbody := finance.get(sheet + ".xlsx")
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(xbody)))
	if st != 200 || err != nil {
		t.Fatalf("the workbook: %d %v", st, err)
	}
	rows, _ := wb.GetRows("监控表")
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"宣传活动完成率|累计型|100%|40|70%", "纠偏措施||" + measures, "5793.50|5793.50|3400.00|58.69%"} {
		if !strings.Contains(text, want) {
			t.Errorf("the workbook lacks %q:\n%s", want, text)
		}
	}
	if st, _ := finance.get(ev + "/rounds/" + url.PathEscape("年度自评") + "/projects/3/sheet"); st != 404 {
		t.Errorf("a 监控表 of the self-evaluation: %d, want 404", st)
	}
}
