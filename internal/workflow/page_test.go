package workflow

import (
	"strconv"
	"testing"

	"jixiao"
)

// ints is a store of 1…n listed after a cursor ("" or the last one read),
// counting its reads; it tells the cursor after each item (Page.After)
// when after is set.
type ints struct {
	n     int
	after bool
	reads int
}

func (s *ints) fetch(limit int, cursor string) (jixiao.Page[int], error) {
	s.reads++
	from, _ := strconv.Atoi(cursor)
	page := jixiao.Page[int]{Items: []int{}}
	for i := from + 1; i <= s.n && len(page.Items) < limit; i++ {
		page.Items = append(page.Items, i)
	}
	if last := len(page.Items); last > 0 && page.Items[last-1] < s.n {
		page.NextCursor = strconv.Itoa(page.Items[last-1])
	}
	if s.after {
		items := page.Items
		page.After = func(i int) string { return strconv.Itoa(items[i]) }
	}
	return page, nil
}

// TestFillPageUsesTheStoresCursors: with every third item hidden, a page
// of 5 visible items and its cursor are the same whether the store tells
// the cursor after an item or not; told, the page costs one read less.
func TestFillPageUsesTheStoresCursors(t *testing.T) {
	hidden := func(i int) bool { return i%3 == 0 }
	var pages [2][]jixiao.Page[int]
	var reads [2]int
	for k, after := range []bool{false, true} {
		s := &ints{n: 40, after: after}
		for cursor := "start"; cursor != ""; {
			c := cursor
			if c == "start" {
				c = ""
			}
			p, err := FillPage(5, c, s.fetch, hidden)
			if err != nil {
				t.Fatal(err)
			}
			pages[k] = append(pages[k], p)
			cursor = p.NextCursor
		}
		reads[k] = s.reads
	}
	if len(pages[0]) != len(pages[1]) {
		t.Fatalf("%d pages without the store's cursors, %d with", len(pages[0]), len(pages[1]))
	}
	seen := 0
	for i := range pages[0] {
		a, b := pages[0][i], pages[1][i]
		if strconv.Quote(a.NextCursor) != strconv.Quote(b.NextCursor) || len(a.Items) != len(b.Items) {
			t.Errorf("page %d: %v %q without, %v %q with", i+1, a.Items, a.NextCursor, b.Items, b.NextCursor)
		}
		for j := range a.Items {
			if a.Items[j] != b.Items[j] || hidden(a.Items[j]) {
				t.Errorf("page %d item %d: %d and %d", i+1, j, a.Items[j], b.Items[j])
			}
		}
		seen += len(a.Items)
	}
	if seen != 27 { // 40 less the 13 multiples of 3
		t.Errorf("%d visible items in all, want 27", seen)
	}
	if reads[1] >= reads[0] {
		t.Errorf("%d reads with the store's cursors, %d without", reads[1], reads[0])
	}
}
