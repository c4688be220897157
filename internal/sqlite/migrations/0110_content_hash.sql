-- The SHA-256 of what a table says (jixiao.Document.ContentHash), so that
-- the same table saved in another encoding, or re-wrapped, is refused as a
-- duplicate like the same file is. Documents stored before this migration
-- and drafts keep '' and are compared by their bytes only.
ALTER TABLE documents ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX documents_content_hash ON documents (content_hash) WHERE content_hash <> '';
