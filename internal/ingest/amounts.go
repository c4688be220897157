package ingest

import (
	"strings"
	"unicode/utf8"

	"jixiao"
)

// amountCols is the order of the four money columns in Amounts.
const amountCols = 4

// parseAmounts reads the four money cells (总计, 财政拨款, 财政专户拨款,
// 其他资金). An empty cell is zero and is marked blank (Amounts.Blank), so
// that it shows empty as published. It returns the cells it could not read,
// which are marked unread (Amounts.Unread).
func parseAmounts(cells [amountCols]string, u jixiao.MoneyUnit) (jixiao.Amounts, []string) {
	var m [amountCols]jixiao.Money
	var bad []string
	var blank, unread jixiao.AmountCols
	for i, c := range cells {
		if jixiao.IsBlankCell(c) {
			blank |= jixiao.AmountColumns[i]
			continue
		}
		v, err := jixiao.ParseMoney(c, u)
		if err != nil {
			bad = append(bad, strings.TrimSpace(c))
			unread |= jixiao.AmountColumns[i]
			continue
		}
		m[i] = v
	}
	return jixiao.Amounts{Total: m[0], Fiscal: m[1], SpecialAccount: m[2], Other: m[3], Blank: blank, Unread: unread}, bad
}

// amountLine is a line of PDF text that ends with a row's money columns.
type amountLine struct {
	prefix  string // the text before the amounts: a name, part of one, or 合计
	amounts jixiao.Amounts
	broken  bool // the tail looks like amounts but does not read as four of them
	tail    string
	rest    string // text after the amounts on the same line: the start of the goal
}

// splitAmountLine looks for the money columns at the end of a line:
// "区就业补助资金 1,888.93 1,888.93 0.00 0.00" or "50.60 50.60 0.00 0.00".
// Four readable numbers make a row, and so do two equal ones (see
// totalAndFiscal); two or more number-like tokens with a decimal point that
// do not read so make a broken row, kept for a parse.amount finding.
// Anything else is not an amount line.
func splitAmountLine(line string, u jixiao.MoneyUnit) (amountLine, bool) {
	s := strings.TrimRight(line, " \t\u3000")
	if s == "" || !endsLikeNumber(s) {
		return amountLine{}, false
	}
	f := strings.Fields(s)
	n := 0
	for n < len(f) && n < 8 && numberLike(f[len(f)-1-n]) {
		n++
	}
	if n < 2 {
		return amountLine{}, false
	}
	if n >= amountCols {
		var cells [amountCols]string
		copy(cells[:], f[len(f)-amountCols:])
		if a, bad := parseAmounts(cells, u); len(bad) == 0 {
			// Number-like tokens beyond the four belong to the name ("第 2 期").
			return amountLine{
				prefix:  strings.Join(f[:len(f)-amountCols], " "),
				amounts: a,
				tail:    strings.Join(cells[:], " "),
			}, true
		}
	} else if !strings.ContainsAny(strings.Join(f[len(f)-n:], ""), ".．") {
		return amountLine{}, false
	} else if a, ok := totalAndFiscal(f[len(f)-2:], u); n == 2 && ok {
		return amountLine{prefix: strings.Join(f[:len(f)-2], " "), amounts: a, tail: strings.Join(f[len(f)-2:], " ")}, true
	}
	return amountLine{
		prefix: strings.Join(f[:len(f)-n], " "),
		broken: true,
		tail:   strings.Join(f[len(f)-n:], " "),
	}, true
}

// amountsInside finds the amounts in the middle of a line, where text
// extraction put the first line of the goal after them: "随军家属安置工作经费
// 1.00 1.00 贯彻落实市下达的…". Only a clean reading counts here (four
// amounts, or two equal ones), since the text around them is prose.
func amountsInside(line string, u jixiao.MoneyUnit) (amountLine, bool) {
	if !strings.Contains(line, ".") || !strings.ContainsAny(line, " \t") {
		return amountLine{}, false
	}
	f := strings.Fields(line)
	for i := 1; i+1 < len(f); i++ {
		n := 0
		for i+n < len(f) && n < amountCols && numberLike(f[i+n]) {
			n++
		}
		if n < 2 || i+n == len(f) {
			continue
		}
		var a jixiao.Amounts
		ok := false
		if n == amountCols {
			var cells [amountCols]string
			copy(cells[:], f[i:i+n])
			var bad []string
			a, bad = parseAmounts(cells, u)
			ok = len(bad) == 0
		} else if n == 2 {
			a, ok = totalAndFiscal(f[i:i+2], u)
		}
		if ok {
			return amountLine{prefix: strings.Join(f[:i], " "), amounts: a,
				tail: strings.Join(f[i:i+n], " "), rest: strings.Join(f[i+n:], " ")}, true
		}
		i += n
	}
	return amountLine{}, false
}

// totalAndFiscal reads two equal amounts as 总计 and 财政拨款 with the other
// columns blank: PDF text drops empty cells, and when 总计 equals 财政拨款
// the two blank columns can only be zero. They are marked blank, since the
// source printed nothing there. Any other pair is ambiguous.
func totalAndFiscal(toks []string, u jixiao.MoneyUnit) (jixiao.Amounts, bool) {
	a, errA := jixiao.ParseMoney(toks[0], u)
	b, errB := jixiao.ParseMoney(toks[1], u)
	if errA != nil || errB != nil || a != b || a < 0 {
		return jixiao.Amounts{}, false
	}
	return jixiao.Amounts{Total: a, Fiscal: a, Blank: jixiao.ColSpecialAccount | jixiao.ColOther}, true
}

// endsLikeNumber is a quick test that lets most text lines skip the split.
func endsLikeNumber(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '-' || r == '—' || r == '－' ||
		r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// numberLike accepts a token that was meant as an amount, readable or not:
// short, no Chinese, at least one digit ("1,888.93", "5O.60"), or a dash
// standing for zero.
func numberLike(tok string) bool {
	if tok == "-" || tok == "—" || tok == "－" {
		return true
	}
	if tok == "" || len(tok) > 32 {
		return false
	}
	digit := false
	for _, r := range tok {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			digit = true
		case r == ',' || r == '.' || r == '-' || r == '，' || r == '．':
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			// a misread digit (O for 0, l for 1) still makes the token an amount
		default:
			return false
		}
	}
	return digit
}
