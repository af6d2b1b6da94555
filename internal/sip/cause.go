package sip

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/registry"
)

// Cause is the front matter of content/cause/N.md, the page of one ISUP
// cause value (ITU-T Q.850).
type Cause struct {
	Cause       int    `yaml:"cause"`   // 1-127, the file name
	Name        string `yaml:"name"`    // Q.850's name, as the registry has it
	Summary     string `yaml:"summary"` // one sentence for a helpdesk agent
	Fault       string `yaml:"fault"`   // whose side it usually points at (see faults)
	Reviewed    string `yaml:"reviewed"`
	Nonstandard bool   `yaml:"nonstandard"` // a value Q.850 does not assign (52, 54); must agree with the registry
	Change      string `yaml:"change"`      // what the review of that date changed, for feed.xml
}

// About is "Q.850 cause 34: No circuit/channel available" and the summary.
func (c *Cause) About() (title, summary string) {
	return fmt.Sprintf("Q.850 cause %d: %s", c.Cause, c.Name), c.Summary
}

// LastModified is the date the page was last reviewed, for the sitemap.
func (c *Cause) LastModified() string { return c.Reviewed }

// Check reports every problem in a cause page's front matter, the
// registry's name and standing included.
func (c *Cause) Check(r *content.Report) {
	r.Require("cause", c.Cause != 0)
	r.Require("name", c.Name != "")
	r.Require("summary", c.Summary != "")
	r.Require("fault", c.Fault != "")
	if c.Fault != "" && !slices.Contains(faults, c.Fault) {
		r.Bad("fault", "want one of %v, got %q", faults, c.Fault)
	}
	checkReviewed(r, c.Reviewed)
	checkChange(r, c.Change)
	if c.Cause == 0 {
		return
	}
	e, ok := registry.LookupCause(c.Cause)
	switch {
	case !ok:
		r.Bad("cause", "%d is not a cause value of internal/registry/causes.csv (Q.850, plus 52 and 54)", c.Cause)
	case c.Name != "" && c.Name != e.Name:
		r.Bad("name", "%q differs from the registry's name %q (internal/registry/causes.csv)", c.Name, e.Name)
	case c.Nonstandard == e.Standard:
		if e.Standard {
			r.Bad("nonstandard", "cause %d is a Q.850 value; leave nonstandard out", c.Cause)
		} else {
			r.Bad("nonstandard", "cause %d is not assigned by Q.850 (%s): say nonstandard: true", c.Cause, e.Source)
		}
	}
	if name := strings.TrimSuffix(path.Base(r.File), ".md"); !r.Failed() && name != fmt.Sprint(c.Cause) {
		r.At(r.Keys.Line("cause"), "front matter: cause %d must live in cause/%d.md, not %s.md", c.Cause, c.Cause, name)
	}
}

// CauseSections are the level-2 headings of every cause page, in order.
var CauseSections = []string{"In short", "What it means", "What the caller hears", "How to fix", "Related"}

// CheckBody checks that a cause page has the sections of CauseSections, in
// that order, and no others.
func (c *Cause) CheckBody(r *content.Report, d *content.Doc) {
	checkSections(r, d, CauseSections, "cause pages")
}

// checkSections reports the first level-2 heading out of the order want,
// and whether there was none.
func checkSections(r *content.Report, d *content.Doc, want []string, pages string) bool {
	var h2 []content.Heading
	for _, h := range d.Headings {
		if h.Level == 2 {
			h2 = append(h2, h)
		}
	}
	list := strings.Join(want, ", ")
	for i, name := range want {
		if i >= len(h2) {
			r.At(r.BodyLine, "missing section \"## %s\"; %s have the sections %s, in that order", name, pages, list)
			return false
		}
		if h2[i].Text != name {
			r.At(h2[i].Line, "section %q where \"## %s\" belongs; %s have the sections %s, in that order", h2[i].Text, name, pages, list)
			return false
		}
	}
	if len(h2) > len(want) {
		extra := h2[len(want)]
		r.At(extra.Line, "section %q after \"## %s\"; %s end with it (use ### for subsections)", extra.Text, want[len(want)-1], pages)
		return false
	}
	return true
}
