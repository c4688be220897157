-- A unit's projects in document order, for the page of a big table read by
-- unit and by page (sqldb.Store.UnitProjects, issue 18 item 3).
CREATE INDEX projects_document_unit ON projects (document_id, unit, seq);
