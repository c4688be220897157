// Package jixiao is the domain model of jixiao (绩效): the project
// expenditure performance target tables (项目支出绩效目标表) that Chinese
// government departments publish with their budgets, and the review,
// monitoring and self-evaluation built on them.
//
// # Code tour
//
// The model is at the centre and does no I/O; everything else stands around
// it and depends inward:
//
//   - jixiao (this package): Document, Unit, Project, Indicator and Target;
//     Money (exact 分) and its parser; the indicator taxonomy (Scheme2015,
//     Scheme2021) as data; Finding; the error kinds; and the Store interface.
//   - internal/ingest: detects a file's layout and encoding and reads it into
//     a Document (PDF text, markdown tables; spreadsheets via internal/sheet).
//   - internal/check: the catalogue of review rules, each a value with a
//     stable id, applied by check.Run.
//   - internal/sqlite, internal/postgres: the two Store implementations, with
//     their migrations; internal/storetest is the suite both pass.
//   - internal/export: the flat CSV/JSON tables; internal/sheet: .xlsx and
//     CSV in and out in the official layout.
//   - internal/web and internal/api: pages and the JSON API.
//   - cmd/jixiao: the one binary; the only package that wires the others.
package jixiao
