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
	field(d.Stated)
	for _, u := range d.Units {
		text(u.Name)
		field(u.HasStated)
		field(u.Stated)
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
	field(p.Amounts)
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
