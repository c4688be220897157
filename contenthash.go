package jixiao

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// ContentHash is the SHA-256 of what the table says, not of its bytes: the
// heading, the 合计, every unit and project with its money, goal and
// indicators, each text with widths folded and white space dropped. The
// same table saved in UTF-8 and in GBK, or re-wrapped, has one
// ContentHash and two SHA256s; a changed amount or target changes it.
// Which money cells are blank counts (see hashAmounts).
// Line numbers, the file's name and layout and the findings do not count.
func (d *Document) ContentHash() string {
	h := sha256.New()
	field := func(v any) { fmt.Fprintf(h, "%v\x1f", v) }
	text := func(s string) { io.WriteString(h, contentText(s)+"\x1f") }
	text(d.Title)
	text(d.Agency)
	field(d.AgencyKind)
	field(d.MoneyUnit)
	field(d.Year)
	field(d.HasStated)
	field(hashAmounts(d.Stated))
	for _, u := range d.Units {
		text(u.Name)
		field(u.HasStated)
		field(hashAmounts(u.Stated))
		io.WriteString(h, "\x1e")
	}
	for i := range d.Projects {
		d.Projects[i].hashContent(h, text, field)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (p *Project) hashContent(h io.Writer, text func(string), field func(any)) {
	io.WriteString(h, "\x1d")
	text(p.Unit)
	text(p.Name)
	field(hashAmounts(p.Amounts))
	text(p.Goal)
	text(p.Raw)
	field(p.FormFields.PeriodTotal)
	text(p.FormFields.PeriodGoal)
	for _, in := range p.Indicators {
		io.WriteString(h, "\x1e")
		for _, s := range []string{in.Level1Code, in.Level1, in.Level2Code, in.Level2, in.Name, in.Period.Text, in.Annual.Text, in.Raw} {
			text(s)
		}
	}
}

// hashAmounts is how amounts enter the hash: the four figures as they did
// before Amounts had blank cells, so that a table without blanks keeps the
// hash it was stored with, and the blank columns only when there are any.
// A blank cell and a printed 0.00 are different tables.
func hashAmounts(a Amounts) string {
	s := fmt.Sprintf("{%d %d %d %d}", a.Total, a.Fiscal, a.SpecialAccount, a.Other)
	if a.Blank != 0 {
		s += fmt.Sprintf(" blank=%d", uint8(a.Blank))
	}
	return s
}

// contentText folds widths and drops every space, so that encodings,
// wrapping and padding do not tell two copies of a table apart.
func contentText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, FoldWidth(s))
}
