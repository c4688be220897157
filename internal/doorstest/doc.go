// Package doorstest holds the tests of issue 13's "Done when": every
// command run through each door that has it — the JSON API, the pages (form
// posts with the session cookie and the CSRF token, as a browser sends
// them) and the CLI (the built binary) — on SQLite and, when
// JIXIAO_TEST_POSTGRES is set, on PostgreSQL, asserting that the doors give
// the outcome each case expects and agree with each other: the same
// classification (ok, invalid, unauthenticated, forbidden, not found,
// conflict, duplicate), the same stored state and the same audit entry.
//
// It has no code outside its tests:
//
//   - doors_test.go: TestMain, the shared fixture of each engine (a
//     published table of two projects of two units, one account per role
//     and scope, logged in through the API and the login page), and
//     newDoors, the one function that wires the server as cmd/jixiao's
//     serve does;
//   - run_test.go: the runner of a command's table, the classification of
//     answers, the per-case fixtures (drafts via CreateDraft, moved through
//     the store);
//   - commands_test.go: one table-driven test per command;
//   - bugs_test.go: the three bugs of issue 13, and which tests fail on
//     main at 22b8eb6 and why.
package doorstest
