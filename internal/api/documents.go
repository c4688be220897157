package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// listDocuments answers GET /documents?limit=&cursor=: every document the
// caller may see, newest import first. The cursor is the id of the last
// document of the previous page.
func (a *API) listDocuments(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := limitAfter(r.URL.Query())
	if err != nil {
		return err
	}
	v, err := a.view(r)
	if err != nil {
		return err
	}
	docs, err := v.Documents(r.Context())
	if err != nil {
		return err
	}
	start := 0
	if after != 0 {
		start = len(docs)
		for i, d := range docs {
			if d.ID == after {
				start = i + 1
				break
			}
		}
	}
	end := min(start+limit, len(docs))
	items := make([]documentSummary, 0, end-start)
	for _, d := range docs[start:end] {
		items = append(items, summaryView(d))
	}
	next := ""
	if end < len(docs) {
		next = strconv.FormatInt(docs[end-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// getDocument answers GET /documents/{id}: the whole document, or with
// limit or cursor a page of its projects (documentPage).
func (a *API) getDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if q := r.URL.Query(); q.Has("limit") || q.Has("cursor") {
		return a.documentPage(w, r, id)
	}
	d, err := a.document(r, id)
	if err != nil {
		return err
	}
	writeDocument(w, http.StatusOK, docView(d))
	return nil
}

// documentPage answers GET /documents/{id}?limit=&cursor= (issue 18):
// the whole answer's heading, units and totals, counted by the store,
// with at most limit projects (50 when absent, 500 at most), those after
// the cursor (the seq of the previous page's last project), the findings
// about them and, on the first page, those about no project;
// project_count is the table's projects and next_cursor is set while
// projects remain.
func (a *API) documentPage(w http.ResponseWriter, r *http.Request, id int64) error {
	limit, after, err := limitAfter(r.URL.Query())
	if err != nil {
		return err
	}
	v, err := a.view(r)
	if err != nil {
		return err
	}
	o, err := v.DocumentOutline(r.Context(), id)
	if errors.Is(err, service.ErrWholeDocument) {
		d, err := v.Document(r.Context(), id)
		if err != nil {
			return err
		}
		writeDocument(w, http.StatusOK, pageOfWhole(d, int(after), limit))
		return nil
	}
	if err != nil {
		return err
	}
	ps, err := v.UnitProjects(r.Context(), jixiao.UnitProjectsQuery{DocumentID: id, AllUnits: true,
		AfterSeq: int(after), Limit: limit + 1})
	if err != nil {
		return err
	}
	dv := outlineView(o)
	dv.Projects, dv.NextCursor = pageProjects(ps, limit, o.Document.MoneyUnit)
	seqs := make([]int, len(dv.Projects))
	for i, p := range dv.Projects {
		seqs[i] = p.Seq
	}
	fs, err := v.FindingsAbout(r.Context(), id, seqs)
	if err != nil {
		return err
	}
	dv.Findings = pageFindings(fs, after == 0)
	writeDocument(w, http.StatusOK, dv)
	return nil
}

// outlineView is docView of an outline, without projects or findings.
func outlineView(o *jixiao.DocumentOutline) documentView {
	d, u := o.Document, o.Document.MoneyUnit
	v := documentView{Document: d, StatedText: formatAmounts(d.Stated, u), Total: o.Sum,
		TotalText: formatAmounts(o.Sum, u), Units: []unitView{}, ProjectCount: o.Projects}
	held := map[string]jixiao.UnitFigures{} // a name listed twice: its projects are on one listing
	for _, f := range o.Units {
		if f.Projects > 0 || held[f.Unit.Name].Projects == 0 {
			held[f.Unit.Name] = f
		}
	}
	for _, f := range o.Units {
		if !f.Listed {
			continue
		}
		h := held[f.Unit.Name]
		v.Units = append(v.Units, unitView{Unit: f.Unit, StatedText: formatAmounts(f.Unit.Stated, u),
			Total: h.Sum, TotalText: formatAmounts(h.Sum, u), Projects: h.Projects})
	}
	return v
}

// pageProjects is the first limit of ps (read one longer) and the cursor
// after them when ps holds more.
func pageProjects(ps []jixiao.Project, limit int, u jixiao.MoneyUnit) ([]projectView, string) {
	next := ""
	if len(ps) > limit {
		ps = ps[:limit]
		next = strconv.Itoa(ps[limit-1].Seq)
	}
	out := make([]projectView, 0, len(ps))
	for _, p := range ps {
		out = append(out, projView(p, u))
	}
	return out, next
}

// pageFindings drops the findings about no project except on the first
// page.
func pageFindings(fs []jixiao.Finding, first bool) []jixiao.Finding {
	out := []jixiao.Finding{}
	for _, f := range fs {
		if first || f.ProjectSeq != 0 {
			out = append(out, f)
		}
	}
	return out
}

// pageOfWhole is documentPage's answer from a document read whole (a
// view that hides some of its units).
func pageOfWhole(d *jixiao.Document, after, limit int) documentView {
	dv := docView(d)
	dv.ProjectCount = len(d.Projects)
	var ps []jixiao.Project
	for _, p := range d.Projects {
		if p.Seq > after && len(ps) <= limit {
			ps = append(ps, p)
		}
	}
	dv.Projects, dv.NextCursor = pageProjects(ps, limit, d.MoneyUnit)
	seqs := map[int]bool{}
	for _, p := range dv.Projects {
		seqs[p.Seq] = true
	}
	var fs []jixiao.Finding
	for _, f := range d.Findings {
		if f.ProjectSeq == 0 || seqs[f.ProjectSeq] {
			fs = append(fs, f)
		}
	}
	dv.Findings = pageFindings(fs, after == 0)
	return dv
}

// document reads document id as the caller may see it.
func (a *API) document(r *http.Request, id int64) (*jixiao.Document, error) {
	v, err := a.view(r)
	if err != nil {
		return nil, err
	}
	return v.Document(r.Context(), id)
}

// deleteDocument answers DELETE /documents/{id} with 204.
func (a *API) deleteDocument(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	if err := a.svc.Documents.Delete(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// uploadDocument answers POST /documents (multipart/form-data, the file in
// field "file", an optional budget year in field "year"): it imports the
// file as the CLI does and answers 201 with the stored document. The body
// is read once the caller may import.
func (a *API) uploadDocument(w http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	doc, err := a.svc.Documents.Import(r.Context(), u, func() (service.Upload, error) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
		up, err := readUpload(r)
		return service.Upload{Name: up.name, Data: up.data, Year: up.year}, err
	})
	if err != nil {
		return err
	}
	// The answer is the document as stored and as the caller may see it;
	// only the id of the imported one is used from here on, so that its
	// memory can be collected while the stored one is read.
	id := doc.ID
	stored, err := a.document(r, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/documents/%d", Prefix, id))
	writeDocument(w, http.StatusCreated, docView(stored))
	return nil
}

type upload struct {
	name string
	data []byte
	year int
}

// readUpload reads the multipart body part by part, so that the file is
// never written to a temporary file and the size limit applies as it streams.
func readUpload(r *http.Request) (upload, error) {
	var up upload
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return up, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "请以 multipart/form-data 上传，文件放在字段 file 中"}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return up, invalid("无法读取上传内容：%v", err)
	}
	seen := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return up, uploadErr(err)
		}
		if err := readPart(part, &up, &seen); err != nil {
			return up, err
		}
	}
	if !seen {
		return up, invalid("缺少上传文件：请把文件放在字段 file 中")
	}
	return up, nil
}

func readPart(part *multipart.Part, up *upload, seen *bool) error {
	defer part.Close()
	switch part.FormName() {
	case "file":
		data, err := io.ReadAll(part)
		if err != nil {
			return uploadErr(err)
		}
		up.name, up.data, *seen = path.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), data, true
		if up.name == "." || up.name == "/" {
			up.name = "upload"
		}
	case "year":
		b, err := io.ReadAll(io.LimitReader(part, 16))
		if err != nil {
			return uploadErr(err)
		}
		y, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || y < 1990 || y > 2100 {
			return invalid("字段 year 应为预算年度（如 2024），收到 %q", b)
		}
		up.year = y
	}
	return nil
}

// uploadErr keeps the size limit's error (413) and calls anything else a
// malformed body (400).
func uploadErr(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return invalid("上传内容不完整或格式错误：%v", err)
}

// writeDocument answers with v as writeJSON would, byte for byte, but
// encodes the projects and findings one at a time straight to w: a
// 10,000-project document is tens of MB of JSON, and json.Marshal of the
// whole would hold it (and copies of it) in memory at once, which made an
// upload's answer cost more than its import (issue 14).
func writeDocument(w http.ResponseWriter, status int, v documentView) {
	projects, findings := v.Projects, v.Findings
	v.Projects, v.Findings = []projectView{}, []jixiao.Finding{}
	head, err := json.Marshal(v)
	if err != nil {
		writeJSON(w, status, v) // the 500 in the error shape
		return
	}
	// The two lists are the only top-level fields that marshal as these
	// bytes: a string holding them is escaped (\"projects\":[]).
	before, rest, ok1 := bytes.Cut(head, []byte(`"projects":[]`))
	middle, after, ok2 := bytes.Cut(rest, []byte(`"findings":[]`))
	if !ok1 || !ok2 {
		v.Projects, v.Findings = projects, findings
		writeJSON(w, status, v)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(before)
	writeList(bw, "projects", projects)
	bw.Write(middle)
	writeList(bw, "findings", findings)
	bw.Write(after)
	bw.WriteByte('\n')
	bw.Flush() // a failed write (the client gone) is dropped, as in writeJSON
}

// writeList writes "name":[…] with each item encoded by json.Marshal.
func writeList[T any](w *bufio.Writer, name string, items []T) {
	w.WriteString(`"` + name + `":[`)
	for i := range items {
		if i > 0 {
			w.WriteByte(',')
		}
		b, err := json.Marshal(items[i])
		if err != nil {
			b = []byte("null") // not reached: the domain types always encode
		}
		w.Write(b)
	}
	w.WriteByte(']')
}
