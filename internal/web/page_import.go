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
	"jixiao/internal/auth"
	"jixiao/internal/service"
	"jixiao/internal/sheet"
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
	// Draft says the import landed as a draft under review, not published.
	Draft bool
	// Viewer is who looks at the page; Allowed says whether the form is
	// shown, Who names the roles that may import when it is not.
	Viewer  viewer
	Allowed bool
	Who     string
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

// importAccess resolves the viewer and whether it may import (only a
// logged-in user the policy allows: an imported table may be published,
// so a visitor could otherwise put a fake table on the public site).
func (s *site) importAccess(r *http.Request) (viewer, bool, error) {
	v, err := s.viewer(r)
	return v, err == nil && s.svc.Documents.MayImport(v.User) == nil, err
}

// importers names the roles the policy lets import, for the page to say.
func importers() string {
	var names []string
	for _, role := range jixiao.Roles {
		u := &jixiao.User{Role: role}
		if jixiao.Authorize(u, jixiao.ActionImport, jixiao.Resource{Published: true}) == jixiao.Allow {
			names = append(names, role.Label())
		}
	}
	return strings.Join(names, "、")
}

// importForm shows the form to those who may import; a visitor sees who
// may and a login link, a logged-in user without the role a 403 page
// saying the same.
func (s *site) importForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newImportPage()
	var err error
	if p.Viewer, p.Allowed, err = s.importAccess(r); err != nil {
		return err
	}
	p.Who = importers()
	status := http.StatusOK
	if !p.Allowed && p.Viewer.User != nil {
		status = http.StatusForbidden
	}
	return s.render(w, r, status, "import", "", p)
}

// importUpload checks who uploads before reading a byte of the body, then
// reads the multipart field "file", checks its size and type, and imports
// it. Every outcome is a page: the result with its findings, the reader's
// error with the file line, or the document it duplicates.
func (s *site) importUpload(w http.ResponseWriter, r *http.Request) error {
	p := s.newImportPage()
	var err error
	if p.Viewer, err = s.viewer(r); err != nil {
		return err
	}
	p.Allowed = true
	status := http.StatusUnprocessableEntity
	doc, err := s.svc.Documents.Import(r.Context(), p.Viewer.User, func() (service.Upload, error) {
		name, data, st, err := s.readUpload(w, r, p.Viewer.token)
		p.FileName = name
		if errors.Is(err, errCSRF) {
			return service.Upload{}, forbiddenPage("表单已过期（CSRF 令牌不符），请刷新页面后重试")
		}
		if err != nil {
			status = st
			return service.Upload{}, &jixiao.InputError{File: name, Msg: err.Error()}
		}
		return service.Upload{Name: name, Data: data}, nil
	})
	var inErr *jixiao.InputError
	var dup *jixiao.DuplicateError
	switch {
	case errors.Is(err, jixiao.ErrUnauthenticated):
		http.Redirect(w, r, "/login?next=/import", http.StatusSeeOther)
		return nil
	case errors.As(err, &inErr):
		p.Error = inErr
		return s.renderImport(w, r, status, p)
	case errors.As(err, &dup):
		p.Duplicate = dup
		return s.renderImport(w, r, http.StatusConflict, p)
	case err != nil:
		return err
	}
	p.Doc, p.Findings, p.Counts = doc, doc.Findings, map[jixiao.Severity]int{}
	p.Draft = jixiao.ImportsAsDraft(p.Viewer.User)
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

// errCSRF is an upload without its session's CSRF token.
var errCSRF = errors.New("csrf")

// readUpload returns the uploaded file's name and bytes, or a Chinese
// message with the status to answer. With a session token it first wants
// the session's CSRF token, in the X-CSRF-Token header or in a form field
// before the file (the form puts it first), and answers errCSRF without
// reading the file otherwise.
func (s *site) readUpload(w http.ResponseWriter, r *http.Request, session string) (string, []byte, int, error) {
	if r.MultipartForm != nil {
		return s.parsedUpload(r) // the caller read the form to check its CSRF token
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+1<<20) // room for the multipart framing
	csrfOK := session == "" || auth.CSRFMatches(r.Header.Get(auth.CSRFHeader), session)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, http.StatusBadRequest, fmt.Errorf("无法读取上传的表单：%v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, http.StatusBadRequest, errors.New("请选择要导入的文件")
		} else if err != nil {
			return "", nil, uploadStatus(err), s.uploadError(err)
		}
		switch part.FormName() {
		case auth.CSRFField:
			got, _ := io.ReadAll(io.LimitReader(part, 256))
			csrfOK = csrfOK || auth.CSRFMatches(string(got), session)
			continue
		case "file":
		default:
			continue
		}
		if !csrfOK {
			return "", nil, http.StatusForbidden, errCSRF
		}
		if part.FileName() == "" {
			return "", nil, http.StatusBadRequest, errors.New("请选择要导入的文件")
		}
		return s.readFile(part.FileName(), part)
	}
}

// parsedUpload is readUpload of a form already parsed.
func (s *site) parsedUpload(r *http.Request) (string, []byte, int, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, http.StatusBadRequest, errors.New("请选择要导入的文件")
	}
	defer f.Close()
	return s.readFile(hdr.Filename, f)
}

// readFile reads the file of an upload and checks its type.
func (s *site) readFile(name string, f io.Reader) (string, []byte, int, error) {
	name = filepath.Base(name)
	data, err := io.ReadAll(io.LimitReader(f, s.opts.MaxUpload+1))
	if err != nil {
		return name, nil, uploadStatus(err), s.uploadError(err)
	}
	if int64(len(data)) > s.opts.MaxUpload {
		return name, nil, http.StatusRequestEntityTooLarge, s.tooLarge()
	}
	if err := checkType(name, data); err != nil {
		return name, nil, http.StatusUnsupportedMediaType, err
	}
	return name, data, 0, nil
}

// checkType accepts a file only when its extension is one the readers take
// and its first bytes fit that type, so that a renamed binary is refused
// before it reaches a reader.
// uploadStatus is 413 for a body over the limit, else 400.
func uploadStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

func (s *site) uploadError(err error) error {
	if uploadStatus(err) == http.StatusRequestEntityTooLarge {
		return s.tooLarge()
	}
	return fmt.Errorf("读取上传的文件失败：%v", err)
}

// tooLarge says what the upload cap is and what to do.
func (s *site) tooLarge() error {
	return fmt.Errorf("文件超过 %d MiB 的上限；请只保留绩效目标表，或把表格按单位拆分成几个文件后分别导入", s.opts.MaxUpload>>20)
}

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
		// Any text encoding is welcome; what is binary is what sheet.Decode,
		// the readers' one decoder, refuses.
		if sheet.Binary(head) {
			return errors.New("文件内容不是文本：请上传文本、Markdown 或 CSV 格式的绩效目标表")
		}
	}
	return nil
}
