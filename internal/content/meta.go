package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Settings are the site settings, kept in the front matter of content/_index.md.
type Settings struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	BaseURL     string `yaml:"base_url"`    // absolute; --base-url overrides it
	RepoURL     string `yaml:"repo_url"`    // repository, for "edit this page" and "report a problem"
	EditBranch  string `yaml:"edit_branch"` // branch the edit links open; default "main"
	SupportText string `yaml:"support_text"`
	SupportURL  string `yaml:"support_url"`
	// EscalationGuide is the site path of the page that says what to
	// collect before escalating ("/guides/escalating/"): every code page
	// links it once, so no page repeats that advice.
	EscalationGuide string `yaml:"escalation_guide"`
	// RequireAllCodes makes every code in the registry need a page.
	RequireAllCodes bool `yaml:"require_all_codes"`
}

// Class is the front matter of content/classes/Nxx.md.
type Class struct {
	Class   string `yaml:"class"` // optional; must match the file name
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// Plain is the front matter of any other page.
type Plain struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// Code is the front matter of content/codes/NNN.md. Its JSON form is the
// public API (/api/NNN.json), so JSON names equal the YAML keys.
type Code struct {
	Code        int         `yaml:"code" json:"code"`
	Reason      string      `yaml:"reason" json:"reason"`
	Summary     string      `yaml:"summary" json:"summary"`
	Class       string      `yaml:"class" json:"-"` // optional; derived from code
	Status      string      `yaml:"status" json:"status"`
	AlsoKnownAs []string    `yaml:"also_known_as" json:"also_known_as"`
	References  []Reference `yaml:"references" json:"references"`
	Q850        *int        `yaml:"q850" json:"q850,omitempty"`
	Q850From    []int       `yaml:"q850_from" json:"q850_from,omitempty"`
	Methods     []string    `yaml:"methods" json:"methods"`
	Fault       string      `yaml:"fault" json:"fault"`
	Related     []int       `yaml:"related" json:"related"`
	Reviewed    string      `yaml:"reviewed" json:"reviewed"`
}

// Reference points at a specification, by RFC number and optional section.
type Reference struct {
	RFC     int    `yaml:"rfc" json:"rfc"`
	Section string `yaml:"section" json:"section,omitempty"`
}

// URL links the reference on the RFC Editor's site.
func (r Reference) URL() string {
	u := fmt.Sprintf("https://www.rfc-editor.org/rfc/rfc%d", r.RFC)
	if r.Section != "" {
		u += "#section-" + r.Section
	}
	return u
}

// String is "RFC 3261 §21.4.24", or "RFC 3261" without a section.
func (r Reference) String() string {
	if r.Section == "" {
		return fmt.Sprintf("RFC %d", r.RFC)
	}
	return fmt.Sprintf("RFC %d §%s", r.RFC, r.Section)
}

// Statuses, faults and the class of a code.
var (
	Statuses = []string{"current", "deprecated", "obsolete"}
	// Faults says whose side a code points at. "none" is for what is not a
	// failure: every 1xx and 2xx code has it, no 4xx, 5xx or 6xx code may,
	// and a 3xx code may (a redirect is a request to try elsewhere).
	Faults = []string{"caller", "callee", "network", "server", "either", "none"}
)

// ClassOf returns the class of a response code: 486 → "4xx".
func ClassOf(code int) string { return strconv.Itoa(code/100) + "xx" }

var (
	sectionRE = regexp.MustCompile(`^[0-9A-Z]+(\.[0-9]+)*$`)
	methodRE  = regexp.MustCompile(`^[A-Z]+$`)
	classRE   = regexp.MustCompile(`^[1-6]xx$`)
)

// check reports every problem in a code page's front matter; start is the
// line of its opening ---.
func (c *Code) check(file string, lines keyLines) []error {
	const start = 1
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, problem.Errorf(file, lines.lineOf(key, start), "front matter: "+key+": "+format, args...))
	}
	required(&errs, file, lines, start, "code", c.Code != 0)
	required(&errs, file, lines, start, "reason", c.Reason != "")
	required(&errs, file, lines, start, "summary", c.Summary != "")
	required(&errs, file, lines, start, "references", len(c.References) > 0)
	required(&errs, file, lines, start, "fault", c.Fault != "")
	required(&errs, file, lines, start, "reviewed", c.Reviewed != "")
	if c.Code != 0 && (c.Code < 100 || c.Code > 699) {
		bad("code", "want a number from 100 to 699, got %d", c.Code)
	}
	if c.Code >= 100 && c.Code <= 699 && c.Class != "" && c.Class != ClassOf(c.Code) {
		bad("class", "%s contradicts code %d, which is in class %s", c.Class, c.Code, ClassOf(c.Code))
	}
	if c.Status == "" {
		c.Status = "current"
	} else if !slices.Contains(Statuses, c.Status) {
		bad("status", "want one of %v, got %q", Statuses, c.Status)
	}
	switch {
	case c.Fault == "":
	case !slices.Contains(Faults, c.Fault):
		bad("fault", "want one of %v, got %q", Faults, c.Fault)
	case c.Code >= 100 && c.Code < 300 && c.Fault != "none":
		bad("fault", "a %s code is not a failure: want none, got %q", ClassOf(c.Code), c.Fault)
	case c.Code >= 400 && c.Fault == "none":
		bad("fault", "a %s code is a failure: say whose side it points at (one of caller, callee, network, server, either)", ClassOf(c.Code))
	}
	for _, r := range c.References {
		if r.RFC <= 0 {
			bad("references", "every reference needs an rfc number")
		} else if r.Section != "" && !sectionRE.MatchString(r.Section) {
			bad("references", "section %q of RFC %d: want a number like \"21.4.24\"", r.Section, r.RFC)
		}
	}
	if c.Q850 != nil && (*c.Q850 < 1 || *c.Q850 > 127) {
		bad("q850", "want a Q.850 cause from 1 to 127, got %d", *c.Q850)
	}
	for _, q := range c.Q850From {
		if q < 1 || q > 127 {
			bad("q850_from", "want Q.850 causes from 1 to 127, got %d", q)
		}
	}
	for _, m := range c.Methods {
		if !methodRE.MatchString(m) {
			bad("methods", "want upper-case SIP method names, got %q", m)
		}
	}
	for _, r := range c.Related {
		if r < 100 || r > 699 {
			bad("related", "want response codes from 100 to 699, got %d", r)
		} else if r == c.Code {
			bad("related", "a code is not related to itself (%d)", r)
		}
	}
	if c.Reviewed != "" {
		if _, err := time.Parse(time.DateOnly, c.Reviewed); err != nil {
			bad("reviewed", "want a date like 2026-11-24, got %q", c.Reviewed)
		}
	}
	if name := strings.TrimSuffix(path.Base(file), ".md"); len(errs) == 0 && name != strconv.Itoa(c.Code) {
		errs = append(errs, problem.Errorf(file, lines.lineOf("code", start), "front matter: code %d must live in codes/%d.md, not %s.md", c.Code, c.Code, name))
	}
	return errs
}

func (c *Class) check(file string, lines keyLines) []error {
	const start = 1
	want := strings.TrimSuffix(path.Base(file), ".md")
	var errs []error
	required(&errs, file, lines, start, "title", c.Title != "")
	required(&errs, file, lines, start, "summary", c.Summary != "")
	if !classRE.MatchString(want) {
		errs = append(errs, problem.Errorf(file, 0, "class pages are named 1xx.md to 6xx.md"))
	} else if c.Class != "" && c.Class != want {
		errs = append(errs, problem.Errorf(file, lines.lineOf("class", start), "front matter: class: %s contradicts the file name %s.md", c.Class, want))
	}
	return errs
}

func (p *Plain) check(file string, lines keyLines) []error {
	const start = 1
	var errs []error
	required(&errs, file, lines, start, "title", p.Title != "")
	required(&errs, file, lines, start, "summary", p.Summary != "")
	return errs
}

func (s *Settings) check(file string, lines keyLines) []error {
	const start = 1
	var errs []error
	required(&errs, file, lines, start, "title", s.Title != "")
	if s.BaseURL != "" {
		if err := CheckBaseURL(s.BaseURL); err != nil {
			errs = append(errs, problem.Errorf(file, lines.lineOf("base_url", start), "front matter: base_url: %v", err))
		}
	}
	for _, key := range []string{"repo_url", "support_url"} {
		v := s.RepoURL
		if key == "support_url" {
			v = s.SupportURL
		}
		if v != "" && CheckBaseURL(v) != nil {
			errs = append(errs, problem.Errorf(file, lines.lineOf(key, start), "front matter: %s: want an absolute http(s) URL, got %q", key, v))
		}
	}
	if g := s.EscalationGuide; g != "" && (!strings.HasPrefix(g, "/") || strings.HasPrefix(g, "//")) {
		errs = append(errs, problem.Errorf(file, lines.lineOf("escalation_guide", start), "front matter: escalation_guide: want a path on the site like /guides/escalating/, got %q", g))
	}
	if s.EditBranch == "" {
		s.EditBranch = "main"
	}
	return errs
}

// CheckBaseURL reports whether u is an absolute http or https URL.
func CheckBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("want an absolute http(s) URL like https://sipcodes.example, got %q", u)
	}
	if p.RawQuery != "" || p.Fragment != "" {
		return fmt.Errorf("want a URL without query or fragment, got %q", u)
	}
	return nil
}

func required(errs *[]error, file string, lines keyLines, start int, key string, ok bool) {
	if !ok {
		*errs = append(*errs, problem.Errorf(file, lines.lineOf(key, start), "front matter: %s is required", key))
	}
}
