-- GET /api/v1/projects/{id} reads the findings about one project
-- (FindingQuery.ProjectSeq): this index finds them without reading the
-- ~120 findings of the whole document.
CREATE INDEX findings_project ON findings (document_id, project_seq, id);
