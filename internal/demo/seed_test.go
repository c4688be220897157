package demo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

func TestEvalFilesMatchTestdata(t *testing.T) {
	for _, name := range []string{"execution.csv", "actuals.csv"} {
		got, _ := evalFiles.ReadFile("eval/" + name)
		want, err := os.ReadFile(filepath.Join("..", "eval", "testdata", "huadu-2024", name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("eval/%s differs from internal/eval/testdata/huadu-2024/%s (%v): copy it again", name, name, err)
		}
	}
}

// TestSeed: the accounts log in with their printed passwords, the 2025
// Huadu draft waits only for project 1, and the Huadu table has the
// monitoring round and the self-evaluation.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	st, docs := loaded(t)
	if err := Seed(ctx, st, docs); err != nil {
		t.Fatal(err)
	}
	wf := st.Workflow()
	for _, a := range Accounts() {
		if err := auth.CheckPassword(a.Password); err != nil {
			t.Errorf("%s: %v", a.Username, err)
		}
		u, hash, err := wf.UserByName(ctx, a.Username)
		if ok, _ := auth.VerifyPassword(hash, a.Password); err != nil || !ok || u.Role != a.Role {
			t.Errorf("%s does not log in with its password: %v", a.Username, err)
		}
	}
	drafts, err := wf.Drafts(ctx)
	if err != nil || len(drafts) != 1 {
		t.Fatalf("drafts %v %v", drafts, err)
	}
	states := map[jixiao.State]int{}
	for _, p := range drafts[0].Projects {
		states[p.State]++
	}
	if states[jixiao.StateDraft] != 1 || states[jixiao.StateFinanceApproved] != 11 {
		t.Errorf("draft project states %v, want 1 draft and 11 finance-approved", states)
	}
	huadu := byAgency(docs, "广州市花都区劳动就业服务管理中心")
	rounds, err := st.Eval().Rounds(ctx, huadu.ID)
	if err != nil || len(rounds) != 2 {
		t.Fatalf("rounds %v %v", rounds, err)
	}
	self, err := st.Eval().Actuals(ctx, huadu.ID, jixiao.SelfEvalRoundName)
	if err != nil || len(self.Projects) != 6 || len(self.Indicators) != 30 {
		t.Errorf("self-evaluation: %v", err)
	}
}
