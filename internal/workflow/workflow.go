// Package workflow holds the helpers of editing a project: reading targets
// as an editor enters them, re-running the review rules on the edited
// document (internal/service stores what they find), the indicator library
// (指标库) and filling pages of results around hidden rows. The policy and
// the state machine are in the root package (policy.go, states.go); the
// storage is jixiao.WorkflowStore.
package workflow

import (
	"context"
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/check"
)

// opGlyph is how a comparator is written in a table.
var opGlyph = map[jixiao.Comparator]string{jixiao.GE: "≥", jixiao.LE: "≤", jixiao.GT: ">", jixiao.LT: "<", jixiao.EQ: ""}

// Target reads a target as an editor sent it: its text when there is one
// (a qualitative target is text only), else comparator, number and unit
// written the way tables write them ("≥" "500" "人次" → "≥500人次").
func Target(text string, op jixiao.Comparator, value, unit string) jixiao.Target {
	text = strings.TrimSpace(text)
	if text == "" && strings.TrimSpace(value) != "" {
		text = opGlyph[op] + strings.TrimSpace(value) + strings.TrimSpace(unit)
	}
	return jixiao.ParseTarget(text)
}

// FillCategoryNames names level-1 and level-2 categories picked by code
// alone, and the level-1 of a level-2 picked without it.
func FillCategoryNames(in *jixiao.Indicator) {
	s := jixiao.Scheme2015
	if c, ok := s.Level2ByCode(in.Level2Code); ok {
		if in.Level2 == "" {
			in.Level2 = c.Name
		}
		if in.Level1Code == "" {
			in.Level1Code = c.Parent
		}
	}
	if c, ok := s.Level1ByCode(in.Level1Code); ok && in.Level1 == "" {
		in.Level1 = c.Name
	}
}

// Findings re-runs the review rules on doc with p in place of the stored
// project of the same id, and returns the findings the document should
// store: the rules' findings plus the readers' parse.* findings about the
// other projects (p was retyped, so its parse findings no longer apply). It
// sets p's Seq, DocumentID and Line from the stored project. cc is what the
// rules compare with beyond the document (check.RunWith).
func Findings(doc *jixiao.Document, p *jixiao.Project, cc check.Context) []jixiao.Finding {
	for i := range doc.Projects {
		if doc.Projects[i].ID == p.ID {
			p.Seq, p.DocumentID, p.Line = doc.Projects[i].Seq, doc.ID, doc.Projects[i].Line
			doc.Projects[i] = *p
		}
	}
	var out []jixiao.Finding
	for _, f := range doc.Findings {
		if strings.HasPrefix(f.Rule, "parse.") && f.ProjectSeq != p.Seq {
			out = append(out, f)
		}
	}
	return append(out, check.RunWith(doc, cc)...)
}

// About returns the findings about the project with seq, in order.
func About(fs []jixiao.Finding, seq int) []jixiao.Finding {
	var out []jixiao.Finding
	for _, f := range fs {
		if f.ProjectSeq == seq {
			out = append(out, f)
		}
	}
	return out
}

// Suggestion is an indicator of the library: a name used under a level-2
// category, how many stored projects use it, and its most frequent targets.
type Suggestion struct {
	Level1Code string `json:"level1_code"`
	Level1     string `json:"level1"`
	Level2Code string `json:"level2_code"`
	Level2     string `json:"level2"`
	Name       string `json:"name"`
	Uses       int    `json:"uses"`
	Annual     string `json:"annual_target"` // most frequent annual target
	Period     string `json:"period_target"` // most frequent period target
}

// libraryScan bounds how many stored indicators one suggestion list reads.
const libraryScan = 2000

// Library suggests indicators for a level-2 category from every stored
// document, most used first, each with its typical targets. q narrows by
// name.
func Library(ctx context.Context, st jixiao.Store, level2Code, q string, limit int) ([]Suggestion, error) {
	byName := map[string]*suggestionCount{}
	var order []string
	cursor := ""
	for read := 0; read < libraryScan; {
		page, err := st.Indicators(ctx, jixiao.IndicatorQuery{Level2Code: level2Code, Q: q, Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, in := range page.Items {
			k := strings.TrimSpace(in.Name)
			if k == "" {
				continue
			}
			c := byName[k]
			if c == nil {
				c = &suggestionCount{s: Suggestion{Level1Code: in.Level1Code, Level1: in.Level1,
					Level2Code: in.Level2Code, Level2: in.Level2, Name: k}, annual: map[string]int{}, period: map[string]int{}}
				byName[k] = c
				order = append(order, k)
			}
			c.s.Uses++
			c.annual[in.Annual.Text]++
			c.period[in.Period.Text]++
		}
		read += len(page.Items)
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	out := make([]Suggestion, 0, len(order))
	for _, k := range order {
		c := byName[k]
		c.s.Annual, c.s.Period = mostFrequent(c.annual), mostFrequent(c.period)
		out = append(out, c.s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Uses > out[j].Uses })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

type suggestionCount struct {
	s              Suggestion
	annual, period map[string]int
}

// mostFrequent returns the most frequent non-empty text, the first in
// lexical order on a tie so that the answer is stable.
func mostFrequent(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if k == "" {
			continue
		}
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// FindingsWithNew is Findings for a project about to be appended to doc:
// p gets the next seq and the document's id.
func FindingsWithNew(doc *jixiao.Document, p *jixiao.Project, cc check.Context) []jixiao.Finding {
	p.DocumentID, p.Seq = doc.ID, len(doc.Projects)+1
	doc.Projects = append(doc.Projects, *p)
	doc.Renumber()
	return keepParse(doc.Findings, -1, check.RunWith(doc, cc))
}

// FindingsWithout is Findings for doc once the project with id is removed
// and the projects after it move up one place.
func FindingsWithout(doc *jixiao.Document, id int64, cc check.Context) []jixiao.Finding {
	removed := -1
	for i := range doc.Projects {
		if doc.Projects[i].ID == id {
			removed = doc.Projects[i].Seq
			doc.Projects = append(doc.Projects[:i], doc.Projects[i+1:]...)
			break
		}
	}
	doc.Renumber()
	return keepParse(doc.Findings, removed, check.RunWith(doc, cc))
}

// keepParse adds to rules the readers' parse.* findings, dropping those
// about the removed project (seq; -1 for none) and moving up those after it.
func keepParse(stored []jixiao.Finding, removed int, rules []jixiao.Finding) []jixiao.Finding {
	var out []jixiao.Finding
	for _, f := range stored {
		if !strings.HasPrefix(f.Rule, "parse.") || removed > 0 && f.ProjectSeq == removed {
			continue
		}
		if removed > 0 && f.ProjectSeq > removed {
			f.ProjectSeq--
		}
		out = append(out, f)
	}
	return append(out, rules...)
}
