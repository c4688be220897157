package jixiao

// AggregateQuery asks for the figures of one budget year's tables as one
// reader may see them (issue 15 item 4, issue 18 item 2): every published
// table of the year, the year's drafts among Drafts, and of those drafts
// not the projects of HiddenUnits. The service fills it from the reader's
// view (service.View.Aggregate); the store only counts what it is told.
type AggregateQuery struct {
	Year int
	// Drafts are the drafts the reader may read; other drafts are left out.
	Drafts []int64
	// HiddenUnits are, per draft, the units whose projects (and the
	// findings about them) the reader may not see.
	HiddenUnits map[int64][]string
	// Top bounds TopProjects (AggregateTop when 0).
	Top int
}

// AggregateTop is how many of the largest projects an aggregate names.
const AggregateTop = 15

// Aggregate is what 总览 shows of one year, counted by the store from its
// columns without reading any document whole.
type Aggregate struct {
	Year       int
	Projects   int
	Indicators int
	Total      Money // the projects' 合计 amounts added up, the unread ones left out
	Findings   map[Severity]int
	// Units is each document's units with the money of their projects, in
	// document and unit order.
	Units []UnitMoney
	// TopProjects are the largest projects by amount, largest first.
	TopProjects []ProjectMoney
	// Levels counts indicators by their categories as stored (codes and
	// names), in code order.
	Levels []LevelCount
	// Documents is each document's own figures, in id order.
	Documents []DocumentFigures

	// UnreadProjects counts the projects whose 总计 could not be read:
	// Total leaves them out.
	UnreadProjects int
}

// UnitMoney is one unit of one document with its projects' money.
type UnitMoney struct {
	DocumentID int64
	Unit       string
	Projects   int
	Money      Money
}

// ProjectMoney is one project with its amount.
type ProjectMoney struct {
	ID         int64
	DocumentID int64
	Name       string
	Money      Money
}

// LevelCount is how many indicators carry one pair of categories.
type LevelCount struct {
	Level1Code, Level1 string
	Level2Code, Level2 string
	Indicators         int
}

// DocumentFigures is one document's part of an aggregate: its counted
// projects, indicators, money and findings, and its indicators counted as
// check.Summarize does: those whose two targets have a number, a unit and
// a comparator (and no raw text), those with a target.vague or
// target.external-reference finding, and those of projects whose list is
// copied.
type DocumentFigures struct {
	DocumentID        int64
	Projects          int
	Indicators        int
	Money             Money
	Findings          map[Severity]int
	Measurable        int
	Vague             int
	ExternalReference int
	Copied            int

	UnreadProjects int // projects whose 总计 could not be read, left out of Money
}
