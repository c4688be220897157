package web

import (
	"bytes"
	"net/http"

	"jixiao"
	"jixiao/internal/eval"
)

// evalSheetPage is a project's 自评表, a page of its own laid out for A4.
type evalSheetPage struct {
	Layout
	Sheet    eval.SelfSheet
	Back     string
	XLSX     string
	Problems []string
}

// selfSheet scores the project in the self-evaluation and lays out its
// 自评表.
func (s *site) selfSheet(r *http.Request) (*evalContext, *jixiao.Project, eval.SelfSheet, eval.Problems, error) {
	c, err := s.loadEval(r)
	if err != nil {
		return nil, nil, eval.SelfSheet{}, nil, err
	}
	pr, err := c.project(r)
	if err != nil {
		return nil, nil, eval.SelfSheet{}, nil, err
	}
	a, err := c.actuals(r, jixiao.SelfEvalRoundName)
	if err != nil {
		return nil, nil, eval.SelfSheet{}, nil, err
	}
	ps, probs := eval.ScoreProject(c.cfg, pr, a)
	return c, pr, eval.BuildSelfSheet(c.cfg, c.doc, pr, ps, a), probs, nil
}

func (s *site) evalSheet(w http.ResponseWriter, r *http.Request) error {
	c, pr, sh, probs, err := s.selfSheet(r)
	if err != nil {
		return err
	}
	p := evalSheetPage{Layout: Layout{Title: "绩效自评表 · " + pr.Name}, Sheet: sh,
		Back: roundURL(c.doc.ID, jixiao.SelfEvalRoundName), XLSX: sheetURL(c.doc.ID, pr.Seq) + ".xlsx"}
	for _, pb := range probs {
		p.Problems = append(p.Problems, pb.Error())
	}
	return s.render(w, r, http.StatusOK, "eval_sheet", "sheet", p)
}

func (s *site) evalSheetXLSX(w http.ResponseWriter, r *http.Request) error {
	_, pr, sh, _, err := s.selfSheet(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := eval.WriteSelfSheetXLSX(&b, sh); err != nil {
		return err
	}
	sendXLSX(w, "绩效自评表-"+pr.Name+".xlsx", b.Bytes())
	return nil
}
