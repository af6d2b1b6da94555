package site

import (
	"bytes"
	"html"
)

// pageLinks is what one HTML file offers and asks for.
type pageLinks struct {
	ids   map[string]bool
	order []string // the ids, once each, in the order of the page (for encodeScan)
	links []string // href and src values, as written
	roots []int    // offsets of the href and src values that start with one "/"
}

// scanHTML collects the ids and the link targets (href and src) of an
// HTML document. It reads tags only, skipping text, comments and the
// contents of script and style, so it is several times faster than a full
// tokenizer on the pages the site writes; TestScanMatchesTokenizer holds it
// to golang.org/x/net/html's reading of every page.
func scanHTML(doc []byte) pageLinks {
	pl := pageLinks{ids: map[string]bool{}}
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		switch {
		case bytes.HasPrefix(doc[i:], []byte("!--")):
			end := bytes.Index(doc[i+3:], []byte("-->"))
			if end < 0 {
				return pl
			}
			i += 3 + end + 3
			continue
		case i < len(doc) && (doc[i] == '!' || doc[i] == '?' || doc[i] == '/'):
			continue // doctype, processing instruction, end tag
		}
		name := tagName(doc[i:])
		if len(name) == 0 {
			continue // a lone "<" in text
		}
		i += len(name)
		i = scanAttrs(doc, i, &pl)
		if raw := rawTextTag(name); raw != nil {
			i = skipRawText(doc, i, raw)
		}
	}
	return pl
}

// rawTextTags are the elements whose text is not markup.
var rawTextTags = [][]byte{[]byte("script"), []byte("style"), []byte("textarea"), []byte("title")}

// rawTextTag returns the one of rawTextTags that name is, in any case, or
// nil. Every tag of a page is asked, so the names that cannot be one (all
// but those of five, six or eight letters starting with s or t) are told
// without comparing.
func rawTextTag(name []byte) []byte {
	if n := len(name); n != 5 && n != 6 && n != 8 || name[0]|0x20 != 's' && name[0]|0x20 != 't' {
		return nil
	}
	for _, raw := range rawTextTags {
		if bytes.EqualFold(name, raw) {
			return raw
		}
	}
	return nil
}

// skipRawText returns the offset of the end tag of name at or after i: the
// text of script, style, textarea and title is not markup.
func skipRawText(doc []byte, i int, name []byte) int {
	for {
		j := bytes.Index(doc[i:], []byte("</"))
		if j < 0 {
			return len(doc)
		}
		i += j
		if end := i + 2 + len(name); end <= len(doc) && bytes.EqualFold(doc[i+2:end], name) {
			return i
		}
		i += 2
	}
}

// tagName returns the start tag name that b begins with, as written.
func tagName(b []byte) []byte {
	n := 0
	for n < len(b) && (b[n] >= 'a' && b[n] <= 'z' || b[n] >= 'A' && b[n] <= 'Z' || n > 0 && (b[n] >= '0' && b[n] <= '9' || b[n] == '-')) {
		n++
	}
	return b[:n]
}

// scanAttrs reads the attributes of a tag from doc[i:], records ids and
// links in pl, and returns the offset just past the tag.
func scanAttrs(doc []byte, i int, pl *pageLinks) int {
	for i < len(doc) {
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		if i >= len(doc) {
			return i
		}
		if doc[i] == '>' {
			return i + 1
		}
		if doc[i] == '/' {
			i++
			continue
		}
		start := i
		for i < len(doc) && !isSpace(doc[i]) && doc[i] != '=' && doc[i] != '>' && doc[i] != '/' {
			i++
		}
		key := doc[start:i]
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		if i >= len(doc) || doc[i] != '=' {
			continue // an attribute without a value
		}
		i++
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		var val []byte
		valStart := i
		if i < len(doc) && (doc[i] == '"' || doc[i] == '\'') {
			valStart++
			end := bytes.IndexByte(doc[i+1:], doc[i])
			if end < 0 {
				return len(doc)
			}
			val, i = doc[i+1:i+1+end], i+1+end+1
		} else {
			start := i
			for i < len(doc) && !isSpace(doc[i]) && doc[i] != '>' {
				i++
			}
			val = doc[start:i]
		}
		switch {
		case len(key) == 2 && bytes.EqualFold(key, []byte("id")):
			if id := unescape(val); !pl.ids[id] {
				pl.ids[id] = true
				pl.order = append(pl.order, id)
			}
		case len(key) == 4 && bytes.EqualFold(key, []byte("href")) || len(key) == 3 && bytes.EqualFold(key, []byte("src")):
			pl.links = append(pl.links, unescape(val))
			if len(val) > 0 && val[0] == '/' && (len(val) == 1 || val[1] != '/') {
				pl.roots = append(pl.roots, valStart)
			}
		}
	}
	return i
}

// prefixRoots returns doc with prefix (a base path such as "/sip") put
// before each site-relative link value at the offsets roots, so that a site
// served under a path links within it.
func prefixRoots(doc []byte, roots []int, prefix string) []byte {
	if prefix == "" || len(roots) == 0 {
		return doc
	}
	out := make([]byte, 0, len(doc)+len(roots)*len(prefix))
	last := 0
	for _, at := range roots {
		out = append(append(out, doc[last:at]...), prefix...)
		last = at
	}
	return append(out, doc[last:]...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	return html.UnescapeString(string(b))
}
