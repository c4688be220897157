package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/importer"
)

// importPage is the data of 导入, before and after an upload.
type importPage struct {
	Layout
	MaxMB     int64
	Accept    string
	FileName  string
	Doc       *jixiao.Document
	Counts    map[jixiao.Severity]int
	Findings  []jixiao.Finding
	Error     *jixiao.InputError
	Duplicate *jixiao.DuplicateError
}

// acceptedTypes are the file types the readers take, by extension.
var acceptedTypes = map[string]string{
	".txt": "text", ".md": "text", ".markdown": "text", ".csv": "text",
	".xlsx": "xlsx", ".pdf": "pdf",
}

func (s *site) newImportPage() importPage {
	return importPage{Layout: Layout{Title: "导入绩效目标表", Nav: "import", Crumbs: []Crumb{{"总览", "/"}}},
		MaxMB: s.opts.MaxUpload >> 20, Accept: ".txt,.md,.markdown,.csv,.xlsx,.pdf"}
}

func (s *site) importForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "import", "", s.newImportPage())
}

// importUpload reads the multipart field "file", checks its size and type,
// and imports it. Every outcome is a page: the result with its findings, the
// reader's error with the file line, or the document it duplicates.
func (s *site) importUpload(w http.ResponseWriter, r *http.Request) error {
	p := s.newImportPage()
	name, data, status, err := s.readUpload(w, r)
	p.FileName = name
	if err != nil {
		p.Error = &jixiao.InputError{File: name, Msg: err.Error()}
		return s.renderImport(w, r, status, p)
	}
	doc, err := importer.Import(r.Context(), s.store, name, data, importer.Options{})
	var inErr *jixiao.InputError
	var dup *jixiao.DuplicateError
	switch {
	case errors.As(err, &inErr):
		p.Error = inErr
		return s.renderImport(w, r, http.StatusUnprocessableEntity, p)
	case errors.As(err, &dup):
		p.Duplicate = dup
		return s.renderImport(w, r, http.StatusConflict, p)
	case err != nil:
		return err
	}
	p.Doc, p.Findings, p.Counts = doc, doc.Findings, map[jixiao.Severity]int{}
	for _, f := range doc.Findings {
		p.Counts[f.Severity]++
	}
	return s.renderImport(w, r, http.StatusCreated, p)
}

func (s *site) renderImport(w http.ResponseWriter, r *http.Request, status int, p importPage) error {
	if isHTMX(r) {
		// htmx swaps only 2xx answers by default; the fragment says what happened.
		return s.render(w, r, http.StatusOK, "import", "result", p)
	}
	return s.render(w, r, status, "import", "", p)
}

// readUpload returns the uploaded file's name and bytes, or a Chinese
// message with the status to answer.
func (s *site) readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, int, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+1<<20) // room for the multipart framing
	f, hdr, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return "", nil, http.StatusRequestEntityTooLarge, fmt.Errorf("文件超过 %d MB 的上限", s.opts.MaxUpload>>20)
	case errors.Is(err, http.ErrMissingFile):
		return "", nil, http.StatusBadRequest, errors.New("请选择要导入的文件")
	case err != nil:
		return "", nil, http.StatusBadRequest, fmt.Errorf("无法读取上传的表单：%v", err)
	}
	defer f.Close()
	name := filepath.Base(hdr.Filename)
	data, err := io.ReadAll(io.LimitReader(f, s.opts.MaxUpload+1))
	if err != nil {
		return name, nil, http.StatusBadRequest, fmt.Errorf("读取文件失败：%v", err)
	}
	if int64(len(data)) > s.opts.MaxUpload {
		return name, nil, http.StatusRequestEntityTooLarge, fmt.Errorf("文件超过 %d MB 的上限", s.opts.MaxUpload>>20)
	}
	if err := checkType(name, data); err != nil {
		return name, nil, http.StatusUnsupportedMediaType, err
	}
	return name, data, 0, nil
}

// checkType accepts a file only when its extension is one the readers take
// and its first bytes fit that type, so that a renamed binary is refused
// before it reaches a reader.
func checkType(name string, data []byte) error {
	kind, ok := acceptedTypes[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return errors.New("不支持的文件类型：请上传 .txt、.md、.csv、.xlsx 或 .pdf 文件")
	}
	if len(data) == 0 {
		return errors.New("文件是空的")
	}
	head := data[:min(len(data), 4096)]
	switch kind {
	case "xlsx":
		if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
			return errors.New("文件扩展名是 .xlsx，但内容不是 Excel 工作簿")
		}
	case "pdf":
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			return errors.New("文件扩展名是 .pdf，但内容不是 PDF")
		}
	default:
		// Any text encoding is welcome (the readers detect UTF-8, GB18030
		// and UTF-16); a NUL byte outside UTF-16 means binary.
		if bytes.IndexByte(head, 0) >= 0 && !utf16BOM(head) {
			return errors.New("文件内容不是文本：请上传文本、Markdown 或 CSV 格式的绩效目标表")
		}
	}
	return nil
}

func utf16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}
