// Package doorstest holds the tests of issue 13's "Done when": every
// command run through each door that has it — the JSON API, the pages (form
// posts with the session cookie and the CSRF token, as a browser sends
// them) and the CLI — on SQLite and, when JIXIAO_TEST_POSTGRES is set, on
// PostgreSQL, asserting that the doors agree with each other and with the
// outcome the case expects: the same classification, the same stored state
// and the same audit entry. It has no code outside its tests; the server
// the tests drive is built in one function, newDoors (doors_test.go).
package doorstest
