package jixiao_test

import (
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
	if b := a.Add(a); b != (jixiao.Amounts{20, 12, 6, 2}) {
		t.Errorf("Add = %+v", b)
	}
}
