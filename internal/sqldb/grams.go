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

// GramToken is how SQLite's gram index spells one gram: the hex of its
// UTF-8 bytes, so that FTS5's unicode61 tokenizer keeps it whole whatever
// characters it holds (punctuation, spaces, full-width forms).
func GramToken(gram string) string { return hex.EncodeToString([]byte(gram)) }

// GramText lists the distinct 1- and 2-character grams of key as space
// separated GramTokens: the text SQLite's gram index tokenizes.
func GramText(key string) string {
	gs := Grams(key)
	for i, g := range gs {
		gs[i] = GramToken(g)
	}
	return strings.Join(gs, " ")
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
