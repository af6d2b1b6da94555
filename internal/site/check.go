package site

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
)

// check runs the checks that need more than one page: one page per code,
// one page per URL, a class page for every class in use, related codes that
// exist, agreement with the registry of response codes, and RFC links and
// references that name sections the RFCs have.
func (s *Site) check() []error {
	var errs []error
	byCode := map[int]*content.Page{}
	for _, p := range s.Codes {
		c := p.Code.Code
		if first, dup := byCode[c]; dup {
			errs = append(errs, problem.Errorf(p.File, p.Line("code"), "code %d already has a page: %s", c, first.File))
			continue
		}
		byCode[c] = p
		if class := content.ClassOf(c); s.Classes[class] == nil {
			errs = append(errs, problem.Errorf(p.File, p.Line("code"), "code %d is in class %s, which has no page (want content/classes/%s.md)", c, class, class))
		}
	}
	for _, p := range s.Codes {
		for _, r := range p.Code.Related {
			if byCode[r] == nil && !s.broken[codeFile(r)] {
				errs = append(errs, problem.Errorf(p.File, p.Line("related"), "related code %d has no page (want content/codes/%d.md)", r, r))
			}
		}
		errs = append(errs, checkRegistry(p)...)
	}
	if s.Settings != nil && s.Settings.RequireAllCodes {
		for _, e := range registry.All {
			if byCode[e.Code] == nil && !s.broken[codeFile(e.Code)] {
				errs = append(errs, problem.Errorf(codeFile(e.Code), 0,
					"missing: %d %s is in the registry (internal/registry/codes.csv, from %s), so it needs a page", e.Code, e.Reason, e.Source))
			}
		}
	}
	errs = append(errs, s.checkURLs()...)
	errs = append(errs, s.checkRFCs()...)
	return errs
}

// checkRegistry compares a code page with the registry entry for its code.
func checkRegistry(p *content.Page) []error {
	c := p.Code
	e, ok := registry.Lookup(c.Code)
	if !ok {
		return []error{problem.Errorf(p.File, p.Line("code"), "code %d is not in the registry (internal/registry/codes.csv); add it there with its source first", c.Code)}
	}
	var errs []error
	if c.Reason != e.Reason {
		errs = append(errs, problem.Errorf(p.File, p.Line("reason"), "reason %q differs from the registered phrase %q; put other phrasings in also_known_as", c.Reason, e.Reason))
	}
	if c.Status != e.Status {
		errs = append(errs, problem.Errorf(p.File, p.Line("status"), "status %q, but the registry says %s (%s)", c.Status, e.Status, e.Source))
	}
	if len(c.References) > 0 && c.References[0].RFC != e.RFC {
		errs = append(errs, problem.Errorf(p.File, p.Line("references"), "the first reference is RFC %d; want RFC %d, which defines %d", c.References[0].RFC, e.RFC, c.Code))
	}
	return errs
}

// checkURLs reports two pages that would be written to the same URL.
func (s *Site) checkURLs() []error {
	var errs []error
	seen := map[string]string{}
	for _, p := range s.allPages() {
		if p == nil {
			continue
		}
		u := PageURL(p)
		if strings.ContainsAny(u, "%?#\\") || strings.IndexFunc(u, unicode.IsControl) >= 0 {
			errs = append(errs, problem.Errorf(p.File, 0, "the file name cannot be part of a URL (it holds %%, ?, #, \\ or a control character); rename the file"))
			continue
		}
		if p.Kind == content.KindClass && path.Dir(p.File) != "content/classes" {
			errs = append(errs, problem.Errorf(p.File, 0, "class pages live directly in content/classes/; this one would replace %s", u))
			continue
		}
		if gen := strings.TrimSuffix(strings.TrimPrefix(u, "/"), "/"); generated(gen) {
			errs = append(errs, problem.Errorf(p.File, 0, "its URL %s would replace the file the site generates at /%s", u, gen))
			continue
		}
		if first, dup := seen[u]; dup {
			if p.Kind != content.KindCode { // a second page for one code is reported in check
				errs = append(errs, problem.Errorf(p.File, 0, "URL %s is already taken by %s", u, first))
			}
			continue
		}
		seen[u] = p.File
	}
	return errs
}

var classNames = []string{"1xx", "2xx", "3xx", "4xx", "5xx", "6xx"}

// codeFile is where the page of code lives.
func codeFile(code int) string { return fmt.Sprintf("content/codes/%d.md", code) }

// generated reports whether the site writes a file of its own (not a page)
// at the slash path name.
func generated(name string) bool {
	switch name {
	case "search.json", "sitemap.xml", "robots.txt", "_redirects", "404.html", "api/codes.json", MarkerFile:
		return true
	}
	return strings.HasPrefix(name, "api/") && strings.HasSuffix(name, ".json") || strings.HasPrefix(name, "assets/") ||
		strings.HasPrefix(name, "sitemap-") && strings.HasSuffix(name, ".xml")
}
