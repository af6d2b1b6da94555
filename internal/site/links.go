package site

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/sipcodes/sipcodes/internal/content"
)

// pageLinks is what one HTML file offers and asks for.
type pageLinks struct {
	ids   map[string]bool
	links []string // href and src values, as written
}

// scanHTML collects the ids and the link targets of an HTML document.
func scanHTML(doc []byte) pageLinks {
	pl := pageLinks{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return pl
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			key, val, more := z.TagAttr()
			switch string(key) {
			case "id":
				pl.ids[string(val)] = true
			case "href", "src":
				pl.links = append(pl.links, string(val))
			}
			if !more {
				break
			}
		}
	}
}

// checkLinks verifies that every internal link in the HTML files of out
// leads to a file of out and, when it names a fragment, to an element with
// that id. A broken link is reported at the line of the page source (or
// layout) that holds it; sources maps each HTML file to its page source.
//
// scanned holds the scans of the rendered pages; other HTML files (copied
// from content/) are scanned here.
func checkLinks(out Output, sources map[string]string, base string, scanned map[string]pageLinks, locate func(source, link string) (string, int)) error {
	scan := func(file string) pageLinks {
		pl, ok := scanned[file]
		if !ok {
			pl = scanHTML(out[file])
			scanned[file] = pl
		}
		return pl
	}
	var files []string
	for file := range out {
		if strings.HasSuffix(file, ".html") {
			files = append(files, file)
		}
	}
	slices.Sort(files)
	var errs []error
	for _, file := range files {
		for _, link := range scan(file).links {
			problem := resolveLink(out, scan, file, link, base)
			if problem == "" {
				continue
			}
			src := sources[file]
			if src == "" {
				src = file
			}
			at, line := locate(src, link)
			errs = append(errs, content.Errorf(at, line, "broken link %s: %s", link, problem))
		}
	}
	return content.Join(errs)
}

// resolveLink returns "" when link, found in file, leads somewhere in out,
// and otherwise says what is missing. Links to other sites are not checked.
func resolveLink(out Output, scan func(string) pageLinks, file, link, base string) string {
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
		target = findTarget(out, p)
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
func findTarget(out Output, p string) string {
	rel := strings.TrimPrefix(path.Clean(p), "/")
	if rel == "." {
		rel = ""
	}
	candidates := []string{path.Join(rel, "index.html")}
	if !strings.HasSuffix(p, "/") && rel != "" {
		candidates = []string{rel, path.Join(rel, "index.html")}
	}
	for _, c := range candidates {
		if _, ok := out[c]; ok {
			return c
		}
	}
	return ""
}

// locate finds the line that holds link: in the page's own source first,
// then in the layouts (sorted by name). It returns the page source with
// line 0 when neither has it literally.
func (s *Site) locate(source, link string) (string, int) {
	if line := findLine(s.sourceText(source), link); line > 0 {
		return source, line
	}
	var names []string
	for name := range s.layouts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if line := findLine(s.layouts[name], link); line > 0 {
			return name, line
		}
	}
	return source, 0
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
