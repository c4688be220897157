package api

import (
	"fmt"
	"net/http"
	"testing"

	"jixiao"
)

// TestConflictMessages checks that a 409 tells the user the domain's own
// Chinese reason even when a store wraps it with English context, and that
// a bare ErrConflict gets the generic message instead of that context.
func TestConflictMessages(t *testing.T) {
	transition := &jixiao.TransitionError{From: jixiao.StateSubmitted, Action: jixiao.ActionSubmit, Msg: "项目当前状态为“已提交”，不能提交"}
	stale := &jixiao.ConflictError{Expected: 2, Version: 3, By: "张三"}
	cases := []struct {
		err  error
		want string
	}{
		{transition, transition.Msg},
		{fmt.Errorf("set state of project 7: %w", transition), transition.Msg},
		{fmt.Errorf("save project 7: %w", stale), stale.Error()},
		{fmt.Errorf("update project 7: %w", jixiao.ErrConflict), "与当前数据冲突，请刷新后重试"},
	}
	for _, c := range cases {
		e := toError(c.err)
		if e.Status != http.StatusConflict || e.Code != "conflict" || e.Message != c.want {
			t.Errorf("toError(%q) = %d %s %q, want 409 conflict %q", c.err, e.Status, e.Code, e.Message, c.want)
		}
	}
}
