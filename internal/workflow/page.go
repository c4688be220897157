package workflow

import "jixiao"

// DefaultPageLimit is the page size FillPage reads when asked for none,
// the stores' default.
const DefaultPageLimit = 50

// refillRows is how many rows each further read of FillPage asks for, so
// that a long run of hidden rows costs few queries.
const refillRows = 200

// FillPage reads a page of want items that hidden does not hide (the
// stores' default when want is 0) from cursor on, through fetch (a keyset
// listing of the store), as the store would list the visible rows alone:
// its next cursor follows the last item kept and is set only when a
// visible item follows it. Hidden rows (drafts a visitor may not see)
// therefore change neither the items nor the cursor: a listing that ends
// on hidden rows answers exactly as one without them. The API and the
// pages both page through it.
func FillPage[T any](want int, cursor string, fetch func(limit int, cursor string) (jixiao.Page[T], error),
	hidden func(T) bool) (jixiao.Page[T], error) {
	if want <= 0 {
		want = DefaultPageLimit
	}
	out := jixiao.Page[T]{Items: []T{}}
	var full pagePos[T] // where the want-th visible item was read
	for limit := want + 1; ; limit = max(want+1-len(out.Items), refillRows) {
		page, err := fetch(limit, cursor)
		if err != nil {
			return out, err
		}
		for i, it := range page.Items {
			if hidden(it) {
				continue
			}
			if len(out.Items) == want { // a visible item follows the page
				out.NextCursor, err = full.cursorAfter(fetch)
				return out, err
			}
			out.Items = append(out.Items, it)
			if len(out.Items) == want {
				full = pagePos[T]{page: page, i: i, cursor: cursor}
			}
		}
		if page.NextCursor == "" {
			return out, nil
		}
		cursor = page.NextCursor
	}
}

// pagePos is item i of page, read from cursor.
type pagePos[T any] struct {
	page   jixiao.Page[T]
	i      int
	cursor string
}

// cursorAfter is the cursor that follows the item: the page's own after
// its last item, the store's for the item (Page.After), else that of a
// re-read ending at it.
func (p pagePos[T]) cursorAfter(fetch func(int, string) (jixiao.Page[T], error)) (string, error) {
	if p.i == len(p.page.Items)-1 {
		return p.page.NextCursor, nil
	}
	if p.page.After != nil {
		return p.page.After(p.i), nil
	}
	short, err := fetch(p.i+1, p.cursor)
	return short.NextCursor, err
}
