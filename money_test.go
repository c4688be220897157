package jixiao_test

import (
	"encoding/json"
	"strings"
	"testing"

	"jixiao"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		unit jixiao.MoneyUnit
		want jixiao.Money
	}{
		{"13,232.12", jixiao.WanYuan, 13_232_120_000},
		{"89.974", jixiao.WanYuan, 89_974_000},
		{"0.000001", jixiao.WanYuan, 1},
		{"", jixiao.WanYuan, 0},
		{"  0.00 ", jixiao.WanYuan, 0},
		{"１，２３４．５", jixiao.WanYuan, 1_234_500_000},
		{"-1.5", jixiao.WanYuan, -1_500_000},
		{"12.34", jixiao.Yuan, 1234},
		{"7", jixiao.Yuan, 700},
		{".5", jixiao.WanYuan, 500_000},
	}
	for _, tt := range tests {
		got, err := jixiao.ParseMoney(tt.in, tt.unit)
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q, %s) = %d, %v; want %d", tt.in, tt.unit, got, err, tt.want)
		}
	}
}

func TestParseMoneyRefuses(t *testing.T) {
	for _, in := range []string{"abc", "1.2.3", "12元", "0.0000001", "1.234", "99999999999999999999", ".", "1e5"} {
		unit := jixiao.WanYuan
		if in == "1.234" {
			unit = jixiao.Yuan
		}
		if got, err := jixiao.ParseMoney(in, unit); err == nil {
			t.Errorf("ParseMoney(%q, %s) = %d, want an error", in, unit, got)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m       jixiao.Money
		unit    jixiao.MoneyUnit
		plain   string
		grouped string
	}{
		{13_232_120_000, jixiao.WanYuan, "13232.12", "13,232.12"},
		{89_974_000, jixiao.WanYuan, "89.974", "89.974"},
		{0, jixiao.WanYuan, "0.00", "0.00"},
		{1, jixiao.WanYuan, "0.000001", "0.000001"},
		{-1_500_000, jixiao.WanYuan, "-1.50", "-1.50"},
		{123_456_789, jixiao.Yuan, "1234567.89", "1,234,567.89"},
		{53_584_690_000, jixiao.WanYuan, "53584.69", "53,584.69"},
	}
	for _, tt := range tests {
		if got := tt.m.Format(tt.unit); got != tt.plain {
			t.Errorf("Format(%d) = %q, want %q", tt.m, got, tt.plain)
		}
		if got := tt.m.FormatGrouped(tt.unit); got != tt.grouped {
			t.Errorf("FormatGrouped(%d) = %q, want %q", tt.m, got, tt.grouped)
		}
	}
}

// FuzzMoneyRoundTrip checks that whatever ParseMoney accepts, Format writes
// back to the same amount.
func FuzzMoneyRoundTrip(f *testing.F) {
	for _, s := range []string{"13,232.12", "89.974", "0.000001", "-1.5", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := jixiao.ParseMoney(s, jixiao.WanYuan)
		if err != nil {
			return
		}
		back, err := jixiao.ParseMoney(m.Format(jixiao.WanYuan), jixiao.WanYuan)
		if err != nil || back != m {
			t.Fatalf("%q → %d → %q → %d, %v", s, m, m.Format(jixiao.WanYuan), back, err)
		}
	})
}

func TestAmountsSum(t *testing.T) {
	a := jixiao.Amounts{Total: 10, Fiscal: 6, SpecialAccount: 3, Other: 1}
	if a.Sum() != a.Total {
		t.Errorf("Sum = %d, want %d", a.Sum(), a.Total)
	}
	if b := a.Add(a); b != (jixiao.Amounts{Total: 20, Fiscal: 12, SpecialAccount: 6, Other: 2}) {
		t.Errorf("Add = %+v", b)
	}
}

// A blank cell is 0 to the arithmetic and "" to a table; the set goes to
// JSON as column names and back, and a computed sum has no blank cells.
func TestAmountsBlank(t *testing.T) {
	a := jixiao.Amounts{Total: 5_000_000, Fiscal: 5_000_000, Blank: jixiao.ColSpecialAccount | jixiao.ColOther}
	if a.Sum() != a.Total {
		t.Errorf("Sum = %d", a.Sum())
	}
	for c, want := range map[jixiao.AmountCols]string{jixiao.ColTotal: "5.00", jixiao.ColFiscal: "5.00",
		jixiao.ColSpecialAccount: "", jixiao.ColOther: ""} {
		if got := a.Cell(c, jixiao.WanYuan); got != want {
			t.Errorf("Cell(%s) = %q, want %q", c.Name(), got, want)
		}
	}
	if (jixiao.Amounts{}).Cell(jixiao.ColOther, jixiao.WanYuan) != "0.00" {
		t.Error("a printed 0.00 does not show as 0.00")
	}
	if s := a.Add(a); s.Blank != 0 || s.Total != 10_000_000 {
		t.Errorf("Add = %+v", s)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"total":5000000,"fiscal":5000000,"special_account":0,"other":0,"blank":["special_account","other"]}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var back jixiao.Amounts
	if err := json.Unmarshal(b, &back); err != nil || back != a {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	if b, _ := json.Marshal(jixiao.Amounts{Total: 1}); strings.Contains(string(b), "blank") {
		t.Errorf("no blank cell, yet %s", b)
	}
	if err := json.Unmarshal([]byte(`{"blank":["others"]}`), &back); err == nil {
		t.Error("an unknown column name is accepted")
	}
	for s, want := range map[string]bool{"": true, "  ": true, "\u3000": true, "0.00": false, "-": false, "—": false} {
		if jixiao.IsBlankCell(s) != want {
			t.Errorf("IsBlankCell(%q) = %t", s, !want)
		}
	}
}

// TestAmountsUnread: a cell the reader could not read prints 未读出, in the
// pages' grouped form and in the CSV's plain one, never 0.00; a sum with
// an unread cell in a column is unread in that column; JSON names the
// unread columns.
func TestAmountsUnread(t *testing.T) {
	a := jixiao.Amounts{Fiscal: 1_234_570_000, Blank: jixiao.ColOther, Unread: jixiao.ColTotal}
	for c, want := range map[jixiao.AmountCols][2]string{jixiao.ColTotal: {"未读出", "未读出"},
		jixiao.ColFiscal: {"1,234.57", "1234.57"}, jixiao.ColSpecialAccount: {"0.00", "0.00"}, jixiao.ColOther: {"", ""}} {
		if got := [2]string{a.Cell(c, jixiao.WanYuan), a.PlainCell(c, jixiao.WanYuan)}; got != want {
			t.Errorf("%s: Cell, PlainCell = %q, want %q", c.Name(), got, want)
		}
	}
	if s := (jixiao.Amounts{Total: 1}).Add(a); s.Unread != jixiao.ColTotal || s.Blank != 0 {
		t.Errorf("Add = %+v", s)
	}
	b, _ := json.Marshal(a)
	if want := `"unread":["total"]`; !strings.Contains(string(b), want) {
		t.Errorf("JSON %s lacks %s", b, want)
	}
	var back jixiao.Amounts
	if err := json.Unmarshal(b, &back); err != nil || back != a {
		t.Errorf("JSON round trip: %+v %v", back, err)
	}
}
