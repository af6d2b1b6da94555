package site

import (
	"bytes"
	"fmt"
	"html"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// pageLinks is what one HTML file offers and asks for.
type pageLinks struct {
	ids   map[string]bool
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
		for _, raw := range rawTextTags {
			if bytes.EqualFold(name, raw) {
				i = skipRawText(doc, i, raw)
				break
			}
		}
	}
	return pl
}

// rawTextTags are the elements whose text is not markup.
var rawTextTags = [][]byte{[]byte("script"), []byte("style"), []byte("textarea"), []byte("title")}

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
		case bytes.EqualFold(key, []byte("id")):
			pl.ids[unescape(val)] = true
		case bytes.EqualFold(key, []byte("href")) || bytes.EqualFold(key, []byte("src")):
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

// checkLinks verifies that every internal link in the HTML files of a build
// leads to a file it built and, when it names a fragment, to an element
// with that id. built holds every output path, scans the ids and links of
// every HTML file. A broken link is reported at the line of the page source
// (or layout) that holds it; sources maps each page to its source file.
func checkLinks(built map[string]bool, scans map[string]pageLinks, sources map[string]string, base string, locate func(source, link string) (string, int)) error {
	exists := func(file string) bool { return built[file] }
	scan := func(file string) pageLinks { return scans[file] }
	var errs []error
	// Most links are site-absolute (/486/, /assets/...): their answer does
	// not depend on the page, and thousands of pages share them.
	absolute := map[string]string{}
	for _, file := range slices.Sorted(maps.Keys(scans)) {
		for _, link := range scans[file].links {
			why, known := absolute[link]
			if !known {
				why = resolveLink(exists, scan, file, link, base)
				if strings.HasPrefix(link, "/") {
					absolute[link] = why
				}
			}
			if why == "" {
				continue
			}
			src := sources[file]
			if src == "" {
				src = file
			}
			at, line := locate(src, link)
			errs = append(errs, problem.Errorf(at, line, "broken link %s: %s", link, why))
		}
	}
	return problem.Join(errs)
}

// resolveLink returns "" when link, found in file, leads to a file that
// exists, and otherwise says what is missing. Links to other sites are not
// checked.
func resolveLink(exists func(string) bool, scan func(string) pageLinks, file, link, base string) string {
	if rest, ok := strings.CutPrefix(link, base); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
		link = rest
		if link == "" {
			link = "/"
		}
	}
	u, err := url.Parse(link)
	if err != nil {
		return "not a valid URL"
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another site, or mailto: and friends
	}
	target := file
	if u.Path != "" {
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			p = path.Join("/", path.Dir(file), p)
			if strings.HasSuffix(u.Path, "/") {
				p += "/"
			}
		}
		target = findTarget(exists, p)
		if target == "" {
			return fmt.Sprintf("nothing is built at %s", p)
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !scan(target).ids[u.Fragment] {
		return fmt.Sprintf("%s has no element with id %q", "/"+strings.TrimSuffix(target, "index.html"), u.Fragment)
	}
	return ""
}

// findTarget returns the output file that serves URL path p, or "".
func findTarget(exists func(string) bool, p string) string {
	rel := strings.TrimPrefix(path.Clean(p), "/")
	if rel == "." {
		rel = ""
	}
	candidates := []string{path.Join(rel, "index.html")}
	if !strings.HasSuffix(p, "/") && rel != "" {
		candidates = []string{rel, path.Join(rel, "index.html")}
	}
	for _, c := range candidates {
		if exists(c) {
			return c
		}
	}
	return ""
}

// A locator finds the line of a source file (a page or a layout) that
// holds a link, for the error about it. Each file is read and indexed
// once, by the words that can be a link target, so that reporting many
// broken links takes time in proportion to their number (reliability
// review F3: 40,000 broken links took 26 s with a search per link).
type locator struct {
	s       *Site
	texts   map[string][]byte         // file → its text, read once
	indexes map[string]map[string]int // file → word → first line
	misses  map[string]int            // file → searches that the index could not answer
	layouts []string                  // sorted
}

func newLocator(s *Site) *locator {
	return &locator{s: s, texts: map[string][]byte{}, indexes: map[string]map[string]int{}, misses: map[string]int{}, layouts: slices.Sorted(maps.Keys(s.layouts))}
}

// maxMisses bounds the plain searches of one file for links that are not
// one of its words (written with entities, or made by a template).
const maxMisses = 100

// locate finds the line that holds link: in the page's own source first,
// then in the layouts (sorted by name). It returns the page source with
// line 0 when neither has it literally.
func (l *locator) locate(source, link string) (string, int) {
	if line := l.find(source, link); line > 0 {
		return source, line
	}
	for _, name := range l.layouts {
		if line := l.find(name, link); line > 0 {
			return name, line
		}
	}
	return source, 0
}

func (l *locator) find(file, link string) int {
	idx, ok := l.indexes[file]
	if !ok {
		l.texts[file] = l.s.sourceText(file)
		idx = indexWords(l.texts[file])
		l.indexes[file] = idx
	}
	if line, ok := idx[link]; ok {
		return line
	}
	if l.misses[file]++; l.misses[file] > maxMisses {
		return 0
	}
	return findLine(l.texts[file], link)
}

// indexWords maps each run of characters that can stand in a link target
// (no blanks, quotes, brackets or parentheses) to the line it first stands
// on.
func indexWords(src []byte) map[string]int {
	idx := map[string]int{}
	line, start := 1, -1
	for i := 0; i <= len(src); i++ {
		c := byte('\n')
		if i < len(src) {
			c = src[i]
		}
		switch c {
		case ' ', '\t', '\n', '\r', '(', ')', '<', '>', '"', '\'', '[', ']':
			if start >= 0 {
				if _, ok := idx[string(src[start:i])]; !ok {
					idx[string(src[start:i])] = line
				}
				start = -1
			}
			if c == '\n' {
				line++
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	return idx
}

// findLine returns the 1-based line of the first occurrence of needle in
// src, or 0.
func findLine(src []byte, needle string) int {
	i := bytes.Index(src, []byte(needle))
	if i < 0 || needle == "" {
		return 0
	}
	return bytes.Count(src[:i], []byte("\n")) + 1
}
