package doorstest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
)

// outcome is how a door answered a command, in the model's words.
type outcome string

const (
	ok              outcome = "ok"
	invalid         outcome = "invalid"
	unauthenticated outcome = "unauthenticated"
	forbidden       outcome = "forbidden"
	notFound        outcome = "not found"
	conflict        outcome = "conflict"
	duplicate       outcome = "duplicate"
)

// apiOutcome classifies an API answer: 2xx is ok, an error by its code.
func apiOutcome(a answer) outcome {
	if a.status >= 200 && a.status < 300 {
		return ok
	}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal([]byte(a.body), &e)
	switch e.Error.Code {
	case "invalid", "invalid_input", "unreadable":
		return invalid
	case "unauthorized":
		return unauthenticated
	case "forbidden":
		return forbidden
	case "not_found":
		return notFound
	case "conflict", "stale_version":
		return conflict
	case "duplicate":
		return duplicate
	}
	return outcome(fmt.Sprintf("HTTP %d %q", a.status, e.Error.Code))
}

// pageOutcome classifies a page's answer to a form post: a redirect to the
// login form is unauthenticated, another redirect or a 2xx ok, an error page
// by its status.
func pageOutcome(a answer) outcome {
	switch {
	case a.status == http.StatusSeeOther || a.status == http.StatusFound:
		if strings.HasPrefix(a.location, "/login") {
			return unauthenticated
		}
		return ok
	case a.status >= 200 && a.status < 300:
		return ok
	case a.status == http.StatusBadRequest || a.status == http.StatusUnprocessableEntity:
		return invalid
	case a.status == http.StatusUnauthorized:
		return unauthenticated
	case a.status == http.StatusForbidden:
		return forbidden
	case a.status == http.StatusNotFound:
		return notFound
	case a.status == http.StatusConflict:
		return conflict
	}
	return outcome(fmt.Sprintf("HTTP %d", a.status))
}

// fix is one case's own data, built fresh for each door.
type fix struct {
	doc     int64  // the document the command is about
	project int64  // the project (of unit A)
	seq     int    // its number in the document
	other   int64  // a project of unit B
	adj     int64  // a target adjustment
	round   string // a monitoring round
	created int64  // a document the command created (a draft, an import)
	data    []byte // a file to import
}

// door is one way in: the API, the pages, the CLI.
type door string

const (
	apiDoor  door = "api"
	pageDoor door = "page"
	cliDoor  door = "cli"
)

// tcase is one row of a command's table.
type tcase struct {
	name  string
	as    string // the account ("" a visitor)
	setup func(t *testing.T, w *world) *fix
	input string // a variant the command's doors understand ("" the valid input)
	want  outcome
	// pageWant is the pages' outcome where it rightly differs from want:
	// a visitor's form is sent to the login page before any id is looked
	// up, where the API answers a hidden draft with 404. Neither tells a
	// draft from a missing id (TestVisitorLearnsNothing).
	pageWant outcome
	doors    []door // nil: every door of the command
	// action is the audit action of a success when it is not the
	// command's (the finance variant of approve and return).
	action jixiao.Action
	// check, when set, says what a door must have left (beyond agreeing
	// with the others): a success that changed nothing would otherwise
	// pass if every door did the same.
	check func(t *testing.T, w *world, f *fix) error
}

// doorFunc runs the command through one door as account as.
type doorFunc func(t *testing.T, w *world, as string, f *fix, input string) outcome

// command is a command with its doors and what it leaves behind.
type command struct {
	action jixiao.Action // the audit action a success writes ("" none)
	doors  map[door]doorFunc
	// state reads what the command changes, without ids, to compare the
	// doors' results.
	state func(t *testing.T, w *world, f *fix) any
	// docs are the documents whose history the command writes to (nil: f.doc
	// and f.created).
	docs func(f *fix) []int64
}

// auditLine is an audit entry without its ids and times.
type auditLine struct {
	UserID       int64
	Username     string
	Role         jixiao.Role
	Action       jixiao.Action
	FromState    jixiao.State
	ToState      jixiao.State
	Comment      string
	ProjectSeq   int
	IndicatorSeq int
	Outcome      string
	Changes      []jixiao.Change
}

// result is what one door left: its outcome, the state and the audit
// entries written.
type result struct {
	outcome outcome
	state   any
	audit   []auditLine
}

func (c *command) docsOf(f *fix) []int64 {
	if c.docs != nil {
		return c.docs(f)
	}
	var out []int64
	for _, d := range []int64{f.doc, f.created} {
		if d != 0 {
			out = append(out, d)
		}
	}
	return out
}

// history reads the audit entries of docs, by id.
func (w *world) history(t *testing.T, docs []int64) map[int64]jixiao.AuditEntry {
	t.Helper()
	out := map[int64]jixiao.AuditEntry{}
	for _, d := range docs {
		es, err := w.wf.History(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			out[e.ID] = e
		}
	}
	return out
}

// runDoor runs one case through one door on fresh data.
func (c *command) runDoor(t *testing.T, w *world, tc tcase, d door) result {
	t.Helper()
	f := tc.setup(t, w)
	before := w.history(t, c.docsOf(f))
	out := c.doors[d](t, w, tc.as, f, tc.input)
	after := w.history(t, c.docsOf(f))
	var ids []int64
	for n := range after {
		if _, seen := before[n]; !seen {
			ids = append(ids, n)
		}
	}
	slices.Sort(ids)
	r := result{outcome: out, audit: []auditLine{}}
	// Comments may name the case's own documents ("由文档 70 复制…"),
	// which differ from door to door.
	names := func(comment string) string {
		return docNumber.ReplaceAllStringFunc(comment, func(m string) string {
			switch idIn(m, "文档 ") {
			case f.doc:
				return "文档 {doc}"
			case f.created:
				return "文档 {created}"
			}
			return m
		})
	}
	for _, n := range ids {
		e := after[n]
		r.audit = append(r.audit, auditLine{e.UserID, e.Username, e.Role, e.Action, e.FromState, e.ToState,
			names(e.Comment), e.ProjectSeq, e.IndicatorSeq, e.Outcome, e.Changes})
	}
	if c.state != nil {
		r.state = c.state(t, w, f)
	}
	if tc.check != nil {
		if err := tc.check(t, w, f); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
	return r
}

// run runs every case through every door of c on every engine and checks
// each door against the case's expected outcome, the audit entry a success
// must write (one, by the acting account, with c.action) or a refusal must
// not, and the doors against each other: same outcome, same state, same
// audit entries. The CLI acts as no account (jixiao.SystemActor): its
// audit entries are compared without the actor.
func (c *command) run(t *testing.T, cases []tcase) {
	eachWorld(t, func(t *testing.T, w *world) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				doors := tc.doors
				if doors == nil {
					for _, d := range []door{apiDoor, pageDoor, cliDoor} {
						if c.doors[d] != nil {
							doors = append(doors, d)
						}
					}
				}
				results := map[door]result{}
				for _, d := range doors {
					r := c.runDoor(t, w, tc, d)
					results[d] = r
					want := tc.want
					if d == pageDoor && tc.pageWant != "" {
						want = tc.pageWant
					}
					if r.outcome != want {
						t.Errorf("%s: outcome %s, want %s", d, r.outcome, want)
					}
					c.checkAudit(t, w, tc, d, r)
				}
				first := doors[0]
				for _, d := range doors[1:] {
					a, b := results[first], results[d]
					if !reflect.DeepEqual(a.state, b.state) {
						t.Errorf("state after %s differs from after %s:\n%s: %+v\n%s: %+v", d, first, first, a.state, d, b.state)
					}
					la, lb := a.audit, b.audit
					if d == cliDoor || first == cliDoor {
						la, lb = withoutActor(la), withoutActor(lb)
					}
					if !reflect.DeepEqual(la, lb) {
						t.Errorf("audit after %s differs from after %s:\n%s: %+v\n%s: %+v", d, first, first, la, d, lb)
					}
				}
			})
		}
	})
}

// checkAudit checks one door's audit entries against the case: a success
// writes one entry of c.action by the acting account (the CLI by
// jixiao.SystemActor), a refusal none.
func (c *command) checkAudit(t *testing.T, w *world, tc tcase, d door, r result) {
	t.Helper()
	if r.outcome != ok || c.action == "" {
		// A refusal writes nothing, but for the record a stale save keeps
		// of the attempt (jixiao.OutcomeConflict).
		for _, e := range r.audit {
			if r.outcome != conflict || e.Outcome != jixiao.OutcomeConflict || e.UserID != w.users[tc.as].ID {
				t.Errorf("%s: %s wrote audit entry %+v", d, r.outcome, e)
			}
		}
		return
	}
	if len(r.audit) != 1 {
		t.Errorf("%s: %d audit entries %+v, want one", d, len(r.audit), r.audit)
		return
	}
	e := r.audit[0]
	want := jixiao.Actor(w.users[tc.as])
	if d == cliDoor {
		want = jixiao.Actor(nil)
	}
	action := c.action
	if tc.action != "" {
		action = tc.action
	}
	if e.UserID != want.UserID || e.Username != want.Username || e.Role != want.Role || e.Action != action {
		t.Errorf("%s: audit entry by %d %q (%s), action %s; want by %d %q (%s), action %s",
			d, e.UserID, e.Username, e.Role, e.Action, want.UserID, want.Username, want.Role, action)
	}
}

var docNumber = regexp.MustCompile(`文档 \d+`)

// withoutActor is ls without who acted, for comparing the CLI (which acts
// as jixiao.SystemActor) with the other doors; the comment goes too, as the
// CLI's names the file by its path.
func withoutActor(ls []auditLine) []auditLine {
	out := make([]auditLine, len(ls))
	for i, l := range ls {
		l.UserID, l.Username, l.Role, l.Comment = 0, "", "", ""
		out[i] = l
	}
	return out
}

// Fixtures. Each case builds its own draft copied from the shared source
// (CreateDraft) and moves it through the store, as the workflow tests do.

func (w *world) draft(t *testing.T) *fix {
	t.Helper()
	d, err := w.wf.CreateDraft(context.Background(), w.source.ID, 2025,
		jixiao.AuditEntry{Username: "测试准备", Role: jixiao.RoleDeptReviewer})
	if err != nil {
		t.Fatal(err)
	}
	f := &fix{doc: d.ID}
	for _, p := range d.Projects {
		switch {
		case f.project == 0 && p.Unit == w.unitA:
			f.project, f.seq = p.ID, p.Seq
		case f.other == 0 && p.Unit == w.unitB:
			f.other = p.ID
		}
	}
	return f
}

// walk moves project id through actions in the store.
func (w *world) walk(t *testing.T, id int64, actions ...jixiao.Action) {
	t.Helper()
	ctx := context.Background()
	for _, a := range actions {
		st, err := w.wf.ProjectStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		to, err := jixiao.Transition(st.State, a)
		if err != nil {
			t.Fatal(err)
		}
		e := jixiao.AuditEntry{Username: "测试准备", Action: a, FromState: st.State, ToState: to}
		if _, err := w.wf.SetProjectState(ctx, id, e); err != nil {
			t.Fatal(err)
		}
	}
}

var toFinance = []jixiao.Action{jixiao.ActionSubmit, jixiao.ActionDeptApprove, jixiao.ActionFinanceApprove}

// draftAt is a draft whose project of unit A went through actions.
func draftAt(actions ...jixiao.Action) func(t *testing.T, w *world) *fix {
	return func(t *testing.T, w *world) *fix {
		f := w.draft(t)
		w.walk(t, f.project, actions...)
		return f
	}
}

// approvedDraft is a draft whose projects are all 财政已审.
func (w *world) approvedDraft(t *testing.T) *fix {
	t.Helper()
	f := w.draft(t)
	st, err := w.wf.DocumentStatus(context.Background(), f.doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projects {
		w.walk(t, p.ProjectID, toFinance...)
	}
	return f
}

// rejectedDraft is a draft whose project of unit A was given 差 by the
// department (不予安排) and whose other projects are all 财政已审: the
// table cannot be published while the 差 project is in it.
func rejectedDraft(t *testing.T, w *world) *fix {
	t.Helper()
	f := w.draft(t)
	st, err := w.wf.DocumentStatus(context.Background(), f.doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range st.Projects {
		if p.ProjectID == f.project {
			w.walk(t, p.ProjectID, jixiao.ActionSubmit, jixiao.ActionDeptReject)
			continue
		}
		w.walk(t, p.ProjectID, toFinance...)
	}
	return f
}

// published is a draft taken through the whole review and published.
func published(t *testing.T, w *world) *fix {
	t.Helper()
	f := w.approvedDraft(t)
	if err := w.wf.PublishDocument(context.Background(), f.doc, jixiao.AuditEntry{Username: "测试准备"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func draft(t *testing.T, w *world) *fix { return w.draft(t) }

func approvedDraft(t *testing.T, w *world) *fix { return w.approvedDraft(t) }

// withAdjustment is a published document with a target adjustment of unit
// A's goal, proposed (已提交) and then moved through actions.
func withAdjustment(actions ...jixiao.Action) func(t *testing.T, w *world) *fix {
	return func(t *testing.T, w *world) *fix {
		f := published(t, w)
		ctx := context.Background()
		p, err := w.st.Project(ctx, f.project)
		if err != nil {
			t.Fatal(err)
		}
		a, err := jixiao.NewAdjustment(p, jixiao.AdjustGoal, 0, "调整后的绩效目标", "测试准备")
		if err != nil {
			t.Fatal(err)
		}
		filer := w.users["filer"]
		if err := w.wf.ProposeAdjustment(ctx, a, jixiao.Actor(filer)); err != nil {
			t.Fatal(err)
		}
		f.adj = a.ID
		for _, act := range actions {
			to, err := jixiao.AdjustmentTransition(a.State, act)
			if err != nil {
				t.Fatal(err)
			}
			if a, err = w.wf.SetAdjustmentState(ctx, a.ID, jixiao.AuditEntry{Username: "测试准备", Action: act,
				FromState: a.State, ToState: to, Comment: "测试准备"}); err != nil {
				t.Fatal(err)
			}
		}
		return f
	}
}

// withRound is fix (a published document, or a draft) with a monitoring
// round opened in the store.
func withRound(base func(t *testing.T, w *world) *fix) func(t *testing.T, w *world) *fix {
	return func(t *testing.T, w *world) *fix {
		f := base(t, w)
		ctx := context.Background()
		doc, err := w.st.Document(ctx, f.doc)
		if err != nil {
			t.Fatal(err)
		}
		f.round = roundName(doc.Year)
		r := jixiao.Round{DocumentID: f.doc, Name: f.round, Kind: jixiao.RoundMonitoring,
			CutOff: time.Date(doc.Year, time.July, 31, 0, 0, 0, 0, time.UTC)}
		if err := w.ev.SaveActuals(ctx, &jixiao.Actuals{Round: r}, testEntry); err != nil {
			t.Fatal(err)
		}
		return f
	}
}

func roundName(year int) string { return strconv.Itoa(year) + "年1-7月" }

// documentOf reads document id, nil once it is gone.
func (w *world) documentOf(t *testing.T, id int64) *jixiao.Document {
	t.Helper()
	d, err := w.st.Document(context.Background(), id)
	if err != nil {
		return nil
	}
	return d
}

// idIn finds the first number after prefix in s (a Location, a page, an
// API answer), 0 for none.
func idIn(s, prefix string) int64 {
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)`).FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// testEntry is the audit entry of a fixture's round, opened by the system.
var testEntry = jixiao.AuditEntry{Action: jixiao.ActionOpenRound, Comment: "测试夹具：开启监控轮次"}
