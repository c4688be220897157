package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"jixiao"
)

// A success banner after a change is carried by the redirect as a message
// key and integer or action arguments (?msg=saved&n=3), never as text: the
// page renders the text from flashes, so a link cannot make the banner say
// anything else (issue 14: ?msg= printed any text in the green banner).

// flashes are the banners by key; each reads its arguments from the query
// and reports false when they are missing or wrong.
var flashes = map[string]func(q url.Values) (string, bool){
	"saved": func(q url.Values) (string, bool) {
		return withInt(q, "n", "已保存为第 %d 版。保存不等于提交：填好后请点“提交审核”。")
	},
	"published": fixed("这张表已公开：所有人都可以查看、打印和下载。此后改目标请提出目标调整。"),
	"draft": func(q url.Values) (string, bool) {
		return withInt(q, "n", "已新建 %d 年度草稿：各单位填报人现在可以修改本单位的项目并提交审核。")
	},
	"added":    fixed("已新增项目：请填写资金、目标和指标，保存后提交审核。"),
	"removed":  fixed("已删除项目"),
	"proposed": fixed("已提交目标调整，等待主管部门审核；财政审核通过后，公开的表才显示调整后的值。"),
	"adjusted": func(q url.Values) (string, bool) {
		if act, ok := action(q); ok {
			return withInt(q, "n", "目标调整 %d：", act.Label(), "。", adjustmentNext[act])
		}
		return "", false
	},
	"reviewed": func(q url.Values) (string, bool) {
		if act, ok := action(q); ok {
			return withInt(q, "n", "项目 %d 的审核意见已保存：", act.Label(), "。", projectNext[act])
		}
		return "", false
	},
	"linked": func(q url.Values) (string, bool) {
		switch jixiao.LinkState(q.Get("state")) {
		case jixiao.LinkConfirmed:
			return "已确认两个年度为同一项目：上年的目标、实际完成值和得分将用于审核本年目标。", true
		case jixiao.LinkRejected:
			return "已否决该关联：两个年度的项目不再视为同一项目。", true
		}
		return "", false
	},
	"moved": func(q url.Values) (string, bool) {
		if act, ok := action(q); ok {
			return withInt(q, "n", "项目 %d：", act.Label(), "。", projectNext[act])
		}
		return "", false
	},
}

// projectNext says what comes after a review step of a project, so that
// the banner answers "and now?" (issue 15: it said only "项目 2：提交").
var projectNext = map[jixiao.Action]string{
	jixiao.ActionSubmit:         "等待主管部门审核；审核期间不能修改，退回后可以再改。",
	jixiao.ActionDeptApprove:    "已转财政审核。",
	jixiao.ActionDeptReturn:     "已退回填报单位，填报人按意见修改后重新提交。",
	jixiao.ActionFinanceApprove: "全部项目通过财政审核后即可公开这张表。",
	jixiao.ActionFinanceReturn:  "已退回填报单位，填报人按意见修改后重新提交。",
	jixiao.ActionDeptReject:     "不予安排：本年度不再修改，也不会公开。",
	jixiao.ActionFinanceReject:  "不予安排：本年度不再修改，也不会公开。",
}

// adjustmentNext is projectNext for a 目标调整.
var adjustmentNext = map[jixiao.Action]string{
	jixiao.ActionDeptApprove:    "已转财政审核。",
	jixiao.ActionDeptReturn:     "已退回提出人，公开的表不变。",
	jixiao.ActionFinanceApprove: "调整已生效，公开的表显示调整后的值。",
	jixiao.ActionFinanceReturn:  "已退回提出人，公开的表不变。",
}

// flashURL is path with the banner key and its arguments (name, value
// pairs of strings or integers) in the query.
func flashURL(path, key string, args ...any) string {
	q := url.Values{"msg": {key}}
	for i := 0; i+1 < len(args); i += 2 {
		q.Set(fmt.Sprint(args[i]), fmt.Sprint(args[i+1]))
	}
	return path + "?" + q.Encode()
}

// flashMessage is the banner of the request's query; "" for none or for
// a key or argument it does not know.
func flashMessage(q url.Values) string {
	f, ok := flashes[q.Get("msg")]
	if !ok {
		return ""
	}
	msg, ok := f(q)
	if !ok {
		return ""
	}
	return msg
}

func fixed(msg string) func(url.Values) (string, bool) {
	return func(url.Values) (string, bool) { return msg, true }
}

// withInt formats format with the integer parameter name, followed by
// suffix; false when the parameter is not a small positive integer.
func withInt(q url.Values, name, format string, suffix ...string) (string, bool) {
	n, err := strconv.Atoi(q.Get(name))
	if err != nil || n <= 0 || n > 1_000_000_000 {
		return "", false
	}
	msg := fmt.Sprintf(format, n)
	for _, s := range suffix {
		msg += s
	}
	return msg, true
}

// action reads the parameter "act" as one of the workflow's actions.
func action(q url.Values) (jixiao.Action, bool) {
	a := jixiao.Action(q.Get("act"))
	return a, slices.Contains(jixiao.Actions, a)
}
