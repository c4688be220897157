package api_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/limit"
	"jixiao/internal/sampletest"
	"jixiao/internal/server"
	"jixiao/internal/service"
)

// TestImportPoolBound: with imports bounded to 1 running and 1 waiting,
// two uploads whose bodies are still arriving hold the pool, and a third
// is refused at once with 503, Retry-After and a Chinese message, storing
// nothing; once the two bodies arrive both are imported, one at a time
// (nothing bounded imports, and four at once took 4.24 GB).
func TestImportPoolBound(t *testing.T) { eachStore(t, testImportPoolBound) }

func testImportPoolBound(t *testing.T, st service.Store) {
	pool := limit.New("导入", 1, 1, 7*time.Second)
	svc := service.New(st, eval.Default())
	svc.Documents.UsePool(pool)
	srv := httptest.NewServer(server.New(server.Config{Store: st, Services: svc, Auth: auth.NewManager(st.Workflow()),
		Logger: discardLogger()}).Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, base: srv.URL}
	c.token = c.login(st)
	held := []*slowUpload{startSlowUpload(t, c, sampletest.Huadu), startSlowUpload(t, c, sampletest.Liwan)}
	for deadline := time.Now().Add(30 * time.Second); pool.Held() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the two uploads never reached the pool (%d held)", pool.Held())
		}
	}
	data, err := os.ReadFile(sampletest.Path(sampletest.Huadu))
	if err != nil {
		t.Fatal(err)
	}
	a := c.upload("third.txt", data)
	e := a.wantError(t, http.StatusServiceUnavailable, "busy")
	if a.header.Get("Retry-After") != "7" || !strings.Contains(e.Error.Message, "导入") {
		t.Errorf("Retry-After %q, message %q", a.header.Get("Retry-After"), e.Error.Message)
	}
	if n := countDocuments(t, c); n != 0 {
		t.Errorf("%d documents stored while the pool was full", n)
	}
	for _, u := range held {
		if status := u.finish(); status != http.StatusCreated {
			t.Errorf("held upload %s: %d", u.name, status)
		}
	}
	if n := countDocuments(t, c); n != 2 || pool.Peak() != 1 {
		t.Errorf("%d documents stored, %d imports ran at once; want 2 and 1", n, pool.Peak())
	}
}

// slowUpload is an upload whose body stops after its first half until
// finish sends the rest.
type slowUpload struct {
	name   string
	rest   []byte
	w      *io.PipeWriter
	status chan int
}

func startSlowUpload(t *testing.T, c *client, name string) *slowUpload {
	t.Helper()
	data, err := os.ReadFile(sampletest.Path(name))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/v1/documents", pr)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	u := &slowUpload{name: name, rest: body.Bytes()[body.Len()/2:], w: pw, status: make(chan int, 1)}
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			u.status <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		u.status <- resp.StatusCode
	}()
	go pw.Write(body.Bytes()[:body.Len()/2])
	return u
}

func (u *slowUpload) finish() int {
	u.w.Write(u.rest)
	u.w.Close()
	return <-u.status
}

func countDocuments(t *testing.T, c *client) int {
	t.Helper()
	var docs struct{ Items []any }
	c.get("/api/v1/documents").decode(t, &docs)
	return len(docs.Items)
}

// TestUploadOverTheCellCap: a CSV of more cells than a table can have
// (the 10 MB CSV of one-letter cells took 1.19 GB) is refused with 422
// naming the cap and what to do, and nothing is stored.
func TestUploadOverTheCellCap(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		row := strings.Repeat("x,", 99) + "x\n"
		e := c.upload("cells.csv", []byte(strings.Repeat(row, 20_001))).wantError(t, http.StatusUnprocessableEntity, "unreadable")
		if !strings.Contains(e.Error.Message, "200 万") || !strings.Contains(e.Error.Message, "拆分") {
			t.Errorf("message %q does not name the cap and what to do", e.Error.Message)
		}
		if n := countDocuments(t, c); n != 0 {
			t.Errorf("%d documents stored", n)
		}
	})
}

// TestUploadOverTheByteCap: a file over the upload cap is refused with 413
// naming the cap and what to do, before the server holds it.
func TestUploadOverTheByteCap(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		big := bytes.Repeat([]byte("项目,指标\n"), service.MaxUpload/14+1000)
		e := c.upload("big.csv", big).wantError(t, http.StatusRequestEntityTooLarge, "too_large")
		if want := fmt.Sprintf("%d MiB", service.MaxUpload>>20); !strings.Contains(e.Error.Message, want) || !strings.Contains(e.Error.Message, "拆分") {
			t.Errorf("message %q does not name the cap (%s) and what to do", e.Error.Message, want)
		}
		if n := countDocuments(t, c); n != 0 {
			t.Errorf("%d documents stored", n)
		}
	})
}
