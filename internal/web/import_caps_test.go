package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestImportCaps: a CSV over the cell cap and a file over the byte cap are
// refused on the 导入 page with a message naming the cap and what to do
// (422 and 413), and nothing is stored.
func TestImportCaps(t *testing.T) {
	f := newFixture(t)
	cells := []byte(strings.Repeat(strings.Repeat("x,", 99)+"x\n", 20_001)) // 2,000,100 cells in 4 MB
	big := bytes.Repeat([]byte("项目,指标\n"), (20<<20)/14+1000)
	cases := []struct {
		name   string
		data   []byte
		status int
		msg    []string
	}{
		{"cells.csv", cells, http.StatusUnprocessableEntity, []string{"200 万", "拆分"}},
		{"big.csv", big, http.StatusRequestEntityTooLarge, []string{"20 MiB", "拆分"}},
	}
	for _, c := range cases {
		res, body := f.importAs(t, c.name, c.data)
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, res.StatusCode, c.status)
		}
		msg := text(one(t, parseHTML(t, body), ".alert-error"))
		for _, want := range c.msg {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: message %q lacks %q", c.name, msg, want)
			}
		}
	}
	if docs, _ := f.store.Documents(t.Context()); len(docs) != 0 {
		t.Errorf("refused uploads stored %d documents", len(docs))
	}
}
