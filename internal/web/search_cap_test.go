package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/storetest"
)

// TestSearchCapped: past 1,000 matches the search page counts the first
// 1,000 and says so: "1,000+" as the total, a "+" on every facet count,
// and a note; a search under the cap shows whole counts as before.
func TestSearchCapped(t *testing.T) {
	f := newFixture(t)
	big, small := storetest.NewDocument("从化", 300, 5), storetest.NewDocument("增城", 40, 3)
	for _, d := range []*jixiao.Document{big, small} {
		if err := f.store.SaveDocument(context.Background(), d, jixiao.AuditEntry{}); err != nil {
			t.Fatal(err)
		}
	}
	res, body := f.get(t, "/search")
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	if got := text(one(t, doc, ".results-count strong")); got != "1,000+" {
		t.Errorf("total of 1,620 indicators shown as %q, want 1,000+", got)
	}
	one(t, doc, ".capped-note")
	sum := 0
	for _, c := range all(doc, `.facet[data-facet="kind"] .count`) {
		if !strings.HasSuffix(text(c), "+") {
			t.Errorf("capped facet count %q has no +", text(c))
		}
		var n int
		fmt.Sscan(text(c), &n)
		sum += n
	}
	if sum != 1000 {
		t.Errorf("kind facet counts sum to %d, want the 1,000 counted", sum)
	}

	_, body = f.get(t, fmt.Sprintf("/search?document=%d", small.ID))
	doc = parseHTML(t, body)
	if got := text(one(t, doc, ".results-count strong")); got != "120" {
		t.Errorf("total of the small table shown as %q, want 120", got)
	}
	if len(all(doc, ".capped-note")) != 0 {
		t.Error("a search under the cap says it is capped")
	}
	for _, c := range all(doc, ".facet .count") {
		if strings.HasSuffix(text(c), "+") {
			t.Errorf("whole facet count shown as %q", text(c))
		}
	}
}
