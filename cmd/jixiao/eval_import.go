package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/service"
)

func init() { evalSubcommands["import"] = runEvalImport }

// runEvalImport is `jixiao eval import 文件`: a published 自评表 recorded
// as the year-end self-evaluation of the stored project it is of, through
// service.Monitoring.ImportSelfEvaluation as the API and the pages do. Exit
// status 0 when everything was carried over, 1 when something was not
// (listed), 2 when nothing was stored.
func runEvalImport(e *env, args []string) int {
	f := newEvalFlags(e, "import")
	pos, err := parseInterspersed(f.fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) != 1 {
		return evalFail(e, f.name, errors.New("用法: jixiao eval import [--document ID] 自评表文件（文本、.docx、.xlsx 或 PDF）"))
	}
	if f.round != "" && f.round != jixiao.SelfEvalRoundName {
		return evalFail(e, f.name, fmt.Errorf("自评表只能导入为年度自评，不能导入监控轮次“%s”", f.round))
	}
	path := pos[0]
	if info, err := os.Stat(path); err == nil && info.Size() > importer.MaxBytes {
		return evalFail(e, f.name, importer.TooLarge(path, info.Size()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return evalFail(e, f.name, fmt.Errorf("%s: 无法读取：%v", path, plainErr(err)))
	}
	cfg, err := loadScoring(f.config)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	ctx := context.Background()
	st, err := openExistingStore(ctx, f.dsn)
	if err != nil {
		return evalFail(e, f.name, err)
	}
	defer st.Close()
	im, err := service.New(st, cfg).Monitoring.ImportSelfEvaluation(ctx, operator,
		service.Upload{Name: filepath.Base(path), Data: data}, f.document)
	if err != nil {
		fmt.Fprintf(e.stderr, "jixiao eval import: %s\n", cliMessage(err))
		fmt.Fprintln(e.stderr, "jixiao eval import: 未导入任何内容")
		return exitBadInput
	}
	writeSelfEvalImport(e.stdout, path, im)
	if !im.Complete() {
		fmt.Fprintf(e.stderr, "jixiao eval import: 有 %d 处内容未能记录或自评表自身有误（见上），请在填报页补齐\n", len(im.Findings()))
		return exitFindings
	}
	return exitOK
}

// writeSelfEvalImport prints what was recorded: per project jixiao's
// score, the comparison with the printed one, and what was not carried
// over (file:line: rule: message, as `jixiao import` prints findings).
func writeSelfEvalImport(w io.Writer, path string, im *service.SelfEvalImport) {
	fmt.Fprintf(w, "已导入自评表 %s 为文档 %d“%s”的%s\n", path, im.DocumentID, im.Title, im.Round)
	for _, p := range im.Projects {
		fmt.Fprintf(w, "项目 %d“%s”（%s）：本系统计分 %s，等级 %s", p.ProjectSeq, p.Project, p.Unit, p.Score.TotalText(), p.Score.GradeText())
		if m := p.Score.MissingText(); m != "" {
			fmt.Fprintf(w, "（%s）", m)
		}
		fmt.Fprintf(w, "；与自评表所印 %d 处不同\n", p.Comparison.Differs)
		fmt.Fprintln(w, "  项目\t印制分值\t印制得分\t计算分值\t计算得分\t差异")
		for _, r := range p.Comparison.Rows {
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\t%s\n", r.Item, dash(r.PrintedWeight), dash(r.PrintedScore), dash(r.Weight), dash(r.Score), r.Diff)
		}
		for _, f := range p.Comparison.Findings {
			line := ""
			if f.Line > 0 {
				line = fmt.Sprintf(":%d", f.Line)
			}
			fmt.Fprintf(w, "%s%s: %s: %s: %s\n", path, line, f.Severity, f.Rule, strings.TrimSpace(f.Message))
		}
	}
}
