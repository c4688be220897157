package web

import (
	"strings"
	"testing"

	"jixiao"
)

// Published builds HTML by hand, so it must escape every piece of data.
func TestPublishedEscapes(t *testing.T) {
	in := jixiao.Indicator{Seq: 1, Level1Code: "1", Level1: "产出<b>", Level2Code: "11", Level2: "数量&",
		Name: `<script>alert("x")</script>`, Period: jixiao.ParseTarget("≥20人"), Annual: jixiao.ParseTarget(`"><i>`)}
	row := indicatorRow{Indicator: &in}
	row.Mark.add(jixiao.Finding{Rule: "target.vague", Severity: jixiao.SeverityWarning, Message: "<m>"})
	got := string(row.Published())
	for _, bad := range []string{"<script>", "<b>", `"><i>`, "<m>"} {
		if strings.Contains(got, bad) {
			t.Errorf("unescaped %q in %s", bad, got)
		}
	}
	want := `1、<span class="cat">1-产出&lt;b&gt;；11-数量&amp;</span>；<span class="ind-name">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</span>；` +
		`实施周期指标值:<span class="tv">≥20人</span>；年度指标值:<span class="tv">&#34;&gt;&lt;i&gt;</span>。 <span class="badge sev-warning">警告</span>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	raw := indicatorRow{Indicator: &jixiao.Indicator{Raw: "<x>"}}
	if got := string(raw.Published()); got != `<span class="raw">&lt;x&gt;</span>` {
		t.Errorf("raw: %s", got)
	}
}
