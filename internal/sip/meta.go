package sip

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/site"
)

// Home is the front matter of content/_index.md: the site settings, and
// two of the SIP site's own.
type Home struct {
	site.Settings `yaml:",inline"`
	// EscalationGuide is the site path of the page that says what to
	// collect before escalating ("/guides/escalating/"): every code page
	// links it once, so no page repeats that advice.
	EscalationGuide string `yaml:"escalation_guide"`
	// RequireAllCodes makes every code in the registry need a page.
	RequireAllCodes bool `yaml:"require_all_codes"`
	// RequireAllCauses makes every cause in the registry need a page.
	RequireAllCauses bool `yaml:"require_all_causes"`
	// ShortName is the site's name where only 16 characters fit: the
	// browser's list of search engines (opensearch.xml) and an installed
	// app's label (the web app manifest). Default: the title, if it fits.
	ShortName string `yaml:"short_name"`
}

// maxShortName is OpenSearch 1.1's limit on a ShortName.
const maxShortName = 16

// Check reports every problem with the settings.
func (h *Home) Check(r *content.Report) {
	h.Settings.Check(r)
	if g := h.EscalationGuide; g != "" && (!strings.HasPrefix(g, "/") || strings.HasPrefix(g, "//")) {
		r.Bad("escalation_guide", "want a path on the site like /guides/escalating/, got %q", g)
	}
	if n := utf8.RuneCountInString(h.ShortName); n > maxShortName || h.ShortName != strings.TrimSpace(h.ShortName) {
		r.Bad("short_name", "want at most %d characters without spaces around them, got %q (%d)", maxShortName, h.ShortName, n)
	}
}

// shortName is the site's name in at most 16 characters: short_name, or
// the title cut after its last word that fits.
func (h *Home) shortName() string {
	if h.ShortName != "" {
		return h.ShortName
	}
	name := []rune(h.Title)
	if len(name) <= maxShortName {
		return h.Title
	}
	cut := string(name[:maxShortName+1])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		return strings.TrimRight(cut[:i], " ,:;·-")
	}
	return string(name[:maxShortName])
}

// Class is the front matter of content/classes/Nxx.md.
type Class struct {
	Class   string `yaml:"class"` // optional; must match the file name
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`

	name string // the file name, "4xx": see classKind
}

// About is "4xx Client Error" and the summary.
func (c *Class) About() (title, summary string) { return c.name + " " + c.Title, c.Summary }

// Check reports every problem with a class page's front matter and file
// name.
func (c *Class) Check(r *content.Report) {
	r.Require("title", c.Title != "")
	r.Require("summary", c.Summary != "")
	switch {
	case !classRE.MatchString(c.name):
		r.At(0, "class pages are named 1xx.md to 6xx.md")
	case path.Dir(r.File) != "content/classes":
		r.At(0, "class pages live directly in content/classes/; this one would replace /%s/", c.name)
	case c.Class != "" && c.Class != c.name:
		r.At(r.Keys.Line("class"), "front matter: class: %s contradicts the file name %s.md", c.Class, c.name)
	}
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
	// Change says in a sentence what the review of that date changed,
	// for the feed of changes (feed.xml).
	Change string `yaml:"change" json:"change,omitempty"`
}

// About is "486 Busy Here" and the summary.
func (c *Code) About() (title, summary string) {
	return fmt.Sprintf("%d %s", c.Code, c.Reason), c.Summary
}

// LastModified is the date the page was last reviewed, for the sitemap.
func (c *Code) LastModified() string { return c.Reviewed }

// Default makes a code current unless the page says otherwise.
func (c *Code) Default() {
	if c.Status == "" {
		c.Status = "current"
	}
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
	statuses = []string{"current", "deprecated", "obsolete"}
	// faults says whose side a code points at. "none" is for what is not
	// a failure: every 1xx and 2xx code has it, no 4xx, 5xx or 6xx code
	// may, and a 3xx code may (a redirect is a request to try elsewhere).
	faults = []string{"caller", "callee", "network", "server", "either", "none"}
)

// ClassOf returns the class of a response code: 486 → "4xx".
func ClassOf(code int) string { return strconv.Itoa(code/100) + "xx" }

var (
	sectionRE = regexp.MustCompile(`^[0-9A-Z]+(\.[0-9]+)*$`)
	methodRE  = regexp.MustCompile(`^[A-Z]+$`)
	classRE   = regexp.MustCompile(`^[1-6]xx$`)
)

// checkReviewed reports a missing or malformed reviewed date: every page
// of facts says when it was last checked.
func checkReviewed(r *content.Report, date string) {
	r.Require("reviewed", date != "")
	if date != "" {
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			r.Bad("reviewed", "want a date like 2026-11-24, got %q", date)
		}
	}
}

// maxChange bounds a change note: a sentence for a feed reader's list.
const maxChange = 300

// checkChange reports a change note that is not one short line of plain
// text: the feed shows it as it is.
func checkChange(r *content.Report, change string) {
	switch n := utf8.RuneCountInString(change); {
	case change != strings.TrimSpace(change) || strings.ContainsAny(change, "\n\r"):
		r.Bad("change", "want one line of text without spaces around it, got %q", change)
	case n > maxChange:
		r.Bad("change", "want at most %d characters (a sentence of what the review changed), got %d", maxChange, n)
	}
}

// Check reports every problem in a code page's front matter.
func (c *Code) Check(r *content.Report) {
	r.Require("code", c.Code != 0)
	r.Require("reason", c.Reason != "")
	r.Require("summary", c.Summary != "")
	r.Require("references", len(c.References) > 0)
	r.Require("fault", c.Fault != "")
	checkReviewed(r, c.Reviewed)
	checkChange(r, c.Change)
	if c.Code != 0 && (c.Code < 100 || c.Code > 699) {
		r.Bad("code", "want a number from 100 to 699, got %d", c.Code)
	}
	if c.Code >= 100 && c.Code <= 699 && c.Class != "" && c.Class != ClassOf(c.Code) {
		r.Bad("class", "%s contradicts code %d, which is in class %s", c.Class, c.Code, ClassOf(c.Code))
	}
	if !slices.Contains(statuses, c.Status) {
		r.Bad("status", "want one of %v, got %q", statuses, c.Status)
	}
	switch {
	case c.Fault == "":
	case !slices.Contains(faults, c.Fault):
		r.Bad("fault", "want one of %v, got %q", faults, c.Fault)
	case c.Code >= 100 && c.Code < 300 && c.Fault != "none":
		r.Bad("fault", "a %s code is not a failure: want none, got %q", ClassOf(c.Code), c.Fault)
	case c.Code >= 400 && c.Fault == "none":
		r.Bad("fault", "a %s code is a failure: say whose side it points at (one of caller, callee, network, server, either)", ClassOf(c.Code))
	}
	for _, ref := range c.References {
		if ref.RFC <= 0 {
			r.Bad("references", "every reference needs an rfc number")
		} else if ref.Section != "" && !sectionRE.MatchString(ref.Section) {
			r.Bad("references", "section %q of RFC %d: want a number like \"21.4.24\"", ref.Section, ref.RFC)
		}
	}
	if c.Q850 != nil && (*c.Q850 < 1 || *c.Q850 > 127) {
		r.Bad("q850", "want a Q.850 cause from 1 to 127, got %d", *c.Q850)
	}
	for _, q := range c.Q850From {
		if q < 1 || q > 127 {
			r.Bad("q850_from", "want Q.850 causes from 1 to 127, got %d", q)
		}
	}
	for _, m := range c.Methods {
		if !methodRE.MatchString(m) {
			r.Bad("methods", "want upper-case SIP method names, got %q", m)
		}
	}
	for _, rel := range c.Related {
		if rel < 100 || rel > 699 {
			r.Bad("related", "want response codes from 100 to 699, got %d", rel)
		} else if rel == c.Code {
			r.Bad("related", "a code is not related to itself (%d)", rel)
		}
	}
	if name := strings.TrimSuffix(path.Base(r.File), ".md"); !r.Failed() && name != strconv.Itoa(c.Code) {
		r.At(r.Keys.Line("code"), "front matter: code %d must live in codes/%d.md, not %s.md", c.Code, c.Code, name)
	}
}
