package jixiao_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jixiao"
)

// TestRectifySteps: who may take which step from which state.
func TestRectifySteps(t *testing.T) {
	dept := &jixiao.User{ID: 2, Username: "部门", Role: jixiao.RoleDeptReviewer, Department: "人社局"}
	other := &jixiao.User{ID: 3, Username: "财政", Role: jixiao.RoleFinanceReviewer}
	filer := &jixiao.User{ID: 4, Username: "填报", Role: jixiao.RoleFiler, Unit: "就业中心"}
	outsider := &jixiao.User{ID: 5, Username: "外单位", Role: jixiao.RoleFiler, Unit: "别处"}
	item := func(s jixiao.State) *jixiao.Rectification {
		return &jixiao.Rectification{Department: "人社局", Unit: "就业中心", State: s, OpenedByID: dept.ID, OpenedBy: dept.Username}
	}
	for _, c := range []struct {
		u    *jixiao.User
		from jixiao.State
		a    jixiao.Action
		to   jixiao.State
		kind error
	}{
		{filer, jixiao.RectifyOpen, jixiao.ActionReportRectification, jixiao.RectifyWorking, nil},
		{filer, jixiao.RectifyWorking, jixiao.ActionAttachEvidence, jixiao.RectifyWorking, nil},
		{filer, jixiao.RectifyWorking, jixiao.ActionMarkRectified, jixiao.RectifyDone, nil},
		{filer, jixiao.RectifyDone, jixiao.ActionReportRectification, "", jixiao.ErrConflict},
		{outsider, jixiao.RectifyOpen, jixiao.ActionReportRectification, "", jixiao.ErrForbidden},
		{dept, jixiao.RectifyOpen, jixiao.ActionMarkRectified, "", jixiao.ErrForbidden},
		{dept, jixiao.RectifyDone, jixiao.ActionVerifyRectification, jixiao.RectifyVerified, nil},
		{dept, jixiao.RectifyDone, jixiao.ActionReturnRectification, jixiao.RectifyWorking, nil},
		{dept, jixiao.RectifyWorking, jixiao.ActionVerifyRectification, "", jixiao.ErrConflict},
		{dept, jixiao.RectifyVerified, jixiao.ActionReturnRectification, "", jixiao.ErrConflict},
		{other, jixiao.RectifyDone, jixiao.ActionVerifyRectification, "", jixiao.ErrForbidden},
		{nil, jixiao.RectifyDone, jixiao.ActionVerifyRectification, "", jixiao.ErrUnauthenticated},
	} {
		to, err := jixiao.RectifyStep(c.u, item(c.from), c.a)
		if to != c.to || c.kind == nil && err != nil || c.kind != nil && !errors.Is(err, c.kind) {
			t.Errorf("%v %s from %s: %s, %v; want %s, %v", c.u, c.a, c.from, to, err, c.to, c.kind)
		}
	}
}

// TestRectifyOverdue: past the deadline on the Beijing calendar while the
// unit still owes the work; the deadline day itself is in time.
func TestRectifyOverdue(t *testing.T) {
	r := &jixiao.Rectification{Deadline: "2025-06-30", State: jixiao.RectifyWorking}
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, c := range []struct {
		now  string
		s    jixiao.State
		want bool
	}{
		{"2025-06-30T15:59:00Z", jixiao.RectifyWorking, false}, // 23:59 in Beijing
		{"2025-06-30T16:00:00Z", jixiao.RectifyWorking, true},  // 7月1日 00:00 in Beijing
		{"2025-07-05T00:00:00Z", jixiao.RectifyOpen, true},
		{"2025-07-05T00:00:00Z", jixiao.RectifyDone, false},
		{"2025-07-05T00:00:00Z", jixiao.RectifyVerified, false},
	} {
		r.State = c.s
		if got := r.Overdue(at(c.now)); got != c.want {
			t.Errorf("%s %s: overdue %v, want %v", c.now, c.s, got, c.want)
		}
	}
	if r.DeadlineText() != "2025年6月30日" {
		t.Errorf("deadline text %q", r.DeadlineText())
	}
}

// TestEvidenceNames: a name is safe to store and to send back.
func TestEvidenceNames(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\a\整改报告.pdf`: "整改报告.pdf", "../../etc/passwd": "passwd", "a\"b;c\r\n.txt": "abc.txt",
		"": "佐证材料", "..": "佐证材料",
	} {
		if got := jixiao.EvidenceName(in); got != want {
			t.Errorf("EvidenceName(%q) = %q, want %q", in, got, want)
		}
	}
	e := jixiao.Evidence{Name: "整改 报告,1.pdf"}
	d := e.Disposition()
	if d != `attachment; filename="______1.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A%2C1.pdf` {
		t.Errorf("Disposition %s", d)
	}
	if strings.ContainsAny(d, "\r\n") {
		t.Error("a line break in the header")
	}
}

// TestConsequenceTable: the default table is valid and a bad one refused.
func TestConsequenceTable(t *testing.T) {
	if err := jixiao.CheckConsequences(jixiao.DefaultConsequences()); err != nil {
		t.Fatal(err)
	}
	c, ok := jixiao.ConsequenceOf(jixiao.DefaultConsequences(), "中")
	if !ok || c.Text() != "限期整改，下年预算核减 10%" {
		t.Errorf("中: %q", c.Text())
	}
	for _, bad := range [][]jixiao.BudgetConsequence{
		{{Grade: "优", Action: "a"}, {Grade: "优", Action: "b"}},
		{{Grade: "差", Action: "核减", CutPercent: 120}},
		{{Grade: "中"}},
	} {
		if err := jixiao.CheckConsequences(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
