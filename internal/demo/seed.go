package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
)

// The Huadu self-evaluation, copied from internal/eval/testdata/huadu-2024.
//
//go:embed eval/*.csv
var evalFiles embed.FS

// Account is a demo account: one per role, scoped to the samples' units
// and departments. Try says, in Chinese, what to try with it.
type Account struct {
	jixiao.User
	Password string
	Try      string
}

// The samples' agencies.
const (
	huadu = "广州市花都区劳动就业服务管理中心"
	liwan = "广州市荔湾区人力资源和社会保障局"
)

// MonitoringRound is the round the demo opens on the Huadu table.
const MonitoringRound = "2024年1-7月"

// Accounts are the demo accounts. The passwords follow the password rule
// (12 characters or more, not a common password); they are printed at
// start and shown on 演示指引, since the demo is for trying.
func Accounts() []Account {
	return []Account{
		{jixiao.User{Username: "demo-filer", Role: jixiao.RoleFiler, Unit: huadu}, "演示-filer-2024!",
			"填写 2025 年草稿的项目 1 并提交；在“" + MonitoringRound + "”监控中录入执行数"},
		{jixiao.User{Username: "demo-dept", Role: jixiao.RoleDeptReviewer, Department: huadu}, "演示-dept-2024!!",
			"审核填报人提交的项目（通过或退回）；导入一份绩效目标表"},
		{jixiao.User{Username: "demo-finance", Role: jixiao.RoleFinanceReviewer}, "演示-finance-2024!",
			"财政审核后公开 2025 年的表；开一轮新的绩效监控"},
		{jixiao.User{Username: "demo-admin", Role: jixiao.RoleAdmin}, "演示-admin-2024!",
			"导入或删除文档；打印自评表"},
	}
}

// Seed gives each page of the demo something to show: the accounts, a
// 2025 draft of the Huadu table (every project but the first already
// through both reviews, so that one submission leads to publishing), a
// monitoring round with two projects' execution and the Huadu
// self-evaluation. docs are the documents Load returned.
func Seed(ctx context.Context, st jixiao.Store, docs []*jixiao.Document) error {
	wp, ok := st.(jixiao.WorkflowProvider)
	ep, ok2 := st.(jixiao.EvalProvider)
	if !ok || !ok2 {
		return errors.New("demo: the store keeps no workflow or evaluations")
	}
	src := byAgency(docs, huadu)
	if src == nil {
		return errors.New("demo: the Huadu sample is missing")
	}
	users, err := createAccounts(ctx, wp.Workflow())
	if err != nil {
		return err
	}
	if err := startDraft(ctx, wp.Workflow(), src, users); err != nil {
		return err
	}
	return recordEvaluations(ctx, ep.Eval(), src)
}

func byAgency(docs []*jixiao.Document, agency string) *jixiao.Document {
	for _, d := range docs {
		if d.Agency == agency {
			return d
		}
	}
	return nil
}

// createAccounts stores the accounts and returns them by role.
func createAccounts(ctx context.Context, wf jixiao.WorkflowStore) (map[jixiao.Role]*jixiao.User, error) {
	out := map[jixiao.Role]*jixiao.User{}
	for _, a := range Accounts() {
		hash, err := auth.HashPassword(a.Password)
		if err != nil {
			return nil, err
		}
		u := a.User
		if err := wf.CreateUser(ctx, &u, hash, jixiao.Actor(nil)); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", u.Username, err)
		}
		out[u.Role] = &u
	}
	return out, nil
}

// startDraft copies src into a draft of the next year, as the department
// reviewer would, and takes every project but the first through both
// reviews.
func startDraft(ctx context.Context, wf jixiao.WorkflowStore, src *jixiao.Document, users map[jixiao.Role]*jixiao.User) error {
	draft, err := wf.CreateDraft(ctx, src.ID, src.Year+1, entry(users[jixiao.RoleDeptReviewer], jixiao.ActionCreateDraft))
	if err != nil {
		return fmt.Errorf("demo draft: %w", err)
	}
	ds, err := wf.DocumentStatus(ctx, draft.ID)
	if err != nil {
		return err
	}
	steps := []struct {
		who    jixiao.Role
		action jixiao.Action
	}{{jixiao.RoleFiler, jixiao.ActionSubmit}, {jixiao.RoleDeptReviewer, jixiao.ActionDeptApprove}, {jixiao.RoleFinanceReviewer, jixiao.ActionFinanceApprove}}
	for _, p := range ds.Projects[1:] {
		for _, s := range steps {
			e := entry(users[s.who], s.action)
			e.FromState = p.State
			if e.ToState, err = jixiao.Transition(p.State, s.action); err != nil {
				return err
			}
			if _, err := wf.SetProjectState(ctx, p.ProjectID, e); err != nil {
				return fmt.Errorf("demo review of project %d: %w", p.ProjectID, err)
			}
			p.State = e.ToState
		}
	}
	return nil
}

func entry(u *jixiao.User, a jixiao.Action) jixiao.AuditEntry {
	return jixiao.AuditEntry{UserID: u.ID, Username: u.Username, Role: u.Role, Action: a}
}

// recordEvaluations opens the monitoring round with the execution of two
// projects and records the year-end self-evaluation of doc.
func recordEvaluations(ctx context.Context, ev jixiao.EvalStore, doc *jixiao.Document) error {
	round, err := eval.MonitoringRound(doc, MonitoringRound, "")
	if err != nil {
		return err
	}
	budget := func(i int) string { return doc.Projects[i].Amounts.Total.Format(doc.MoneyUnit) }
	monitoring := [][]string{eval.ExecutionHeader,
		{"1", doc.Projects[0].Name, budget(0), "10"}, {"2", doc.Projects[1].Name, budget(1), "1300"}}
	if err := record(ctx, ev, doc, round, monitoring, [][]string{eval.ActualsHeader}); err != nil {
		return fmt.Errorf("demo monitoring round: %w", err)
	}
	exec, err := embeddedCSV("eval/execution.csv")
	if err != nil {
		return err
	}
	acts, err := embeddedCSV("eval/actuals.csv")
	if err != nil {
		return err
	}
	if err := record(ctx, ev, doc, eval.SelfEvalRound(doc), exec, acts); err != nil {
		return fmt.Errorf("demo self-evaluation: %w", err)
	}
	return nil
}

func record(ctx context.Context, ev jixiao.EvalStore, doc *jixiao.Document, round jixiao.Round, exec, acts [][]string) error {
	a, err := eval.ParseRows(exec, acts, doc, round, eval.Default())
	if err != nil {
		return err
	}
	entry := jixiao.Actor(nil)
	entry.Action = jixiao.ActionRecordActuals
	entry.Comment = fmt.Sprintf("演示数据：填报“%s”", round.Name)
	return ev.SaveActuals(ctx, a, entry)
}

func embeddedCSV(name string) ([][]string, error) {
	data, err := evalFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}
