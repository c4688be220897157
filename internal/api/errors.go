package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/auth"
)

// Error is an API error answer:
//
//	{"error": {"code": "not_found", "message": "…", …}}
//
// Handlers return one where they know better than the table in toError.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"` // one line of Simplified Chinese
	// DocumentID names the document already holding an uploaded file (409).
	DocumentID int64 `json:"document_id,omitempty"`
	// Details locate the problems of a file that cannot be read (422).
	Details []Detail `json:"details,omitempty"`
	// Field names the wrong field or parameter of a 400, as the JSON or
	// the query names it.
	Field string `json:"field,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header (429, 503).
	RetryAfter int `json:"-"`
}

// Detail is one located problem of an uploaded file.
type Detail struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// invalid is a 400 answer for a request whose parameters are wrong.
func invalid(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: fmt.Sprintf(format, args...)}
}

// notFound is a 404 answer naming what is missing.
func notFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: fmt.Sprintf(format, args...)}
}

// toError is the one table from errors to HTTP answers. Error kinds come from
// the root package; anything unknown is a 500 whose cause goes to the log,
// not to the client.
func toError(err error) *Error {
	var (
		apiErr *Error
		tooBig *http.MaxBytesError
		input  *jixiao.InputError
		dup    *jixiao.DuplicateError
		busy   *jixiao.BusyError
		field  *jixiao.FieldError
		thr    *auth.ThrottledError
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &thr):
		return &Error{Status: http.StatusTooManyRequests, Code: "throttled", Message: thr.Error(), RetryAfter: thr.RetrySeconds()}
	case errors.As(err, &field):
		return &Error{Status: http.StatusBadRequest, Code: "invalid", Field: field.Field, Message: field.Error()}
	case errors.As(err, &busy):
		return &Error{Status: http.StatusServiceUnavailable, Code: "busy", Message: busy.Error(), RetryAfter: busy.RetrySeconds()}
	case errors.As(err, &tooBig):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("上传内容超过 %d MiB 的上限；请只保留绩效目标表，或把表格按单位拆分成几个文件后分别导入", tooBig.Limit>>20)}
	case errors.As(err, &input):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "unreadable", Message: "无法读取文件：" + input.Error(),
			Details: []Detail{{File: input.File, Line: input.Line, Message: input.Msg}}}
	case errors.As(err, &dup):
		return &Error{Status: http.StatusConflict, Code: "duplicate", DocumentID: dup.DocumentID,
			Message: jixiao.ErrorMessage(dup)}
	case errors.Is(err, jixiao.ErrDuplicate):
		return kindError(err, http.StatusConflict, "duplicate", "该文件已经导入过")
	case errors.Is(err, jixiao.ErrUnauthenticated):
		return kindError(err, http.StatusUnauthorized, "unauthorized", "请先登录")
	case errors.Is(err, jixiao.ErrNotFound):
		return kindError(err, http.StatusNotFound, "not_found", "请求的对象不存在")
	case errors.Is(err, jixiao.ErrConflict):
		return kindError(err, http.StatusConflict, "conflict", "与当前数据冲突，请刷新后重试")
	case errors.Is(err, jixiao.ErrForbidden):
		return kindError(err, http.StatusForbidden, "forbidden", "没有执行此操作的权限")
	case errors.Is(err, jixiao.ErrInvalid):
		return kindError(err, http.StatusBadRequest, "invalid", "请求参数无效")
	case jixiao.IsUnavailable(err):
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", RetryAfter: 5,
			Message: "服务暂时不可用（数据库无法连接或磁盘已满），请求没有保存，请稍后重试"}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "数据库响应超时，请稍后重试"}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "服务器内部错误"}
}

// kindError is the answer to an error of a domain kind: its message for
// users (jixiao.ErrorMessage) when it has one, else the generic fallback,
// since the rest of an error's text is context for the log, in English.
func kindError(err error, status int, code, fallback string) *Error {
	msg := jixiao.ErrorMessage(err)
	if msg == "" {
		msg = fallback
	}
	return &Error{Status: status, Code: code, Message: msg}
}

// writeError answers with err's status and JSON shape. A 500 is logged with
// its cause and the request id, which the message repeats so that a user's
// report can be matched to the log line.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toError(err)
	if e.Status >= 500 {
		id := w.Header().Get("X-Request-Id")
		a.log.ErrorContext(r.Context(), "api error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		if id != "" {
			c := *e
			c.Message += "（请求编号 " + id + "）"
			e = &c
		}
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	writeJSON(w, e.Status, struct {
		Error *Error `json:"error"`
	}{e})
}
