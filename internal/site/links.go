package site

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// checkLinks verifies that every internal link in the HTML files of a build
// leads to a file it built and, when it names a fragment, to an element
// with that id. built holds every output path, scans the ids and links of
// every HTML file. A broken link is reported at the line of the page source
// (or layout) that holds it; sources maps each page to its source file.
// only, unless nil, limits the check to the links of the files it holds
// (see memo.linksToCheck); their targets are all of scans.
func checkLinks(built map[string]bool, scans map[string]pageLinks, sources func() map[string]string, base string, locate func(source, link string) (string, int), only map[string]bool) error {
	exists := func(file string) bool { return built[file] }
	scan := func(file string) pageLinks { return scans[file] }
	var files []string
	if only != nil { // a rebuild's few files: not a sort of every file's name
		files = slices.Sorted(maps.Keys(only))
	} else {
		files = slices.Sorted(maps.Keys(scans))
	}
	// Resolving is pure, so files are checked on all cores; only the
	// broken links, which are rare, are located in their sources, in order.
	type broken struct{ link, why string }
	found := make([][]broken, len(files))
	chunked(len(files), func(lo, hi int) {
		// Most links are site-absolute (/guides/, /assets/...): their
		// answer does not depend on the page, and thousands of pages
		// share them.
		absolute := map[string]string{}
		for i := lo; i < hi; i++ {
			for _, link := range scans[files[i]].links {
				why, known := absolute[link]
				if !known {
					why = resolveLink(exists, scan, files[i], link, base)
					if strings.HasPrefix(link, "/") {
						absolute[link] = why
					}
				}
				if why != "" {
					found[i] = append(found[i], broken{link, why})
				}
			}
		}
	})
	var errs []error
	for i, file := range files {
		for _, b := range found[i] {
			src := cmp.Or(sources()[file], file)
			at, line := locate(src, b.link)
			errs = append(errs, problem.Errorf(at, line, "broken link %s: %s", b.link, b.why))
		}
	}
	return problem.Join(errs)
}

// resolveLink returns "" when link, found in file, leads to a file that
// exists, and otherwise says what is missing. Links to other sites are not
// checked.
func resolveLink(exists func(string) bool, scan func(string) pageLinks, file, link, base string) string {
	link = underBase(link, base)
	switch {
	case plainPath(link):
		return checkTarget(exists, scan, file, link, "")
	case len(link) > 1 && link[0] == '#' && plainPart(link[1:]):
		return checkTarget(exists, scan, file, "", link[1:])
	}
	return resolveURL(exists, scan, file, link)
}

// underBase is link with the base path it starts with, if any, taken off:
// "/sip/486/" under "/sip" is "/486/", and "/sip" itself is "/".
func underBase(link, base string) string {
	if rest, ok := strings.CutPrefix(link, base); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
		return cmp.Or(rest, "/")
	}
	return link
}

// checkTarget is resolveLink for the site path p ("" for file itself) and
// the fragment frag ("" for none) of a link in file.
func checkTarget(exists func(string) bool, scan func(string) pageLinks, file, p, frag string) string {
	target := file
	if p != "" {
		if target = findTarget(exists, p); target == "" {
			return fmt.Sprintf("nothing is built at %s", p)
		}
	}
	if frag != "" && strings.HasSuffix(target, ".html") && !scan(target).ids[frag] {
		return fmt.Sprintf("%s has no element with id %q", "/"+strings.TrimSuffix(target, "index.html"), frag)
	}
	return ""
}

// plainPath reports whether link is a site path that url.Parse would give
// back as its Path and path.Clean would keep ("/486/", "/assets/site.css"):
// most of a site's links are, and parsing each was most of the link
// check's time. FuzzPlainLinks holds the two ways to the same answers.
func plainPath(link string) bool {
	if len(link) == 0 || link[0] != '/' || !plainPart(link) {
		return false
	}
	// No empty, "." or ".." segment: nothing for path.Clean to remove.
	for seg := range strings.SplitSeq(strings.TrimSuffix(link[1:], "/"), "/") {
		if seg == "" && link != "/" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// plainPart reports whether s holds only letters, digits, "/", "-", "_",
// "." and "~": nothing that url.Parse reads or unescapes.
func plainPart(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

// resolveURL is resolveLink for a link that is not plain, read as a URL.
func resolveURL(exists func(string) bool, scan func(string) pageLinks, file, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return "not a valid URL"
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another site, or mailto: and friends
	}
	return checkTarget(exists, scan, file, sitePath(file, u.Path), u.Fragment)
}

// sitePath is the site path that the URL path up, in a link in file,
// leads to: up itself when it starts with "/", else up relative to file's
// directory; "" for none (a link to a fragment of file).
func sitePath(file, up string) string {
	if up == "" || strings.HasPrefix(up, "/") {
		return up
	}
	p := path.Join("/", path.Dir(file), up)
	if strings.HasSuffix(up, "/") {
		p += "/"
	}
	return p
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
		l.texts[file] = l.s.Source(file)
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
