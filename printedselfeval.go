package jixiao

import "time"

// PrintedSelfEval is a published 自评表 imported as a project's year-end
// self-evaluation: the form as it was read (its printed 分值, 得分, 总分
// and 自评等级 among it), kept beside what jixiao computes from the
// actuals recorded from it, so that the two can be compared. The actuals
// themselves are stored as any unit's entries (ProjectActual,
// IndicatorActual); this keeps what only the printed form has.
type PrintedSelfEval struct {
	ProjectSeq int    `json:"project_seq"`
	SourceName string `json:"source_name"` // the imported file's name
	SHA256     string `json:"sha256"`      // of the imported file
	// Form is the 自评表 as read, with its own selfeval.* and parse.*
	// findings.
	Form SelfEvaluationForm `json:"form"`
	// IndicatorSeqs gives, for each of Form.Indicators in order, the seq
	// of the project's indicator it was matched to (0: matched to none).
	IndicatorSeqs []int `json:"indicator_seqs"`
	// Findings are what the import could not carry over (an unmatched
	// indicator, an unread cell), beside the form's own.
	Findings   []Finding `json:"findings,omitempty"`
	ImportedBy string    `json:"imported_by"`
	ImportedAt time.Time `json:"imported_at"`
}

// Printed returns the imported 自评表 of the project with that seq.
func (a *Actuals) Printed(seq int) (PrintedSelfEval, bool) {
	for _, p := range a.PrintedForms {
		if p.ProjectSeq == seq {
			return p, true
		}
	}
	return PrintedSelfEval{}, false
}
