package service_test

import (
	"testing"

	"jixiao"
)

// TestDocumentOutlineCached: a table's outline (the first screen of a big
// table counts it over all its projects) is read once per change of the
// data, and a draft's stays hidden from a visitor (both engines).
func TestDocumentOutlineCached(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		outline := func(by *jixiao.User, id int64) (*jixiao.DocumentOutline, error) {
			t.Helper()
			v, err := c.s.Targets.View(c.ctx, by)
			is(t, "view", err, nil)
			return v.DocumentOutline(c.ctx, id)
		}
		first, err := outline(nil, c.pub.ID)
		is(t, "outline", err, nil)
		if again, _ := outline(nil, c.pub.ID); again != first || first.Projects != len(c.pub.Projects) {
			t.Errorf("the second outline was read again, or counts %d projects of %d", first.Projects, len(c.pub.Projects))
		}
		d := c.draft(t) // a write: the next outline is read afresh
		if after, _ := outline(nil, c.pub.ID); after == first || after.Projects != first.Projects {
			t.Errorf("after a write the outline was not read again (or changed: %d projects)", after.Projects)
		}
		_, err = outline(c.users["dept"], d.ID)
		is(t, "the reviewer's outline of the draft", err, nil)
		_, err = outline(nil, d.ID)
		is(t, "a visitor's outline of the draft", err, jixiao.ErrNotFound)
	})
}
