package jixiao

// DocumentOutline is a document read without its projects (issue 18 item
// 3): its heading and listed units, each unit's projects counted and
// summed by the store, and its findings counted, so that the page of a
// big table can show its unit index and first screen without reading
// every indicator.
type DocumentOutline struct {
	// Document is the heading and the listed units; its Projects and
	// Findings are empty.
	Document *Document
	// Units are the groups of the table in the order it is printed: the
	// listed units in their order, then any unit only its projects name,
	// in the order of its first project.
	Units      []UnitFigures
	Projects   int
	Indicators int
	Findings   map[Severity]int
	// Sum is every project's amounts added up (Amounts.Add), what
	// Document.Total computes from the whole document.
	Sum Amounts
}

// UnitFigures is one unit of a document with its projects' figures.
type UnitFigures struct {
	Unit     Unit // Name alone for a unit that is not listed
	Listed   bool // the table's unit list has it
	Projects int
	FirstSeq int     // the seq of its first project, 0 without projects
	Sum      Amounts // its projects' amounts added up (Amounts.Add)
}

// UnitProjectsQuery asks for some projects of one unit of a document (of
// every unit when AllUnits is set), in document order, with their
// indicators: those after AfterSeq (a keyset cursor, 0 from the start),
// then Offset of them skipped, at most Limit.
type UnitProjectsQuery struct {
	DocumentID int64
	Unit       string
	AllUnits   bool
	AfterSeq   int
	Offset     int
	Limit      int
}
