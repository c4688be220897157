package jixiao

// ProjectLink says that project Seq of document DocumentID (budget year
// Year) is the same project as PrevSeq of PrevDocumentID (PrevYear): a
// project followed across years (延续项目). jixiao proposes links
// (internal/history); Certain ones (the same unit and the same name once
// the year is taken out) stand on their own, the others wait for a
// reviewer to confirm them.
type ProjectLink struct {
	PrevDocumentID int64 `json:"prev_document_id"`
	PrevSeq        int   `json:"prev_seq"`
	PrevYear       int   `json:"prev_year"`
	DocumentID     int64 `json:"document_id"`
	Seq            int   `json:"seq"`
	Year           int   `json:"year"`
	// Basis says, in Chinese, why the two are taken to be one project.
	Basis   string `json:"basis"`
	Certain bool   `json:"certain"`
	// Similarity is how alike the two are, from 0 to 1 (names and
	// indicators); 1 for a certain link.
	Similarity float64 `json:"similarity"`
}
