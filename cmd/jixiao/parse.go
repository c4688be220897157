package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"jixiao"
	"jixiao/internal/ingest"
)

func init() {
	register(command{name: "parse", summary: "读取一个文件，以 JSON 输出解析结果（不写入数据库）", run: runParse})
}

// runParse prints what the readers make of one file, for checking a file
// before importing it. Exit status 2 when the file cannot be read at all, 1
// when the reader left parse.* error findings (printed to stderr as
// file:line: …), else 0.
func runParse(e *env, args []string) int {
	fs := newFlags(e, "parse")
	year := fs.Int("year", 0, "预算年度（默认从表中或文件名中识别）")
	setSynopsis(e, fs, "jixiao parse [--year N] 文件\n\n读取一个绩效目标表文件（PDF、PDF 转出的文本、Markdown、xlsx、CSV），以 JSON 输出解析结果，不写入数据库。")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(paths) != 1 {
		fmt.Fprintf(e.stderr, "jixiao parse: 需要且只需要一个文件，收到 %d 个\n用法: jixiao parse [--year N] 文件（\"jixiao parse -h\" 查看参数）\n", len(paths))
		return exitBadInput
	}
	path := paths[0]
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: 无法读取文件：%v\n", path, plainErr(err))
		return exitBadInput
	}
	doc, err := ingest.Parse(path, data)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitBadInput
	}
	if *year != 0 {
		doc.Year = *year
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintln(e.stderr, "jixiao parse:", err)
		return exitBadInput
	}
	return reportParseFindings(e, path, doc.Layout, doc.Findings)
}

// reportParseFindings prints the readers' findings to stderr and returns
// exitFindings when one of them is an error.
func reportParseFindings(e *env, path, layout string, fs []jixiao.Finding) int {
	status := exitOK
	for _, f := range fs {
		if !strings.HasPrefix(f.Rule, "parse.") {
			continue
		}
		fmt.Fprintf(e.stderr, "%s:%s: %s %s: %s\n", path, jixiao.SourceLine(layout, f.Line), f.Severity, f.Rule, f.Message)
		if f.Severity == jixiao.SeverityError {
			status = exitFindings
		}
	}
	return status
}
