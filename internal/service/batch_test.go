package service_test

import (
	"errors"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/service"
)

// submitAll submits, as its filer, every project of d's unit that can be
// submitted (one with an error finding cannot) and returns their ids.
func (c *fixture) submitAll(t *testing.T, d *jixiao.Document, filer string) []int64 {
	t.Helper()
	var ids []int64
	for _, p := range d.Projects {
		if p.Unit != c.users[filer].Unit {
			continue
		}
		_, err := c.s.Targets.Submit(c.ctx, c.users[filer], p.ID)
		if errors.Is(err, jixiao.ErrConflict) {
			continue
		}
		is(t, "submit", err, nil)
		ids = append(ids, p.ID)
	}
	if len(ids) < 2 {
		t.Fatalf("only %d projects of %s could be submitted", len(ids), filer)
	}
	return ids
}

func items(ids ...int64) []service.BatchItem {
	var out []service.BatchItem
	for _, id := range ids {
		out = append(out, service.BatchItem{ProjectID: id})
	}
	return out
}

func refusedFor(res []service.BatchRefusal, id int64) string {
	for _, r := range res {
		if r.ProjectID == id {
			return r.Reason
		}
	}
	return ""
}

func TestApproveBatch(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		u := c.users
		sub := c.submitAll(t, d, "filer")
		stale := sub[len(sub)-1]
		draftID := projectOf(d, u["filer-b"].Unit).ID
		in := items(sub[:len(sub)-1]...)
		in = append(in, service.BatchItem{ProjectID: stale, Version: 99},
			service.BatchItem{ProjectID: sub[0]}, service.BatchItem{ProjectID: draftID},
			service.BatchItem{ProjectID: 999999}, service.BatchItem{ProjectID: c.pub.Projects[0].ID})

		for who, kind := range map[string]error{"": jixiao.ErrNotFound, "dept-out": jixiao.ErrNotFound,
			"filer": jixiao.ErrForbidden, "admin": jixiao.ErrForbidden} {
			_, err := c.s.Targets.ApproveBatch(c.ctx, u[who], d.ID, in, "")
			is(t, who+" approves a batch", err, kind)
		}
		_, err := c.s.Targets.ApproveBatch(c.ctx, u["dept"], d.ID, nil, "")
		is(t, "no project", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.ApproveBatch(c.ctx, u["dept"], d.ID, make([]service.BatchItem, service.MaxBatch+1), "")
		is(t, "too many", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.ApproveBatch(c.ctx, u["dept"], c.pub.ID, items(c.pub.Projects[0].ID), "")
		is(t, "a published document", err, jixiao.ErrConflict)
		_, err = c.s.Targets.ApproveBatch(c.ctx, u["dept"], d.ID, in, "bad\x00comment")
		is(t, "a comment with NUL", err, jixiao.ErrInvalid)

		res, err := c.s.Targets.ApproveBatch(c.ctx, u["dept"], d.ID, in, " 目标明确 ")
		is(t, "dept approves the batch", err, nil)
		if len(res.Approved) != len(sub)-1 || len(res.Refused) != 5 {
			t.Fatalf("approved %d (want %d), refused %+v", len(res.Approved), len(sub)-1, res.Refused)
		}
		for _, a := range res.Approved {
			if a.Status.State != jixiao.StateDeptApproved || a.Name == "" {
				t.Errorf("approved %+v", a)
			}
		}
		for id, want := range map[int64]string{stale: "已修改", sub[0]: "重复", draftID: "草稿",
			999999: "没有编号为 999999 的项目", c.pub.Projects[0].ID: "此文件中没有"} {
			if got := refusedFor(res.Refused, id); !strings.Contains(got, want) {
				t.Errorf("refusal of %d: %q, want it to say %q", id, got, want)
			}
		}
		ps, err := c.s.Targets.ProjectStatus(c.ctx, u["dept"], stale)
		is(t, "stale status", err, nil)
		if ps.State != jixiao.StateSubmitted {
			t.Errorf("the stale project moved: %+v", ps)
		}
		es, err := c.st.Workflow().History(c.ctx, d.ID)
		is(t, "history", err, nil)
		n := 0
		for _, e := range es {
			if e.Action == jixiao.ActionDeptApprove && e.UserID == u["dept"].ID && e.Comment == "批量审核通过：目标明确" {
				n++
			}
		}
		if n != len(sub)-1 {
			t.Errorf("%d audit entries of the batch, want %d", n, len(sub)-1)
		}

		// The queue: the approved are 已通过, the stale one still 待我审核.
		q, err := c.s.Targets.Queue(c.ctx, u["dept"], d.ID)
		is(t, "dept's queue", err, nil)
		if !q.Reviewer || q.Counts[service.TabPassed] != len(sub)-1 || q.Counts[service.TabMine] != 1 ||
			len(q.Batchable()) != 1 || q.Batchable()[0].Status.ProjectID != stale {
			t.Errorf("dept's queue: counts %v, batchable %+v", q.Counts, q.Batchable())
		}
		_, err = c.s.Targets.Return(c.ctx, u["dept"], stale, "请细化指标", 0)
		is(t, "return", err, nil)
		q, err = c.s.Targets.Queue(c.ctx, u["dept"], d.ID)
		is(t, "dept's queue", err, nil)
		if row, _ := q.Row(stale); row.Tab != service.TabReturned || q.Counts[service.TabMine] != 0 {
			t.Errorf("returned row %+v, counts %v", row, q.Counts)
		}
		q, err = c.s.Targets.Queue(c.ctx, u["finance"], d.ID)
		is(t, "finance's queue", err, nil)
		if q.Counts[service.TabMine] != len(sub)-1 {
			t.Errorf("finance's queue counts %v", q.Counts)
		}
	})
}

// TestApproveBatchRefusesErrors: a department's import lands at finance's
// stage with its findings; the project with an error finding is refused by
// the batch, with the finding named, and the clean ones approved.
func TestApproveBatchRefusesErrors(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		data := strings.Replace(string(sample(t, liwan)), "| 67.00     | 67.00     |", "| 67.00     | 60.00     |", 1)
		d, err := c.s.Documents.Import(c.ctx, c.users["dept"], file("liwan-changed.md", []byte(data), 0))
		is(t, "dept imports", err, nil)
		var ids []int64
		for _, p := range d.Projects {
			ids = append(ids, p.ID)
		}
		q, err := c.s.Targets.Queue(c.ctx, c.users["finance"], d.ID)
		is(t, "finance's queue", err, nil)
		bad, _ := q.Row(d.Projects[0].ID)
		if bad.Errors == 0 || bad.Batchable() || !bad.AtStage || bad.Tab != service.TabMine {
			t.Fatalf("the changed project's row %+v", bad)
		}
		plan, err := c.s.Targets.CheckBatch(c.ctx, c.users["finance"], d.ID, items(ids...))
		is(t, "check", err, nil)
		if len(plan.OK) != len(q.Batchable()) || len(plan.OK)+len(plan.Refused) != len(ids) {
			t.Errorf("plan: %d ok, %+v refused; %d batchable", len(plan.OK), plan.Refused, len(q.Batchable()))
		}
		res, err := c.s.Targets.ApproveBatch(c.ctx, c.users["finance"], d.ID, items(ids...), "")
		is(t, "finance approves the batch", err, nil)
		if why := refusedFor(res.Refused, bad.Status.ProjectID); !strings.Contains(why, "错误级别") || len(res.Approved) == 0 {
			t.Errorf("refusal %q, approved %d", why, len(res.Approved))
		}
		for _, a := range res.Approved {
			if a.Status.State != jixiao.StateFinanceApproved {
				t.Errorf("approved %+v", a)
			}
		}
		if !c.audited(t, d.ID, jixiao.ActionFinanceApprove, "finance") {
			t.Errorf("no audit entry of finance's approval")
		}
	})
}
