package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"jixiao"
	"jixiao/internal/export"
)

func init() {
	register(command{
		name:    "export",
		summary: "导出项目表、指标表、单位表或官方格式表（CSV、JSON、xlsx）",
		run:     runExport,
	})
}

// exportArgs are the parsed flags of "jixiao export".
type exportArgs struct {
	dsn, table, format, out string
	document                int64
}

func runExport(e *env, args []string) int {
	a, err := parseExportArgs(e, args)
	if err != nil {
		if !errors.Is(err, errUsageShown) {
			fmt.Fprintln(e.stderr, "jixiao export:", err)
		}
		return exitBadInput
	}
	ctx := context.Background()
	doc, err := loadDocument(ctx, a.dsn, a.document)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao export:", err)
		return exitBadInput
	}
	if err := writeExport(e, a, doc); err != nil {
		fmt.Fprintln(e.stderr, "jixiao export:", err)
		return exitBadInput
	}
	return exitOK
}

// errUsageShown is returned when the flag package has already told the user.
var errUsageShown = errors.New("usage shown")

func parseExportArgs(e *env, args []string) (exportArgs, error) {
	var a exportArgs
	fs := newFlags(e, "export")
	fs.StringVar(&a.dsn, "db", defaultDSN(e), "数据库（sqlite:路径 或 postgres://…）")
	fs.Int64Var(&a.document, "document", 0, "文档编号；库中只有一个文档时可省略")
	fs.StringVar(&a.table, "table", "", "projects|indicators|units|official（xlsx 默认 official）")
	fs.StringVar(&a.format, "format", "", "csv|json|xlsx（默认按 -o 的扩展名，否则 csv）")
	fs.StringVar(&a.out, "o", "", "输出文件（默认标准输出）")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a, errUsageShown
	}
	if len(pos) > 0 {
		return a, fmt.Errorf("多余的参数 %q；文档用 --document 编号 指定", strings.Join(pos, " "))
	}
	if a.format == "" {
		a.format = formatFromName(a.out)
	}
	switch a.format {
	case "csv", "json", "xlsx":
	default:
		return a, fmt.Errorf("--format %q 无效，可选 csv、json、xlsx", a.format)
	}
	if a.table == "" && a.format == "xlsx" {
		a.table = export.TableOfficial
	}
	switch a.table {
	case export.TableProjects, export.TableIndicators, export.TableUnits, export.TableOfficial:
	case "":
		return a, errors.New("请用 --table 指定要导出的表：projects、indicators、units 或 official")
	default:
		return a, fmt.Errorf("--table %q 无效，可选 projects、indicators、units、official", a.table)
	}
	if a.table == export.TableOfficial && a.format == "json" {
		return a, errors.New("official 表是排版用的表格，只能导出为 csv 或 xlsx；JSON 请导出 projects、indicators 或 units")
	}
	return a, nil
}

func formatFromName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return "xlsx"
	case ".json":
		return "json"
	}
	return "csv"
}

// loadDocument opens the store and returns the document to export: the one
// with that id, or the only one when id is 0.
func loadDocument(ctx context.Context, dsn string, id int64) (*jixiao.Document, error) {
	st, err := openExistingStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if id == 0 {
		if id, err = onlyDocument(ctx, st); err != nil {
			return nil, err
		}
	}
	doc, err := st.Document(ctx, id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return nil, fmt.Errorf("没有编号为 %d 的文档；用 jixiao export 不带 --document 可列出全部编号", id)
	}
	return doc, err
}

func onlyDocument(ctx context.Context, st jixiao.Store) (int64, error) {
	docs, err := st.Documents(ctx)
	if err != nil {
		return 0, err
	}
	switch len(docs) {
	case 0:
		return 0, errors.New("库中还没有文档；请先用 jixiao import 导入")
	case 1:
		return docs[0].ID, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "库中有 %d 个文档，请用 --document 编号 指定其一：", len(docs))
	for _, d := range docs {
		fmt.Fprintf(&b, "\n  %d\t%s\t%s", d.ID, d.Agency, d.SourceName)
	}
	return 0, errors.New(b.String())
}

// writeExport writes the table to -o (through a temporary file renamed at
// the end, so that a failed export leaves no half-written file) or stdout.
func writeExport(e *env, a exportArgs, doc *jixiao.Document) error {
	if a.out == "" {
		if a.format == "xlsx" && isTerminal(e.stdout) {
			return errors.New("xlsx 是二进制文件，不能输出到终端；请用 -o 文件名.xlsx 指定输出文件，或重定向到文件")
		}
		bw := bufio.NewWriter(e.stdout)
		if err := encode(bw, a, doc); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(a.out), ".jixiao-export-*")
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", a.out, err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private (0600); an export is an ordinary file.
	err = tmp.Chmod(0o644)
	bw := bufio.NewWriter(tmp)
	if err == nil {
		err = encode(bw, a, doc)
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), a.out)
	}
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", a.out, err)
	}
	return nil
}

func encode(w io.Writer, a exportArgs, doc *jixiao.Document) error {
	switch {
	case a.format == "json":
		return export.WriteJSON(w, doc, a.table)
	case a.format == "csv":
		return export.WriteCSV(w, doc, a.table)
	case a.table == export.TableOfficial:
		return export.WriteXLSX(w, doc)
	}
	t, err := export.Flat(doc, a.table)
	if err != nil {
		return err
	}
	return export.WriteTableXLSX(w, t)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
