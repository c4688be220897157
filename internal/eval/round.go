package eval

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"jixiao"
)

// SelfEvalRound is the year-end self-evaluation of doc, standing at the
// last day of its budget year (no date when the year is unknown).
func SelfEvalRound(doc *jixiao.Document) jixiao.Round {
	r := jixiao.Round{DocumentID: doc.ID, Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval}
	if doc.Year > 0 {
		r.CutOff = time.Date(doc.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return r
}

// MonitoringRound is a monitoring round of doc called name. Its cut-off is
// cutOff (YYYY-MM-DD) when given, else read from the name: "2024年1-7月" and
// "1-7月" stand at the end of July (of the document's year when the name
// gives none). The name 年度自评 gives the self-evaluation.
func MonitoringRound(doc *jixiao.Document, name, cutOff string) (jixiao.Round, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == jixiao.SelfEvalRoundName {
		return SelfEvalRound(doc), nil
	}
	r := jixiao.Round{DocumentID: doc.ID, Name: name, Kind: jixiao.RoundMonitoring}
	if cutOff != "" {
		d, err := time.Parse("2006-01-02", strings.TrimSpace(cutOff))
		if err != nil {
			return r, fmt.Errorf("截止日期 %q 应写作 YYYY-MM-DD", cutOff)
		}
		r.CutOff = d
		return r, nil
	}
	d, ok := CutOffFromName(name, doc.Year)
	if !ok {
		return r, fmt.Errorf("无法从监控轮次名称 %q 看出截止日期，请另行指定（YYYY-MM-DD）", name)
	}
	r.CutOff = d
	return r, nil
}

var monthRange = regexp.MustCompile(`(?:(\d{4})\s*年)?\s*(?:\d{1,2}\s*[-—–~至到]\s*)?(\d{1,2})\s*月`)

// CutOffFromName reads the last day a round's name covers: "2024年1-7月"
// → 2024-07-31; "1-8月" with year 2023 → 2023-08-31.
func CutOffFromName(name string, year int) (time.Time, bool) {
	m := monthRange.FindStringSubmatch(jixiao.FoldWidth(name))
	if m == nil {
		return time.Time{}, false
	}
	if m[1] != "" {
		year, _ = strconv.Atoi(m[1])
	}
	month, _ := strconv.Atoi(m[2])
	if year == 0 || month < 1 || month > 12 {
		return time.Time{}, false
	}
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC), true
}
