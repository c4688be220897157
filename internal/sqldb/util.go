package sqldb

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"jixiao"
)

// TimeLayout is how SQLite stores times: UTC with a fixed number of
// fraction digits, so that text order is time order.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// TimeText formats t for a TEXT time column.
func TimeText(t time.Time) string { return t.UTC().Format(TimeLayout) }

// Time scans a time stored as TEXT (SQLite) or as timestamptz (PostgreSQL).
type Time struct{ T time.Time }

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		t.T = v.UTC()
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	case nil:
		t.T = time.Time{}
	default:
		return fmt.Errorf("cannot scan %T into a time", v)
	}
	return nil
}

func (t *Time) parse(s string) error {
	for _, layout := range []string{TimeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if p, err := time.Parse(layout, s); err == nil {
			t.T = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read time %q", s)
}

// SearchKey folds a name or a query the one way both are compared: width
// folded (full-width letters, digits, brackets), white space of wrapping
// dropped, Latin letters in lower case.
func SearchKey(s string) string {
	if plainKey(s) {
		return s // most names: nothing to fold, so no copy (pprof: 10% of a save)
	}
	return strings.Map(dropControl, strings.ToLower(jixiao.FoldWidth(jixiao.CleanText(s))))
}

// dropControl removes control characters, so that no key holds the
// separator of IndicatorSearchKey.
func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return -1
	}
	return r
}

// plainKey reports whether SearchKey would leave s as it is: no white
// space, no upper-case letter, and nothing width.Fold or FoldWidth maps
// (U+3000, the full- and half-width forms block, ₩, ≧, ≦).
func plainKey(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs, most of every name: nothing to fold
		case r < 0x80:
			if r <= ' ' || r == 0x7f || r >= 'A' && r <= 'Z' {
				return false
			}
		case r < 0xA0 || r == 0x3000 || r == 0x20A9 || r == '≧' || r == '≦' || r >= 0xFF00 || unicode.IsSpace(r) || unicode.ToLower(r) != r:
			return false
		}
	}
	return true
}

// LikePattern makes a LIKE pattern that finds key anywhere, with % _ and \
// escaped (use with ESCAPE '\').
func LikePattern(key string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(key) + "%"
}

// boolInt stores a bool as 0/1 in both engines (SQLite has no BOOLEAN).
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
