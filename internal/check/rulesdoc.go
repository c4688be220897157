package check

//go:generate go test -run TestRulesDoc -update

import (
	"fmt"
	"io"
	"strings"
)

// WriteRulesDoc writes docs/rules.md: every rule of the catalogue with its
// id, severity, what it checks, why, its source and an example from the
// sample tables.
func WriteRulesDoc(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# 审核规则（jixiao check）\n\n")
	b.WriteString("<!-- Generated from internal/check/catalogue.go; do not edit. Regenerate with:\n")
	b.WriteString("     go test ./internal/check -run TestRulesDoc -update -->\n\n")
	b.WriteString("`jixiao check` 和 `jixiao import` 对每份项目支出绩效目标表运行下列规则。")
	b.WriteString("严重程度：错误（error，退出码 1）、警告（warning）、提示（info）。")
	b.WriteString("金额按分精确比较，唯一的容差是四舍五入：每个项目至多 0.005 个金额单位。")
	b.WriteString("读取阶段发现的问题另有 `parse.*` 规则，由读取器报告。\n\n")
	b.WriteString("每条规则注明它对应财预〔2015〕88号第三章的哪一项审核内容（完整性、相关性、适当性、可行性）；")
	b.WriteString("金额核对规则对应的是公开表的数据准确性，不属于这四项。\n\n")
	b.WriteString("| 规则 | 严重程度 | 审核内容 | 检查什么 |\n|---|---|---|---|\n")
	for _, r := range catalogue {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s %s | %s | %s |\n", r.ID, anchor(r.ID), r.Severity, r.Severity.Label(), r.Criterion, r.Title)
	}
	for _, r := range catalogue {
		fmt.Fprintf(&b, "\n## %s\n\n", r.ID)
		fmt.Fprintf(&b, "- 严重程度：%s（%s）\n", r.Severity, r.Severity.Label())
		fmt.Fprintf(&b, "- 检查：%s\n", r.Title)
		fmt.Fprintf(&b, "- 审核内容：%s（%s）\n", r.Criterion, r.Criterion.Question())
		fmt.Fprintf(&b, "- 为什么：%s\n", r.Why)
		fmt.Fprintf(&b, "- 依据：%s\n", r.Source)
		fmt.Fprintf(&b, "- 样例：%s\n", r.Example)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// anchor is the heading anchor GitHub-style renderers give "## amount.sum".
func anchor(id string) string { return strings.ReplaceAll(id, ".", "") }
