package sqldb_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/ingest"
)

// huadu stores the Huadu sample and reads the hand-made actuals of
// internal/eval/testdata for it.
func huadu(t *testing.T, st store) (*jixiao.Document, *jixiao.Actuals) {
	t.Helper()
	data, err := os.ReadFile("../../testdata/huadu-employment-center-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ingest.Parse("huadu.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveDocument(context.Background(), doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	round := jixiao.Round{DocumentID: doc.ID, Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval,
		CutOff: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	a, err := eval.ReadPath("../eval/testdata/huadu-2024", doc, round, eval.Default())
	if err != nil {
		t.Fatal(err)
	}
	return doc, a
}

// recorded is huadu with the actuals saved.
func recorded(t *testing.T, st store) (*jixiao.Document, *jixiao.Actuals) {
	t.Helper()
	doc, a := huadu(t, st)
	if err := st.Eval().SaveActuals(ctx(), a, testEntry); err != nil {
		t.Fatal(err)
	}
	return doc, a
}

func TestSaveAndReadBack(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		ctx := context.Background()
		ev := st.Eval()
		doc, a := recorded(t, st)
		if a.Round.ID == 0 || a.Round.CreatedAt.IsZero() {
			t.Fatalf("round not set: %+v", a.Round)
		}
		back, err := ev.Actuals(ctx, doc.ID, jixiao.SelfEvalRoundName)
		if err != nil {
			t.Fatal(err)
		}
		es := recordEntries(t, st, doc.ID)
		if len(es) != 1 || es[0].Username != jixiao.SystemActor || es[0].Comment != testEntry.Comment {
			t.Errorf("audit of the recording: %+v, want one entry by the system", es)
		}
		if !reflect.DeepEqual(back.Projects, a.Projects) || !reflect.DeepEqual(back.Indicators, a.Indicators) {
			t.Errorf("read back differs:\n%+v\n%+v", back.Indicators[:3], a.Indicators[:3])
		}
		if back.Round.CutOff.Format("2006-01-02") != "2024-12-31" || back.Round.Kind != jixiao.RoundSelfEval {
			t.Errorf("round %+v", back.Round)
		}
		r1, _ := eval.Score(eval.Default(), doc, a)
		r2, _ := eval.Score(eval.Default(), doc, back)
		// The six scored of twelve average 80.44 (internal/eval/huadu_test.go).
		if r1.Document.Average != r2.Document.Average || r2.Document.Average != 8044 || r2.Document.NotEvaluated != 6 {
			t.Errorf("average %s after storing, want 80.44", r2.Document.Average)
		}
	})
}

// A second recording replaces the rows it lists and keeps the others; the
// round keeps its id, kind and cut-off.
func TestRecordAgain(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		ctx := context.Background()
		ev := st.Eval()
		doc, a := recorded(t, st)
		again := &jixiao.Actuals{
			Round:      jixiao.Round{DocumentID: doc.ID, Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundMonitoring},
			Projects:   []jixiao.ProjectActual{{ProjectSeq: 1}},
			Indicators: []jixiao.IndicatorActual{{ProjectSeq: 1, Seq: 1, Text: "20", Value: "20"}},
		}
		if err := ev.SaveActuals(ctx, again, testEntry); err != nil {
			t.Fatal(err)
		}
		if again.Round.ID != a.Round.ID || again.Round.Kind != jixiao.RoundSelfEval || !again.Round.CreatedAt.Equal(a.Round.CreatedAt) {
			t.Errorf("round changed: %+v vs %+v", again.Round, a.Round)
		}
		back, err := ev.Actuals(ctx, doc.ID, jixiao.SelfEvalRoundName)
		if err != nil {
			t.Fatal(err)
		}
		p1, _ := back.Project(1)
		i11, _ := back.Indicator(1, 1)
		i12, _ := back.Indicator(1, 2)
		p2, _ := back.Project(2)
		if p1.HasExecuted || i11.Value != "20" || len(i11.Reasons) != 0 || i12.Value != "95" || p2.Executed != 1888930000 {
			t.Errorf("after recording again: %+v %+v %+v %+v", p1, i11, i12, p2)
		}
	})
}

// A row the database refuses halfway through leaves nothing behind: not the
// round, not the rows before it.
func TestNothingHalfStored(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		ctx := context.Background()
		ev := st.Eval()
		doc, a := huadu(t, st)
		a.Indicators[10].Grade = "优秀" // refused by the CHECK constraint
		if err := ev.SaveActuals(ctx, a, testEntry); err == nil {
			t.Fatal("bad grade stored")
		}
		if rs, err := ev.Rounds(ctx, doc.ID); err != nil || len(rs) != 0 {
			t.Errorf("rounds after a failed recording: %v %v", rs, err)
		}
		if _, err := ev.Actuals(ctx, doc.ID, jixiao.SelfEvalRoundName); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("actuals after a failed recording: %v", err)
		}
		if es := recordEntries(t, st, doc.ID); len(es) != 0 {
			t.Errorf("a failed recording is in the audit log: %+v", es)
		}
		missing := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID + 100, Name: "x", Kind: jixiao.RoundMonitoring}}
		if err := ev.SaveActuals(ctx, missing, testEntry); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("missing document: %v", err)
		}
	})
}

func TestRoundsAndDeletion(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		ctx := context.Background()
		ev := st.Eval()
		doc, _ := recorded(t, st)
		for _, m := range []struct {
			name string
			cut  time.Time
		}{{"2024年1-9月", time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)}, {"2024年1-7月", time.Date(2024, 7, 31, 0, 0, 0, 0, time.UTC)}} {
			r := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID, Name: m.name, Kind: jixiao.RoundMonitoring, CutOff: m.cut}}
			if err := ev.SaveActuals(ctx, r, testEntry); err != nil {
				t.Fatal(err)
			}
		}
		rs, err := ev.Rounds(ctx, doc.ID)
		if err != nil || len(rs) != 3 || rs[0].Name != "2024年1-7月" || rs[1].Name != "2024年1-9月" || rs[2].Name != jixiao.SelfEvalRoundName {
			t.Fatalf("rounds %+v %v", rs, err)
		}
		if err := ev.DeleteRound(ctx, doc.ID, "2024年1-9月"); err != nil {
			t.Fatal(err)
		}
		if err := ev.DeleteRound(ctx, doc.ID, "2024年1-9月"); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		if err := st.DeleteDocument(ctx, doc.ID, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		if rs, _ := ev.Rounds(ctx, doc.ID); len(rs) != 0 {
			t.Errorf("rounds outlive their document: %+v", rs)
		}
	})
}

// testEntry is the audit entry of the tests' saves: the system records.
var testEntry = jixiao.AuditEntry{Action: jixiao.ActionRecordActuals, Comment: "测试：填报"}

// recordEntries lists the record_actuals entries of document id's history.
func recordEntries(t *testing.T, st store, id int64) []jixiao.AuditEntry {
	t.Helper()
	es, err := st.Workflow().History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []jixiao.AuditEntry
	for _, e := range es {
		if e.Action == jixiao.ActionRecordActuals {
			out = append(out, e)
		}
	}
	return out
}
