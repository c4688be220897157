package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"jixiao"
)

// The real published forms in testdata/forms, each with the values read
// from it by hand (NN-slug.expected.json; see testdata/forms/README.md).

type expectedForm struct {
	Title     string            `json:"title"`
	Kind      string            `json:"kind"`
	Truncated bool              `json:"truncated"`
	Year      int               `json:"year"`
	MoneyUnit string            `json:"money_unit"` // the unit the pinned amounts are written in; "" is 万元
	Projects  []expectedProject `json:"projects"`
}

type expectedProject struct {
	Name           string              `json:"name"`
	Department     string              `json:"department"`
	DepartmentCode string              `json:"department_code"`
	Unit           string              `json:"unit"`
	Attribute      string              `json:"attribute"`
	Period         string              `json:"period"`
	Money          map[string]string   `json:"money"`
	GoalPeriod     string              `json:"goal_period"`
	GoalAnnual     string              `json:"goal_annual"`
	Indicators     []expectedIndicator `json:"indicators"`
}

type expectedIndicator struct {
	Level1Label  string            `json:"level1_label"`
	Level1       string            `json:"level1"`
	Level2Label  string            `json:"level2_label"`
	Level2       string            `json:"level2"`
	Name         string            `json:"name"`
	PeriodTarget string            `json:"period_target"`
	AnnualTarget string            `json:"annual_target"`
	Extra        map[string]string `json:"extra"`
}

// knownFormGaps are fixtures this reader does not yet read faithfully, with
// the reason. The test still reads them and fails when one starts passing,
// so that the list stays true; testdata/forms/REVIEW.md says more.
var knownFormGaps = map[string]string{
	"36-nanyue-yulu-pipes-source-split-fragment":       "the money block is a grid with a two-level header (财政资金 over 中央 / 省级 / 市级资金 / 本级) and its amounts in one row below: the lines are not placed, each is reported (parse.amount) and the total left unread; the name, goals, period, attribute and the whole indicator rows are read",
	"34-taoyuan-reemployment-glued-standards-fragment": "each row glued into one cell across 三级指标 and 指标内容: where the name ends and its description starts the text does not say; the levels, value and 绩效标准 are read, the name is kept with its description (a parse.indicator warning a row)",
	"21-xiangxi-special-school-glued-rows-codes":       "each row glued into one cell across 指标值, 指标值内容 and 评(扣分标准): where the value ends and the two notes part the text does not say; the project, its unit, amount, and every indicator's levels, name, 度量单位 and 指标值类型 are read, the targets are not (kept in Raw with an error)",
}

// recorder collects a check's failures instead of failing the test, for
// the known gaps.
type recorder struct {
	testing.TB
	failed bool
	first  string
}

func (r *recorder) Errorf(format string, args ...any) {
	if !r.failed {
		r.first = fmt.Sprintf(format, args...)
	}
	r.failed = true
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func formFixtures(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "forms", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no fixtures in testdata/forms")
	}
	return names
}

func TestForms(t *testing.T) {
	for _, path := range formFixtures(t) {
		base := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(base, func(t *testing.T) {
			want := readExpectedForm(t, strings.TrimSuffix(path, ".txt")+".expected.json")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data = dropSourceLine(data)
			doc, err := Parse(filepath.Base(path), data)
			if want.Kind != "project" {
				checkRefused(t, err, want.Kind)
				return
			}
			if reason, gap := knownFormGaps[base]; gap {
				rec := &recorder{TB: t}
				done := make(chan struct{})
				go func() {
					defer close(done)
					if err != nil {
						rec.Fatalf("Parse: %v", err)
					}
					checkForm(rec, doc, want)
				}()
				<-done
				if !rec.failed {
					t.Fatalf("known gap now reads faithfully; remove it from knownFormGaps")
				}
				if err == nil && !hasParseFinding(doc) {
					t.Fatalf("imports values that differ from the pinned ones (%s) without a parse finding", rec.first)
				}
				t.Skipf("known gap (%s): first difference: %s", reason, rec.first)
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkForm(t, doc, want)
		})
	}
}

func readExpectedForm(t *testing.T, path string) expectedForm {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var e expectedForm
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return e
}

// dropSourceLine removes the fixture's "来源：URL" line, which is not part
// of the published text.
func dropSourceLine(data []byte) []byte {
	s := string(data)
	if strings.HasPrefix(s, "来源：") {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return []byte(s[i+1:])
		}
	}
	return data
}

func checkRefused(t *testing.T, err error, kind string) {
	t.Helper()
	var ie *jixiao.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("Parse: want a refusal naming %s, got %v", kind, err)
	}
	if !strings.Contains(ie.Msg, "这是"+kind) {
		t.Errorf("refusal %q does not name %s", ie.Msg, kind)
	}
}

func checkForm(t testing.TB, doc *jixiao.Document, want expectedForm) {
	t.Helper()
	eq(t, "title", doc.Title, want.Title)
	if doc.Year != want.Year {
		t.Errorf("year = %d, want %d", doc.Year, want.Year)
	}
	if got := hasRule(doc, "parse.truncated"); got != want.Truncated {
		t.Errorf("parse.truncated finding = %v, want %v; findings: %v", got, want.Truncated, doc.Findings)
	}
	if len(doc.Projects) != len(want.Projects) {
		t.Fatalf("%d projects, want %d", len(doc.Projects), len(want.Projects))
	}
	unit := jixiao.WanYuan
	if want.MoneyUnit == string(jixiao.Yuan) {
		unit = jixiao.Yuan
	}
	for i, wp := range want.Projects {
		checkFormProject(t, &doc.Projects[i], wp, unit)
	}
}

func checkFormProject(t testing.TB, p *jixiao.Project, w expectedProject, unit jixiao.MoneyUnit) {
	t.Helper()
	eq(t, "name", p.Name, w.Name)
	eq(t, "department", p.Department, w.Department)
	eq(t, "department code", p.DepartmentCode, w.DepartmentCode)
	name := w.Unit
	if name == "" {
		name = w.Department // a form without 实施单位 files the project under its department
	}
	eq(t, "unit", p.Unit, name)
	eq(t, "attribute", p.Attribute, w.Attribute)
	eq(t, "period", p.Term, w.Period)
	eq(t, "period goal", p.PeriodGoal, w.GoalPeriod)
	eq(t, "annual goal", p.Goal, w.GoalAnnual)
	checkMoney(t, p, w.Money, unit)
	if len(p.Indicators) != len(w.Indicators) {
		t.Errorf("%d indicators, want %d", len(p.Indicators), len(w.Indicators))
	}
	for i := range min(len(p.Indicators), len(w.Indicators)) {
		checkFormIndicator(t, i+1, &p.Indicators[i], w.Indicators[i])
	}
}

func checkMoney(t testing.TB, p *jixiao.Project, want map[string]string, unit jixiao.MoneyUnit) {
	t.Helper()
	got := map[string]jixiao.Money{}
	for _, m := range p.Money {
		got[m.Label] = m.Amount
	}
	if len(got) != len(want) {
		t.Errorf("money lines %v, want %v", p.Money, want)
	}
	for label, amount := range want {
		m, err := jixiao.ParseMoney(amount, unit)
		if err != nil {
			t.Fatalf("expected amount %q: %v", amount, err)
		}
		if g, ok := got[label]; !ok || g != m {
			t.Errorf("money %s = %v (present %v), want %s", label, g.Format(jixiao.WanYuan), ok, amount)
		}
	}
}

func checkFormIndicator(t testing.TB, n int, in *jixiao.Indicator, w expectedIndicator) {
	t.Helper()
	pre := "indicator " + w.Name + " "
	eq(t, pre+"name", in.Name, w.Name)
	eq(t, pre+"level1 label", in.Level1Printed, w.Level1Label)
	eq(t, pre+"level1", in.Level1, w.Level1)
	eq(t, pre+"level2 label", in.Level2Printed, w.Level2Label)
	eq(t, pre+"level2", in.Level2, w.Level2)
	eq(t, pre+"period target", in.Period.Text, w.PeriodTarget)
	eq(t, pre+"annual target", in.Annual.Text, w.AnnualTarget)
	if want := jixiao.ParseTarget(w.AnnualTarget); in.Annual != want && in.Raw == "" {
		t.Errorf("%sannual target parsed %+v, want %+v", pre, in.Annual, want)
	}
	notes := map[string]string{}
	for _, nt := range in.Notes {
		notes[nt.Label] = nt.Text
	}
	for k, v := range w.Extra {
		eq(t, pre+"extra "+k, notes[k], v)
	}
	if len(notes) != len(w.Extra) {
		t.Errorf("%snotes %v, want %v", pre, in.Notes, w.Extra)
	}
}

func eq(t testing.TB, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// hasParseFinding reports whether the reader said it was unsure: a
// parse.* error or warning.
func hasParseFinding(doc *jixiao.Document) bool {
	for _, f := range doc.Findings {
		if strings.HasPrefix(f.Rule, "parse.") && f.Severity != jixiao.SeverityInfo {
			return true
		}
	}
	return false
}

func hasRule(doc *jixiao.Document, rule string) bool {
	for _, f := range doc.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// TestFormDocx reads the .docx rebuilt from a fixture's page text (its
// first paragraph says so): Word's table cells give the values pinned for
// the text.
func TestFormDocx(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "forms", "*.docx"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no .docx fixtures (%v)", err)
	}
	for _, path := range names {
		t.Run(filepath.Base(path), func(t *testing.T) {
			num, _, _ := strings.Cut(filepath.Base(path), "-")
			exp, _ := filepath.Glob(filepath.Join("testdata", "forms", num+"-*.expected.json"))
			if len(exp) != 1 {
				t.Fatalf("%d expected files for %s", len(exp), num)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(filepath.Base(path), data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkForm(t, doc, readExpectedForm(t, exp[0]))
		})
	}
}
