package eval

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"jixiao"
)

// ind builds an indicator of level-1 code l1 with an annual target.
func ind(seq int, l1, target string) jixiao.Indicator {
	names := map[string]string{"1": "产出指标", "2": "效益指标", "3": "满意度指标", "4": "成本指标", "9": "其他"}
	return jixiao.Indicator{Seq: seq, Level1Code: l1, Level1: names[l1], Name: fmt.Sprintf("指标%d", seq),
		Annual: jixiao.ParseTarget(target)}
}

func money(t *testing.T, s string) jixiao.Money {
	t.Helper()
	m, err := jixiao.ParseMoney(s, jixiao.WanYuan)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func project(t *testing.T, budget string, inds ...jixiao.Indicator) *jixiao.Project {
	return &jixiao.Project{Seq: 1, Name: "测试项目", Unit: "测试单位", Amounts: jixiao.Amounts{Total: money(t, budget)}, Indicators: inds}
}

func actuals(t *testing.T, executed string, vals ...jixiao.IndicatorActual) *jixiao.Actuals {
	a := &jixiao.Actuals{Round: jixiao.Round{Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval}}
	if executed != "" {
		a.Projects = []jixiao.ProjectActual{{ProjectSeq: 1, Executed: money(t, executed), HasExecuted: true}}
	}
	for i, v := range vals {
		v.ProjectSeq = 1
		if v.Seq == 0 {
			v.Seq = i + 1
		}
		a.Indicators = append(a.Indicators, v)
	}
	return a
}

func val(v string) jixiao.IndicatorActual { return jixiao.IndicatorActual{Value: v} }

func grade(g jixiao.Attainment, score string) jixiao.IndicatorActual {
	return jixiao.IndicatorActual{Grade: g, Score: score}
}

func TestExecutionScore(t *testing.T) {
	cases := []struct {
		budget, executed string
		want             Points
		rate             string
	}{
		{"100", "100", 1000, "100.00%"},
		{"100", "95", 950, "95.00%"},
		{"100", "120", 1000, "120.00%"},        // capped at the full 10
		{"3", "2", 667, "66.67%"},              // 6.666… rounds half up to 6.67
		{"50.6", "50.599999", 1000, "100.00%"}, // 9.9999998… rounds to 10.00
		{"8", "0.001", 0, "0.01%"},             // 0.00125 rounds down
		{"8", "0.0036", 0, "0.05%"},            // 0.0045 rounds to 0.00
		{"8", "0.004", 1, "0.05%"},             // 0.005 rounds half up to 0.01
		{"0", "5", 1000, ""},                   // no budget: nothing to execute
	}
	for _, c := range cases {
		ps, probs := ScoreProject(Default(), project(t, c.budget), actuals(t, c.executed))
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if ps.ExecutionScore != c.want || ps.ExecutionRate != c.rate {
			t.Errorf("budget %s executed %s: score %s rate %q, want %s %q", c.budget, c.executed, ps.ExecutionScore, ps.ExecutionRate, c.want, c.rate)
		}
	}
	ps, _ := ScoreProject(Default(), project(t, "10"), actuals(t, ""))
	if ps.ExecutionScore != 0 || ps.HasExecuted || !hasFlag(ps.Flags, "未填报全年执行数") {
		t.Errorf("no execution recorded: %+v", ps)
	}
}

func hasFlag(flags []string, part string) bool {
	for _, f := range flags {
		if strings.Contains(f, part) {
			return true
		}
	}
	return false
}

// score scores a one-indicator 产出 project (weight 50 after the missing
// blocks gave it theirs? no: 产出 alone gets 90) and returns that score.
func scoreOne(t *testing.T, target string, a jixiao.IndicatorActual) (IndicatorScore, Problems) {
	t.Helper()
	ps, probs := ScoreProject(Default(), project(t, "1", ind(1, "1", target)), actuals(t, "1", a))
	return ps.Indicators[0], probs
}

// With only an 产出 indicator the block holds all 90 points.
func TestQuantitativeFormulas(t *testing.T) {
	cases := []struct {
		target, actual string
		want           Points
	}{
		// >=: 90 × min(actual ÷ target, 1)
		{"≥20人", "20", 9000},
		{"≥20人", "25", 9000},
		{"≥20人", "15", 6750},
		{"≥3000人", "1", 3},       // 0.03
		{"≥3000人", "2950", 8850}, // 88.5
		{"≥3000人", "1001", 3003}, // 30.03
		{"≥7人", "1", 1286},       // 12.857… → 12.86
		{"≥95%", "0", 0},
		{"≥20人", "-5", 0}, // never negative
		{"≥20人", "10000", 9000},
		{"≥0人", "0", 9000},
		{"≥0人", "-1", 0},
		// >
		{">20人", "10", 4500},
		{">0人", "0", 0},
		{">0人", "1", 9000},
		// =
		{"100%", "100", 9000},
		{"100%", "98", 8820},
		{"100%", "101", 9000},
		{"=0起", "0", 9000},
		{"=0起", "-1", 9000},
		{"=0起", "1", 0},
		{"=0起", "0.0001", 0},
		// <=: full when actual ≤ target, else 90 × max(0, 1 − (actual − target) ÷ target)
		{"≤5000份", "5000", 9000},
		{"≤5000份", "10", 9000},
		{"≤5000份", "6000", 7200},
		{"≤5000份", "9999", 2}, // 90 × (1 − 4999 ÷ 5000) = 0.018 → 0.02
		{"≤5000份", "10000", 0},
		{"≤5000份", "20000", 0},
		{"≦300家次（人次）", "301", 8970},
		{"<10天", "10", 9000},
		{"<10天", "11", 8100},
		{"≤0次", "0", 9000},
		{"≤0次", "1", 0},
	}
	for _, c := range cases {
		is, probs := scoreOne(t, c.target, val(c.actual))
		if len(probs) > 0 {
			t.Errorf("%s actual %s: %v", c.target, c.actual, probs)
			continue
		}
		if is.Weight != 9000 || is.Score != c.want {
			t.Errorf("%s actual %s: weight %s score %s, want 90.00 %s", c.target, c.actual, is.Weight, is.Score, c.want)
		}
	}
}

func TestLessRatioVariant(t *testing.T) {
	cfg := Default()
	cfg.Less = LessRatio
	p := project(t, "1", ind(1, "1", "≤5000份"))
	ps, _ := ScoreProject(cfg, p, actuals(t, "1", val("6000")))
	if ps.Indicators[0].Score != 7500 { // 90 × 5000/6000
		t.Errorf("ratio variant: %s, want 75.00", ps.Indicators[0].Score)
	}
}

func TestOverAchievementFlag(t *testing.T) {
	for _, c := range []struct {
		target, actual string
		flagged        bool
	}{
		{"≥20人", "26", false}, // exactly 130 %
		{"≥20人", "26.01", true},
		{">20人", "27", true},
		{"≤20人", "27", false},
		{"100%", "140", false},
	} {
		is, _ := scoreOne(t, c.target, val(c.actual))
		if got := hasFlag(is.Flags, "130"); got != c.flagged {
			t.Errorf("%s actual %s: flagged %v, want %v (%v)", c.target, c.actual, got, c.flagged, is.Flags)
		}
	}
}

func TestQualitativeBands(t *testing.T) {
	cases := []struct {
		a       jixiao.IndicatorActual
		want    Points
		problem bool
	}{
		{grade(jixiao.Achieved, ""), 9000, false},
		{grade(jixiao.PartlyAchieved, ""), 5400, false},
		{grade(jixiao.NotAchieved, ""), 0, false},
		{grade(jixiao.Achieved, "72"), 7200, false}, // 80 % exactly
		{grade(jixiao.Achieved, "90"), 9000, false}, // 100 %
		{grade(jixiao.Achieved, "71.99"), 0, true},  // below 80 %
		{grade(jixiao.Achieved, "90.01"), 0, true},  // above 100 %
		{grade(jixiao.PartlyAchieved, "54"), 5400, false},
		{grade(jixiao.PartlyAchieved, "71.99"), 7199, false},
		{grade(jixiao.PartlyAchieved, "72"), 0, true}, // 80 % belongs to 达成
		{grade(jixiao.PartlyAchieved, "53.99"), 0, true},
		{grade(jixiao.NotAchieved, "53.99"), 5399, false},
		{grade(jixiao.NotAchieved, "54"), 0, true},
		{grade(jixiao.NotAchieved, "0"), 0, false},
		{grade(jixiao.Achieved, "85%"), 7650, false},     // share of the weight
		{grade(jixiao.Achieved, "85.555%"), 7700, false}, // 76.9995 → 77.00
		{grade("", "80"), 0, true},
		{grade(jixiao.Achieved, "abc"), 0, true},
	}
	for _, c := range cases {
		is, probs := scoreOne(t, "有效降低", c.a)
		if (len(probs) > 0) != c.problem {
			t.Errorf("%s %q: problems %v, want problem %v", c.a.Grade, c.a.Score, probs, c.problem)
			continue
		}
		if !c.problem && is.Score != c.want {
			t.Errorf("%s %q: %s, want %s", c.a.Grade, c.a.Score, is.Score, c.want)
		}
	}
}

// A target that defers to an outside number is qualitative unless the
// evaluator enters the number.
func TestDeferredTarget(t *testing.T) {
	const deferred = "按当年度市下达任务数100%完成"
	is, _ := scoreOne(t, deferred, grade(jixiao.PartlyAchieved, ""))
	if is.Method != MethodQualitative || is.Score != 5400 {
		t.Errorf("graded: %+v", is)
	}
	a := val("900")
	a.Target = jixiao.ParseTarget("≥1200人")
	is, _ = scoreOne(t, deferred, a)
	if is.Method != MethodPositive || is.Score != 6750 { // 90 × 900/1200
		t.Errorf("with the number entered: %+v", is)
	}
	// A stated number wins over one entered.
	a.Target = jixiao.ParseTarget("≥900人")
	is, _ = scoreOne(t, "≥1200人", a)
	if is.Score != 6750 {
		t.Errorf("entered target must not replace a stated one: %+v", is)
	}
}

func TestWrongEntriesOnQuantitative(t *testing.T) {
	if _, probs := scoreOne(t, "≥20人", grade(jixiao.Achieved, "")); len(probs) != 1 || probs[0].Field != "grade" {
		t.Errorf("grade on a quantitative target: %v", probs)
	}
	a := val("20")
	a.Score = "90"
	if _, probs := scoreOne(t, "≥20人", a); len(probs) != 1 || probs[0].Field != "score" {
		t.Errorf("score on a quantitative target: %v", probs)
	}
	is, probs := scoreOne(t, "≥20人", jixiao.IndicatorActual{})
	if len(probs) > 0 || is.Score != 0 || is.Method != MethodMissing {
		t.Errorf("nothing entered: %+v %v", is, probs)
	}
}

func TestBlockRedistribution(t *testing.T) {
	cases := []struct {
		name   string
		inds   []jixiao.Indicator
		blocks [3]Points // 产出, 效益, 满意度
	}{
		{"all three", []jixiao.Indicator{ind(1, "1", "1"), ind(2, "2", "1"), ind(3, "3", "1")}, [3]Points{5000, 3000, 1000}},
		{"no 满意度", []jixiao.Indicator{ind(1, "1", "1"), ind(2, "2", "1")}, [3]Points{5625, 3375, 0}},
		{"no 效益", []jixiao.Indicator{ind(1, "1", "1"), ind(2, "3", "1")}, [3]Points{7500, 0, 1500}},
		{"no 产出", []jixiao.Indicator{ind(1, "2", "1"), ind(2, "3", "1")}, [3]Points{0, 6750, 2250}},
		{"产出 only", []jixiao.Indicator{ind(1, "1", "1")}, [3]Points{9000, 0, 0}},
		{"成本 counts as 产出", []jixiao.Indicator{ind(1, "4", "1"), ind(2, "2", "1")}, [3]Points{5625, 3375, 0}},
		{"none", nil, [3]Points{0, 0, 0}},
	}
	for _, c := range cases {
		ps, probs := ScoreProject(Default(), project(t, "1", c.inds...), actuals(t, "1"))
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		for i, b := range ps.Blocks {
			if b.Points != c.blocks[i] {
				t.Errorf("%s: %s block %s, want %s", c.name, b.Name, b.Points, c.blocks[i])
			}
		}
	}
}

// A custom configuration whose shares do not come out in hundredths still
// adds up: 10 points over blocks of 1 and 2 give 3.33… and 6.66…
func TestRedistributionSettlesHundredths(t *testing.T) {
	cfg := Default()
	cfg.Blocks = []Block{
		{Name: "甲", Points: 100, Level1: []string{"产出指标"}},
		{Name: "乙", Points: 200, Level1: []string{"效益指标"}},
		{Name: "丙", Points: 700, Level1: []string{"满意度指标"}},
	}
	ps, _ := ScoreProject(cfg, project(t, "1", ind(1, "1", "1"), ind(2, "2", "1")), actuals(t, "1"))
	if ps.Blocks[0].Points != 333 || ps.Blocks[1].Points != 667 {
		t.Errorf("got %s and %s, want 3.33 and 6.67", ps.Blocks[0].Points, ps.Blocks[1].Points)
	}
}

func TestEqualSplitAndFullMarks(t *testing.T) {
	// 3 产出, 3 效益, 1 满意度, everything met: 100 exactly, not 100.01.
	p := project(t, "10", ind(1, "1", "≥1人"), ind(2, "1", "≥1人"), ind(3, "1", "≥1人"),
		ind(4, "2", "≥1人"), ind(5, "2", "≥1人"), ind(6, "2", "≥1人"), ind(7, "3", "≥90%"))
	ps, probs := ScoreProject(Default(), p, actuals(t, "10", val("1"), val("1"), val("1"), val("1"), val("1"), val("1"), val("95")))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	want := []Points{1667, 1667, 1666, 1000, 1000, 1000, 1000}
	for i, is := range ps.Indicators {
		if is.Weight != want[i] {
			t.Errorf("indicator %d weight %s, want %s", i+1, is.Weight, want[i])
		}
	}
	if ps.Total != 10000 || ps.Grade != "优" {
		t.Errorf("total %s %s, want 100.00 优", ps.Total, ps.Grade)
	}
	// No 满意度, four 产出: 56.25 / 4 = 14.0625 → 14.07, 14.06, 14.06, 14.06.
	p = project(t, "10", ind(1, "1", "1"), ind(2, "1", "1"), ind(3, "1", "1"), ind(4, "1", "1"), ind(5, "2", "1"))
	ps, _ = ScoreProject(Default(), p, actuals(t, "10"))
	got := []Points{ps.Indicators[0].Weight, ps.Indicators[1].Weight, ps.Indicators[2].Weight, ps.Indicators[3].Weight, ps.Indicators[4].Weight}
	if fmt.Sprint(got) != fmt.Sprint([]Points{1407, 1406, 1406, 1406, 3375}) {
		t.Errorf("weights %v", got)
	}
}

func TestWeights(t *testing.T) {
	p := project(t, "10", ind(1, "1", "≥10人"), ind(2, "1", "≥10人"), ind(3, "2", "≥10人"), ind(4, "3", "≥10人"))
	w := func(weight, v string) jixiao.IndicatorActual { return jixiao.IndicatorActual{Value: v, Weight: weight} }
	ps, probs := ScoreProject(Default(), p, actuals(t, "10", w("40", "5"), w("10", "10"), val("10"), val("10")))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if ps.Indicators[0].Score != 2000 || ps.Indicators[1].Score != 1000 || ps.Total != 8000 || ps.Grade != "良" {
		t.Errorf("weighted: %s %s total %s %s", ps.Indicators[0].Score, ps.Indicators[1].Score, ps.Total, ps.Grade)
	}
	_, probs = ScoreProject(Default(), p, actuals(t, "10", w("40", "5"), w("9.99", "10")))
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "合计 49.99") || !strings.Contains(probs[0].Msg, "50.00") {
		t.Errorf("weights that do not sum: %v", probs)
	}
	_, probs = ScoreProject(Default(), p, actuals(t, "10", w("50", "5")))
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "要么都填") {
		t.Errorf("weights for part of a block: %v", probs)
	}
	_, probs = ScoreProject(Default(), p, actuals(t, "10", w("abc", "5"), w("10", "1")))
	if len(probs) != 1 || probs[0].Seq != 1 {
		t.Errorf("bad weight: %v", probs)
	}
	// Weights of a block that took over 满意度's points must add to 56.25.
	p2 := project(t, "10", ind(1, "1", "≥10人"), ind(2, "1", "≥10人"), ind(3, "2", "≥10人"))
	if _, probs = ScoreProject(Default(), p2, actuals(t, "10", w("50", "10"), w("6.25", "10"))); len(probs) > 0 {
		t.Errorf("weights summing to 56.25: %v", probs)
	}
}

func TestGrades(t *testing.T) {
	cfg := Default()
	for total, want := range map[Points]string{10000: "优", 9000: "优", 8999: "良", 8000: "良", 7999: "中", 6000: "中", 5999: "差", 0: "差"} {
		if got := cfg.gradeOf(total); got != want {
			t.Errorf("%s: %s, want %s", total, got, want)
		}
	}
}

func TestUnblockedIndicator(t *testing.T) {
	ps, _ := ScoreProject(Default(), project(t, "1", ind(1, "1", "≥1人"), ind(2, "9", "≥1人")), actuals(t, "1", val("1"), val("1")))
	if ps.Indicators[1].Method != MethodUnblocked || ps.Indicators[1].Score != 0 || ps.Total != 10000 {
		t.Errorf("indicator outside every block: %+v total %s", ps.Indicators[1], ps.Total)
	}
}

func TestScoreSummaries(t *testing.T) {
	doc := &jixiao.Document{Agency: "某局", Projects: []jixiao.Project{
		{Seq: 1, Unit: "甲", Amounts: jixiao.Amounts{Total: 100}, Indicators: []jixiao.Indicator{ind(1, "1", "≥10人")}},
		{Seq: 2, Unit: "乙", Amounts: jixiao.Amounts{Total: 100}, Indicators: []jixiao.Indicator{ind(1, "1", "≥10人")}},
		{Seq: 3, Unit: "甲", Amounts: jixiao.Amounts{Total: 100}, Indicators: []jixiao.Indicator{ind(1, "1", "≥10人")}},
	}}
	a := &jixiao.Actuals{
		Projects:   []jixiao.ProjectActual{{ProjectSeq: 1, Executed: 100, HasExecuted: true}, {ProjectSeq: 2, Executed: 50, HasExecuted: true}, {ProjectSeq: 3, Executed: 100, HasExecuted: true}},
		Indicators: []jixiao.IndicatorActual{{ProjectSeq: 1, Seq: 1, Value: "10"}, {ProjectSeq: 2, Seq: 1, Value: "5"}, {ProjectSeq: 3, Seq: 1, Value: "7"}},
	}
	r, err := Score(Default(), doc, a)
	if err != nil {
		t.Fatal(err)
	}
	// 100; 5 + 45 = 50; 10 + 63 = 73.
	totals := []Points{r.Projects[0].Total, r.Projects[1].Total, r.Projects[2].Total}
	if fmt.Sprint(totals) != "[100.00 50.00 73.00]" {
		t.Errorf("totals %v", totals)
	}
	if r.Document.Count != 3 || r.Document.Average != 7433 || r.Document.Grades["优"] != 1 || r.Document.Grades["中"] != 1 || r.Document.Grades["差"] != 1 || r.Document.Grades["良"] != 0 {
		t.Errorf("document summary %+v", r.Document)
	}
	if len(r.Units) != 2 || r.Units[0].Name != "甲" || r.Units[0].Average != 8650 || r.Units[1].Average != 5000 {
		t.Errorf("unit summaries %+v", r.Units)
	}
	a.Indicators[0].Grade = jixiao.Achieved
	a.Indicators[0].Value = ""
	_, err = Score(Default(), doc, a)
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].ProjectSeq != 1 || probs[0].Seq != 1 {
		t.Errorf("problem in project 1: %v", err)
	}
}

func TestRoundHalfUp(t *testing.T) {
	for in, want := range map[string]Points{"0.005": 1, "0.004999": 0, "16.665": 1667, "16.664999": 1666, "2.675": 268, "1.005": 101, "-0.005": -1} {
		r, _ := new(big.Rat).SetString(in)
		if got := roundHalfUp(r); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

func TestConfig(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(strings.NewReader(`{"partly_share":"0.5","blocks":[{"name":"绩效","points":90,"level1":["产出指标","效益指标","满意度指标"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := ScoreProject(c, project(t, "1", ind(1, "1", "有效"), ind(2, "2", "有效")), actuals(t, "1", grade(jixiao.PartlyAchieved, ""), grade(jixiao.Achieved, "")))
	if ps.Indicators[0].Weight != 4500 || ps.Indicators[0].Score != 2250 || ps.Total != 10000-2250 {
		t.Errorf("Sichuan-style single block: %+v total %s", ps.Indicators, ps.Total)
	}
	if c.PublicAsTyped() || Default().MaxPoints() != 10000 {
		t.Errorf("defaults: public as typed %v, most points %s", c.PublicAsTyped(), Default().MaxPoints())
	}
	if c, err := LoadConfig(strings.NewReader(`{"public_actuals":"immediate"}`)); err != nil || !c.PublicAsTyped() {
		t.Errorf("public_actuals immediate: %v %v", c.PublicAsTyped(), err)
	}
	for _, bad := range []string{`{"partly_share":"x"}`, `{"less_formula":"log"}`, `{"achieved_min":"0.5"}`, `{"nope":1}`,
		`{"grades":[{"name":"a","min":60},{"name":"b","min":80}]}`, `{"public_actuals":"always"}`} {
		if _, err := LoadConfig(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// Numbers come in as plain decimals only: an exponent of a billion or a
// fraction is refused at once instead of building a huge number.
func TestHugeNumbersRefused(t *testing.T) {
	for _, s := range []string{"1e999999999", "1/3", "9" + strings.Repeat("9", 80)} {
		if _, err := ParseValue(s, jixiao.ParseTarget("≥20人")); err == nil {
			t.Errorf("ParseValue(%.20q) accepted", s)
		}
		if _, err := ParsePoints(s); err == nil {
			t.Errorf("ParsePoints(%.20q) accepted", s)
		}
	}
	if v, ok := decimalRat("1E-3"); !ok || v.RatString() != "1/1000" {
		t.Errorf("a sheet's short exponent: %v %v", v, ok)
	}
}

// 10号's 按偏离度适度调减: above 130 % of a ≥ target the evaluator may take
// points off the formula's score, with the reason in the note; not below
// that threshold, not above the formula's score, not without a reason.
func TestOverAchievementReduction(t *testing.T) {
	// No 满意度: 产出 56.25, 效益 33.75. 140 against ≥100人 is 140 % > 130 %:
	// the formula gives the full 56.25; the evaluator enters 50.
	p := project(t, "100", ind(1, "1", "≥100人"), ind(2, "2", "≥90%"))
	reduced := jixiao.IndicatorActual{Value: "140", Score: "50", Note: "目标设定偏低"}
	ps, probs := ScoreProject(Default(), p, actuals(t, "100", reduced, val("90")))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	is := ps.Indicators[0]
	if is.Score != 5000 || is.Reduction != 625 || !hasFlag(is.Flags, "按偏离度调减 6.25 分") || ps.Total != 1000+5000+3375 {
		t.Errorf("reduced: %+v, total %s", is, ps.Total)
	}
	doc := &jixiao.Document{Projects: []jixiao.Project{*p}}
	a := actuals(t, "100", reduced, val("90"))
	if sh := BuildSelfSheet(Default(), doc, p, ps, a); sh.Rows[0].Deviation != "超额完成，按偏离度调减 6.25 分：目标设定偏低" || sh.Rows[0].Score != "50.00" {
		t.Errorf("自评表 row %+v", sh.Rows[0])
	}
	for _, c := range []struct {
		ia    jixiao.IndicatorActual
		field string
		msg   string
	}{
		{jixiao.IndicatorActual{Value: "140", Score: "50"}, "note", "写明原因"},
		{jixiao.IndicatorActual{Value: "140", Score: "60", Note: "偏低"}, "score", "0 到公式得分 56.25 之间"},
		{jixiao.IndicatorActual{Value: "130", Score: "50", Note: "偏低"}, "score", "超过年度指标值的 130% 时才可"},
	} {
		_, probs := ScoreProject(Default(), p, actuals(t, "100", c.ia, val("90")))
		if len(probs) != 1 || probs[0].Field != c.field || !strings.Contains(probs[0].Msg, c.msg) {
			t.Errorf("%+v: %v", c.ia, probs)
		}
	}
}

// The points of a block a project has no indicators in: proportional by
// default (56.25 + 33.75), lost with "none" (50 + 30, out of 90), all to a
// named block ("效益": 50 + 40); the 自评表's rules say which.
func TestAbsentBlock(t *testing.T) {
	p := project(t, "100", ind(1, "1", "≥100人"), ind(2, "2", "≥90%"))
	a := actuals(t, "100", val("100"), val("90"))
	for _, c := range []struct {
		absent          string
		output, benefit Points
		rule            string
	}{
		{AbsentProportional, 5625, 3375, "按比例分给其他指标块（本地设定，10号未规定）"},
		{AbsentNone, 5000, 3000, "该类分值不再分配"},
		{BlockBenefit, 5000, 4000, "该类分值全部计入效益"},
	} {
		cfg := Default()
		cfg.AbsentBlock = c.absent
		ps, probs := ScoreProject(cfg, p, a)
		if len(probs) > 0 || ps.Block(BlockOutput) != c.output || ps.Block(BlockBenefit) != c.benefit ||
			!strings.Contains(strings.Join(cfg.Rules(), ""), c.rule) {
			t.Errorf("%s: %s %s %v", c.absent, ps.Block(BlockOutput), ps.Block(BlockBenefit), probs)
		}
	}
	cfg := Default()
	cfg.AbsentBlock = "其他"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "absent_block") {
		t.Errorf("bad absent_block: %v", err)
	}
}
