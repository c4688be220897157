package service

import (
	"context"
	"fmt"
	"slices"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/history"
	"jixiao/internal/importer"
)

// ForImport is the importer's Context (importer.Options.Context) for doc,
// read and not yet stored, imported by by: its projects are matched
// against the newest earlier year's tables of its department
// (history.Match), the certain matches give the rules their earlier years,
// and once doc is stored every match is kept as a link (certain ones
// confirmed, the others waiting for a reviewer), logged as by's.
func (c *CheckContexts) ForImport(by *jixiao.User) func(ctx context.Context, doc *jixiao.Document) (check.Context, importer.AfterSave, error) {
	return func(ctx context.Context, doc *jixiao.Document) (check.Context, importer.AfterSave, error) {
		links, err := c.propose(ctx, doc)
		if err != nil {
			return check.Context{}, nil, err
		}
		cc, err := c.For(ctx, doc, links)
		if err != nil || len(links) == 0 {
			return cc, nil, err
		}
		return cc, func(ctx context.Context, doc *jixiao.Document) error {
			for i := range links {
				links[i].ProjectID = doc.Projects[links[i].Seq-1].ID
			}
			if _, err := c.st.Links().SaveLinks(ctx, doc.ID, links, jixiao.Actor(by)); err != nil {
				return fmt.Errorf("已导入为文档 %d，但未能保存与上年项目的关联：%w", doc.ID, err)
			}
			return nil
		}, nil
	}
}

// propose matches doc against each stored table of its department of the
// newest year before doc's, each project of doc linked at most once: the
// table with the most certain matches first (last year's own table
// before another of the same department that shares a few names), then
// the others for the projects left.
func (c *CheckContexts) propose(ctx context.Context, doc *jixiao.Document) ([]jixiao.StoredLink, error) {
	prevs, err := c.lastYear(ctx, doc)
	if err != nil {
		return nil, err
	}
	type matched struct {
		prev    *jixiao.Document
		links   []jixiao.ProjectLink
		certain int
	}
	var ms []matched
	for _, id := range prevs {
		prev, err := c.st.Document(ctx, id)
		if err != nil {
			return nil, err
		}
		m := matched{prev: prev, links: history.Match(prev, doc)}
		for _, l := range m.links {
			if l.Certain {
				m.certain++
			}
		}
		ms = append(ms, m)
	}
	slices.SortStableFunc(ms, func(a, b matched) int { return b.certain - a.certain })
	var out []jixiao.StoredLink
	linked := map[int]bool{}
	for _, m := range ms {
		for _, l := range m.links {
			if linked[l.Seq] {
				continue
			}
			linked[l.Seq] = true
			pp, p := &m.prev.Projects[l.PrevSeq-1], &doc.Projects[l.Seq-1]
			out = append(out, jixiao.StoredLink{ProjectLink: l, PrevProjectID: pp.ID, PrevName: pp.Name, Name: p.Name, Unit: p.Unit})
		}
	}
	return out, nil
}

// lastYear lists the stored tables of doc's department (its 主管部门,
// the agency) of the newest budget year before doc's, oldest import
// first.
func (c *CheckContexts) lastYear(ctx context.Context, doc *jixiao.Document) ([]int64, error) {
	if doc.Year == 0 {
		return nil, nil
	}
	docs, err := c.st.Documents(ctx)
	if err != nil {
		return nil, err
	}
	year := 0
	for _, d := range docs {
		if d.Agency == doc.Agency && d.Year < doc.Year && d.Year > year {
			year = d.Year
		}
	}
	var out []int64
	for i := len(docs) - 1; i >= 0; i-- { // newest import first: walk back
		if d := docs[i]; year > 0 && d.Agency == doc.Agency && d.Year == year {
			out = append(out, d.ID)
		}
	}
	return out, nil
}
