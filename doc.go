// Package jixiao is the domain model of jixiao (绩效): the project
// expenditure performance target tables (项目支出绩效目标表) that Chinese
// government departments publish with their budgets, and the review,
// approval, monitoring and self-evaluation built on them.
//
// # Code tour
//
// The model is at the centre and does no I/O; everything else stands around
// it and depends inward (deps_test.go keeps the arrows):
//
//   - jixiao (this package): Document, Unit, Project, Indicator and Target
//     (ParseTarget); the published indicator string (indicatorcell.go);
//     Money, exact in 分; the indicator taxonomy as versioned data
//     (Scheme2015, Scheme2021); Finding; the error kinds; the workflow
//     (roles, states, and the one access policy Authorize/Permit, the
//     evaluation's actions included) and evaluation types; the error type
//     Error (a kind for programs, a Chinese message for people); and the
//     store interfaces Store, WorkflowStore and EvalStore.
//   - internal/sheet is the layer under every reader: .xlsx workbooks and
//     CSV files as rows of cells, and the one text decoder (sheet.Decode:
//     UTF-16, UTF-8, GB18030; binary refused), so that a file gives the same
//     text or error at every door. It reads the target tables laid out as
//     spreadsheets itself, and the evaluation files' tables for internal/eval.
//   - internal/ingest detects a file's layout and reads it into a Document:
//     the Guangzhou table (PDF, PDF text, markdown; spreadsheets via
//     internal/sheet) and the one-project forms of other regions, read
//     by their labels in any flattening, from text, PDF, .xlsx or .docx
//     (Project's FormFields and Indicator's printed labels and notes hold
//     what only they print). internal/pdf gives it a PDF's glyphs with
//     their positions and the ruling lines (pure Go, on pdfcpu); ingest
//     rebuilds the table from them and checks it against the table's sums.
//     internal/gen makes realistic documents of any size for benchmarks,
//     and series of years with planted cases for the year-on-year rules.
//   - internal/check is the catalogue of review rules, each a value with a
//     stable id and the 88号 审核内容 it informs (docs/rules.md is generated
//     from it); it pre-fills a reviewer's 审核 (PrefillReview) and, given a
//     project's earlier years, runs the year-on-year and peer rules (RunWith).
//     internal/history proposes which project of last year's table a
//     project continues (jixiao.ProjectLink).
//   - internal/service is the command layer: one type per area (Targets:
//     Save, Submit, Approve, Return, ReviewProject (the 88号 审核), Publish, CreateDraft, AddProject,
//     RemoveProject, ProposeAdjustment, ReviewAdjustment; Documents:
//     Import, Delete; Monitoring: OpenRound, RecordActuals), one method per
//     command taking the acting user, checking jixiao.Permit, running the
//     rules and writing with the audit entry; and View, which decides once
//     what a user may read (a filer sees only their unit's drafts). Every
//     change through the API or the pages is one of these calls.
//   - internal/importer is the import use case: read, check, save in one
//     transaction. The CLI imports through it, the doors through
//     service.Documents.Import.
//   - internal/sqldb is the one SQL store: documents, search, accounts,
//     sessions, workflow, versions, adjustments, the audit log, rounds and
//     actuals, and migrations, in the SQL both engines accept.
//     internal/sqlite and internal/postgres embed it with their hooks
//     (search, write path, unique violations, row locks) and their
//     migrations. internal/storetest is the conformance suite both engines
//     pass; internal/sampletest gives every package's tests the two sample
//     tables, read by the real reader.
//   - internal/export writes the flat CSV/JSON tables and the official
//     layout, as CSV and as the styled .xlsx workbook (which sheet reads
//     back; sheet never imports export).
//   - internal/eval reads the evaluation files (through internal/sheet),
//     scores projects (财预〔2020〕10号) and lights monitoring rounds; internal/auth holds passwords and sessions (every hash in a
//     bounded pool, internal/limit, and throttled before it); internal/workflow
//     the helpers of editing (targets as typed, re-running the rules, the
//     indicator library, filling pages of results).
//   - internal/api is the JSON API, internal/web the pages: each handler
//     decodes a request, calls internal/service and encodes the answer,
//     errors through one kind → status table per door; every route of a
//     door is listed in its routes() (api.go, web.go), and the API's
//     OpenAPI document is one file (internal/api/openapi.json).
//     internal/server is the HTTP server and middleware that mounts both.
//   - internal/demo holds the two sample tables "jixiao demo" serves, its
//     accounts (one per role) and what it seeds so that every page has
//     something to show.
//   - cmd/jixiao is the one binary and the only package that wires: it
//     opens the store, builds the services with the scoring configuration
//     (--config), the one session manager with the clock, the pages and the
//     server (wire.go).
//   - internal/stress (build tag stress, scripts/stress.sh) is the
//     reliability suite: mixed load on both engines, the database cut and
//     restored under load.
package jixiao
