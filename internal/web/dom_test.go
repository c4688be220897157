package web_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A small CSS selector matcher for the page tests: compound selectors of a
// tag, #id, .class, [attr], [attr=value] and [attr~=value], joined by
// spaces (descendant). Enough to assert pages by selector, not by string.

type simple struct {
	tag     string
	id      string
	classes []string
	attrs   []attrTest
}

type attrTest struct {
	key, op, val string
}

func parseCompound(s string) simple {
	var sel simple
	for s != "" {
		switch s[0] {
		case '#', '.':
			end := strings.IndexAny(s[1:], "#.[")
			if end < 0 {
				end = len(s) - 1
			}
			name := s[1 : end+1]
			if s[0] == '#' {
				sel.id = name
			} else {
				sel.classes = append(sel.classes, name)
			}
			s = s[end+1:]
		case '[':
			end := strings.IndexByte(s, ']')
			body := s[1:end]
			s = s[end+1:]
			at := attrTest{key: body}
			for _, op := range []string{"~=", "="} {
				if i := strings.Index(body, op); i >= 0 {
					at = attrTest{key: body[:i], op: op, val: strings.Trim(body[i+len(op):], `"'`)}
					break
				}
			}
			sel.attrs = append(sel.attrs, at)
		default:
			end := strings.IndexAny(s, "#.[")
			if end < 0 {
				end = len(s)
			}
			sel.tag, s = s[:end], s[end:]
		}
	}
	return sel
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func (sel simple) matches(n *html.Node) bool {
	if n.Type != html.ElementNode || (sel.tag != "" && n.Data != sel.tag) {
		return false
	}
	if sel.id != "" {
		if v, _ := attr(n, "id"); v != sel.id {
			return false
		}
	}
	cls, _ := attr(n, "class")
	for _, c := range sel.classes {
		if !hasWord(cls, c) {
			return false
		}
	}
	for _, at := range sel.attrs {
		v, ok := attr(n, at.key)
		if !ok || (at.op == "=" && v != at.val) || (at.op == "~=" && !hasWord(v, at.val)) {
			return false
		}
	}
	return true
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

// all returns the elements under root matching the selector, in document
// order.
func all(root *html.Node, selector string) []*html.Node {
	parts := strings.Fields(selector)
	nodes := []*html.Node{root}
	for _, p := range parts {
		sel := parseCompound(p)
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, n := range nodes {
			walk(n, func(c *html.Node) {
				if c != n && sel.matches(c) && !seen[c] {
					seen[c] = true
					next = append(next, c)
				}
			})
		}
		nodes = next
	}
	return nodes
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// text is the text content of n with runs of white space collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// one returns the only element matching selector, failing the test
// otherwise.
func one(t testing.TB, root *html.Node, selector string) *html.Node {
	t.Helper()
	ns := all(root, selector)
	if len(ns) != 1 {
		t.Fatalf("%d elements match %q, want 1", len(ns), selector)
	}
	return ns[0]
}

func parseHTML(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return doc
}
