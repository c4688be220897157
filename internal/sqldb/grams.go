package sqldb

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Short queries. A trigram index cannot answer a query of one or two
// characters (培训, 满意, 率), yet Chinese users type those most. Both stores
// therefore also index every 1- and 2-character substring ("gram") of a
// name_key: a key of one or two characters is a substring of a name exactly
// when it is one of the name's grams, so a lookup in that index is both
// exact and fast, with no rescan of the rows.

// ShortQuery reports whether key is answered from the gram index.
func ShortQuery(key string) bool { return utf8.RuneCountInString(key) <= 2 }

// GramToken is how SQLite's gram index spells one gram for its "ascii"
// tokenizer, which keeps every non-ASCII character and ASCII letters and
// digits in a token and splits at anything else: the gram itself when it
// holds only such characters (培训, 率, a1), else "x" and the hex of its
// bytes ("x2561" for "%a"), which no gram of two characters can spell.
func GramToken(gram string) string {
	var b strings.Builder
	writeGramToken(&b, gram)
	return b.String()
}

func writeGramToken(b *strings.Builder, gram string) {
	for i := 0; i < len(gram); i++ {
		c := gram[i]
		if c < 0x80 && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b.WriteByte('x')
			b.WriteString(hex.EncodeToString([]byte(gram)))
			return
		}
	}
	b.WriteString(gram)
}

// GramText lists the 1- and 2-character grams of key as space separated
// GramTokens: the text SQLite's gram index tokenizes. Repeats are left in
// (the index has detail=none: a token is there or not), which saves a set
// per row on the import path (pprof: a set and hex for every gram cost 19%
// of a save).
func GramText(key string) string {
	var b strings.Builder
	b.Grow(4 * len(key))
	emit := func(g string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		writeGramToken(&b, g)
	}
	before, prev := -1, -1 // byte offsets of the last two runes seen
	for i := range key {
		if prev >= 0 {
			emit(key[prev:i]) // the previous rune, and the pair it ends
			if before >= 0 {
				emit(key[before:i])
			}
		}
		before, prev = prev, i
	}
	if prev >= 0 {
		emit(key[prev:])
		if before >= 0 {
			emit(key[before:])
		}
	}
	return b.String()
}

// Grams lists the distinct 1- and 2-character substrings of key, in order
// of first appearance: PostgreSQL's name_grams column.
func Grams(key string) []string {
	runes := []rune(key)
	out := make([]string, 0, 2*len(runes))
	seen := make(map[string]bool, 2*len(runes))
	for i := range runes {
		for n := 1; n <= 2 && i+n <= len(runes); n++ {
			if g := string(runes[i : i+n]); !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	return out
}
