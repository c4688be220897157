package jixiao

import (
	"errors"
	"fmt"
	"testing"
)

// TestErrorKindAndMessage checks that a domain error keeps its kind for
// programs and its Chinese message for people through wrapping, and that
// errors written for the log give no user message.
func TestErrorKindAndMessage(t *testing.T) {
	err := fmt.Errorf("save project 7: %w", Errorf(ErrInvalid, "项目没有第 %d 个指标", 3))
	if !errors.Is(err, ErrInvalid) || errors.Is(err, ErrConflict) {
		t.Errorf("kind lost: %v", err)
	}
	if got := ErrorMessage(err); got != "项目没有第 3 个指标" {
		t.Errorf("message %q", got)
	}
	if got := ErrorMessage(fmt.Errorf("%w: driver said no", ErrConflict)); got != "" {
		t.Errorf("a log-only error gave the user message %q", got)
	}
	te := fmt.Errorf("x: %w", &TransitionError{StateDraft, ActionPublish, "文档已经公开"})
	if got := ErrorMessage(te); got != "文档已经公开" || !errors.Is(te, ErrConflict) {
		t.Errorf("transition error: %q", got)
	}
}

func TestPermit(t *testing.T) {
	draft := Resource{Department: "广州市荔湾区民政局", Unit: "甲单位"}
	filerB := &User{Username: "b", Role: RoleFiler, Unit: "乙单位"}
	finance := &User{Username: "f", Role: RoleFinanceReviewer}
	for _, c := range []struct {
		u    *User
		a    Action
		kind error
		msg  string
	}{
		{finance, ActionRead, nil, ""},
		{nil, ActionRead, ErrNotFound, "没有编号为 9 的项目"},
		{filerB, ActionRead, ErrNotFound, "没有编号为 9 的项目"},
		{nil, ActionPublish, ErrNotFound, "没有编号为 9 的项目"},
		{finance, ActionSubmit, ErrForbidden, "f（财政审核人）无权提交编号为 9 的项目"},
	} {
		err := Permit(c.u, c.a, draft, "编号为 9 的项目")
		if c.kind == nil {
			if err != nil {
				t.Errorf("%v %s: %v", c.u, c.a, err)
			}
			continue
		}
		if !errors.Is(err, c.kind) || ErrorMessage(err) != c.msg {
			t.Errorf("%v %s: %v (%q), want %v %q", c.u, c.a, err, ErrorMessage(err), c.kind, c.msg)
		}
	}
	if err := Permit(nil, ActionImport, Resource{New: true}, "该文件"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a visitor importing: %v", err)
	}
}
