package sip

import (
	"fmt"

	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// check runs the checks that need more than one page: a class page for
// every class in use, related codes that exist, agreement with the
// registry of response codes, and RFC links and references that name
// sections the RFCs have. (Two pages for one code share a URL, which the
// core reports.)
func check(s *site.Site) []error {
	var errs []error
	classes := map[string]bool{}
	for _, p := range s.PagesOf("class") {
		classes[p.Meta.(*Class).name] = true
	}
	byCode := map[int]*site.Page{}
	for _, p := range s.PagesOf("code") {
		c := p.Meta.(*Code).Code
		if byCode[c] != nil {
			continue // a second page at the URL of the first: the core reports it
		}
		byCode[c] = p
		if class := ClassOf(c); !classes[class] {
			errs = append(errs, problem.Errorf(p.Source, p.Line("code"), "code %d is in class %s, which has no page (want content/classes/%s.md)", c, class, class))
		}
	}
	for _, p := range s.PagesOf("code") {
		for _, r := range p.Meta.(*Code).Related {
			if byCode[r] == nil && !s.Broken(codeFile(r)) {
				errs = append(errs, problem.Errorf(p.Source, p.Line("related"), "related code %d has no page (want content/codes/%d.md)", r, r))
			}
		}
		errs = append(errs, checkRegistry(p)...)
	}
	if h, ok := homeOf(s); ok && h.RequireAllCodes {
		for _, e := range registry.All {
			if byCode[e.Code] == nil && !s.Broken(codeFile(e.Code)) {
				errs = append(errs, problem.Errorf(codeFile(e.Code), 0,
					"missing: %d %s is in the registry (internal/registry/codes.csv, from %s), so it needs a page", e.Code, e.Reason, e.Source))
			}
		}
	}
	if h, ok := homeOf(s); ok && h.RequireAllCauses {
		have := map[int]bool{}
		for _, p := range s.PagesOf("cause") {
			have[p.Meta.(*Cause).Cause] = true
		}
		for _, c := range registry.Causes {
			if file := fmt.Sprintf("content/cause/%d.md", c.Value); !have[c.Value] && !s.Broken(file) {
				errs = append(errs, problem.Errorf(file, 0, "missing: cause %d %s is in internal/registry/causes.csv, so it needs a page", c.Value, c.Name))
			}
		}
	}
	return append(errs, checkRFCs(s)...)
}

// checkRegistry compares a code page with the registry entry for its code.
func checkRegistry(p *site.Page) []error {
	c := p.Meta.(*Code)
	e, ok := registry.Lookup(c.Code)
	if !ok {
		return []error{problem.Errorf(p.Source, p.Line("code"), "code %d is not in the registry (internal/registry/codes.csv); add it there with its source first", c.Code)}
	}
	var errs []error
	if c.Reason != e.Reason {
		errs = append(errs, problem.Errorf(p.Source, p.Line("reason"), "reason %q differs from the registered phrase %q; put other phrasings in also_known_as", c.Reason, e.Reason))
	}
	if c.Status != e.Status {
		errs = append(errs, problem.Errorf(p.Source, p.Line("status"), "status %q, but the registry says %s (%s)", c.Status, e.Status, e.Source))
	}
	if len(c.References) > 0 && c.References[0].RFC != e.RFC {
		errs = append(errs, problem.Errorf(p.Source, p.Line("references"), "the first reference is RFC %d; want RFC %d, which defines %d", c.References[0].RFC, e.RFC, c.Code))
	}
	return append(errs, checkQ850(p, c)...)
}

// checkQ850 holds a code page's causes to the registry's cause table and
// to RFC 3398: q850 is what §8.2.6.1 gives for the code, and each cause of
// q850_from is one that §7.2.4.1 turns into it.
func checkQ850(p *site.Page, c *Code) []error {
	var errs []error
	if c.Q850 != nil {
		q := *c.Q850
		want, rule := registry.SIPToISUP(c.Code)
		switch {
		case registry.Q850Cause(q) == "":
			errs = append(errs, problem.Errorf(p.Source, p.Line("q850"), "q850: %d is not a cause of internal/registry/causes.csv", q))
		case rule == registry.RuleRow && q != want:
			errs = append(errs, problem.Errorf(p.Source, p.Line("q850"), "q850: %d, but RFC 3398 §8.2.6.1 maps %d to cause %d", q, c.Code, want))
		case rule == registry.RuleNone:
			errs = append(errs, problem.Errorf(p.Source, p.Line("q850"), "q850: RFC 3398 §8.2.6.1 maps %d to no cause; leave q850 out", c.Code))
		case rule == registry.RuleWarning && q != registry.WarningCause && q != registry.WarningBearerCause:
			errs = append(errs, problem.Errorf(p.Source, p.Line("q850"), "q850: RFC 3398 §8.2.6.1 gives %d cause %d or %d, by its Warning header", c.Code, registry.WarningCause, registry.WarningBearerCause))
		case rule == registry.RuleDefault && q != registry.DefaultCause:
			errs = append(errs, problem.Errorf(p.Source, p.Line("q850"), "q850: RFC 3398 §8.2.6.1 does not list %d, so its cause is %d, not %d", c.Code, registry.DefaultCause, q))
		}
	}
	for i, q := range c.Q850From {
		line := p.Line(fmt.Sprintf("q850_from.%d", i))
		if registry.Q850Cause(q) == "" {
			errs = append(errs, problem.Errorf(p.Source, line, "q850_from: %d is not a cause of internal/registry/causes.csv", q))
			continue
		}
		if !mapsTo(q, c.Code) {
			code, _ := registry.ISUPToSIP(q)
			errs = append(errs, problem.Errorf(p.Source, line, "q850_from: RFC 3398 §7.2.4.1 turns cause %d into %d, not %d", q, code, c.Code))
		}
	}
	return errs
}

// mapsTo reports whether RFC 3398 §7.2.4.1 turns cause into code: a row
// of its table, or a row's footnote (the 6xx for a cause whose location is
// the user).
func mapsTo(cause, code int) bool {
	for _, r := range registry.ISUPToSIPRows(cause) {
		if r.Code == code || r.Mark == "+" && r.Code+200 == code {
			return true
		}
	}
	code0, rule := registry.ISUPToSIP(cause)
	return rule == registry.RuleDefault && code0 == code
}

// codeFile is where the page of code lives.
func codeFile(code int) string { return fmt.Sprintf("content/codes/%d.md", code) }
