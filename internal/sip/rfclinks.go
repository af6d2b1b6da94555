package sip

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// checkRFCs reports every link to an RFC in the pages' Markdown, and every
// front-matter reference, that names an RFC or a section which
// internal/registry/rfcsections.txt does not list: every normative claim
// links the RFC section that makes it, and a section the RFC lacks is a
// claim nobody can check.
func checkRFCs(s *site.Site) []error {
	var pages []*site.Page
	for _, p := range s.Pages {
		if p.Doc != nil {
			pages = append(pages, p)
		}
	}
	perPage := make([][]error, len(pages))
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range runtime.GOMAXPROCS(0) { // a scan of every page: on all cores
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pages); i = int(next.Add(1) - 1) {
				// A page's problems come of its source alone: a rebuild
				// scans only the pages that changed.
				p := pages[i]
				perPage[i] = s.Remember(p, rfcChecked{}, func() any {
					errs := checkRFCLinks(s, p)
					if c, ok := p.Meta.(*Code); ok {
						errs = append(errs, checkReferences(p, c)...)
					}
					return errs
				}).([]error)
			}
		})
	}
	wg.Wait()
	var errs []error
	for _, e := range perPage {
		errs = append(errs, e...)
	}
	return errs
}

// rfcChecked is the key of a page's RFC problems (site.Remember).
type rfcChecked struct{}

// checkRFCLinks checks the RFC links of the page's Markdown. Only when one
// is wrong is the source read again, to report each line that holds it.
func checkRFCLinks(s *site.Site, p *site.Page) []error {
	var errs []error
	var src []byte
	done := map[string]bool{}
	for _, link := range p.Doc.Links {
		if done[link] {
			continue
		}
		done[link] = true
		rfc, section, why := parseRFCLink(link)
		if rfc == 0 {
			continue // not a link to an RFC
		}
		if why == "" {
			why = sectionProblem(rfc, section)
		}
		if why == "" {
			continue
		}
		if src == nil {
			src = s.Source(p.Source)
		}
		lines := linkLines(src, link)
		if len(lines) == 0 {
			lines = []int{0}
		}
		for _, line := range lines {
			errs = append(errs, problem.Errorf(p.Source, line, "RFC link %s: %s", link, why))
		}
	}
	return errs
}

// checkReferences checks the references of a code page's front matter,
// reporting each at the line of its entry.
func checkReferences(p *site.Page, c *Code) []error {
	var errs []error
	for i, r := range c.References {
		if why := sectionProblem(r.RFC, r.Section); why != "" {
			line := p.Line("references")
			if l, ok := p.Doc.Keys[fmt.Sprintf("references.%d", i)]; ok {
				line = l
			}
			errs = append(errs, problem.Errorf(p.Source, line, "front matter: references: %s", why))
		}
	}
	return errs
}

// sectionProblem says what is wrong with a citation of section of RFC rfc
// ("" for the whole RFC), or returns "".
func sectionProblem(rfc int, section string) string {
	switch {
	case !registry.KnownRFC(rfc):
		return fmt.Sprintf("RFC %d is not in %s; add it", rfc, registry.SectionsFile)
	case section != "" && !registry.HasSection(rfc, section):
		return fmt.Sprintf("RFC %d has no section %s (%s lists its sections)", rfc, section, registry.SectionsFile)
	}
	return ""
}

// rfcPathRE matches the paths under which the RFC Editor and the IETF
// publish an RFC: /rfc/rfc3261, /rfc/rfc3261.html, /doc/html/rfc3261,
// /html/rfc3261.
var rfcPathRE = regexp.MustCompile(`^/(?:rfc|doc/html|doc|html)/rfc([0-9]+)(?:\.html|\.txt|\.pdf)?/?$`)

// rfcHosts are the sites whose RFC links are checked.
var rfcHosts = map[string]bool{
	"www.rfc-editor.org":   true,
	"rfc-editor.org":       true,
	"datatracker.ietf.org": true,
	"tools.ietf.org":       true,
}

// parseRFCLink returns the RFC and section a link names: rfc is 0 when the
// link is not to an RFC, section is "" when it names the whole RFC, and
// problem says what is wrong with a fragment that names no section.
// Sections are linked as #section-21.4.24; appendices as #appendix-A or
// #section-A, both of which the RFC Editor's pages answer.
func parseRFCLink(link string) (rfc int, section, problem string) {
	if !strings.Contains(link, "//") {
		return 0, "", "" // no host: not a link to another site (and url.Parse is most of a rebuild's scan)
	}
	u, err := url.Parse(link)
	if err != nil || !rfcHosts[strings.ToLower(u.Host)] {
		return 0, "", ""
	}
	m := rfcPathRE.FindStringSubmatch(strings.ToLower(u.Path))
	if m == nil {
		return 0, "", ""
	}
	rfc, err = strconv.Atoi(m[1])
	if err != nil || rfc == 0 {
		return 0, "", ""
	}
	switch f := u.Fragment; {
	case f == "":
	case strings.HasPrefix(f, "section-"):
		section = strings.TrimPrefix(f, "section-")
	case strings.HasPrefix(f, "appendix-") && len(f) > len("appendix-") && f[len("appendix-")] >= 'A' && f[len("appendix-")] <= 'Z':
		section = strings.TrimPrefix(f, "appendix-")
	default:
		problem = fmt.Sprintf("#%s names no section; want #section-N (or #appendix-X)", f)
	}
	return rfc, section, problem
}

// linkLines returns the lines of src on which link is written, each once,
// skipping places where it is only the start of a longer link
// (#section-1 inside #section-16.7).
func linkLines(src []byte, link string) []int {
	var lines []int
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(link))
		if i < 0 {
			return lines
		}
		start, end := off+i, off+i+len(link)
		off = end
		if continuesLink(src[end:]) {
			continue
		}
		line := bytes.Count(src[:start], []byte("\n")) + 1
		if len(lines) == 0 || lines[len(lines)-1] != line {
			lines = append(lines, line)
		}
	}
}

// continuesLink reports whether rest, the text after a link, goes on with
// more of a section number or a name: "6.7", "0", "-x". A dot that ends a
// sentence does not.
func continuesLink(rest []byte) bool {
	if len(rest) == 0 {
		return false
	}
	c := rest[0]
	if c == '.' {
		return len(rest) > 1 && isWordByte(rest[1])
	}
	return isWordByte(c) || c == '-'
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
