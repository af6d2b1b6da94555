package sip

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/sipcodes/sipcodes/internal/content"
)

// CodeSections are the level-2 headings every code page has, in this order,
// so that anchors such as /486/#how-to-fix are the same on every page.
var CodeSections = []string{"In short", "What it means", "Common causes", "How to fix", "Example", "Related codes"}

var statusLineRE = regexp.MustCompile(`^SIP/2\.0 (\d{3}) ([^\r\n]*)`)

// CheckBody checks what every code page's body must have: the sections
// of CodeSections in order, and a ```sip example whose status line carries
// the page's own code and phrase.
func (c *Code) CheckBody(r *content.Report, d *content.Doc) {
	if !checkSections(r, d, CodeSections, "code pages") {
		return
	}
	var h2 []content.Heading
	for _, h := range d.Headings {
		if h.Level == 2 {
			h2 = append(h2, h)
		}
	}
	i := slices.IndexFunc(d.Blocks, func(b content.Block) bool { return b.Section == "Example" && b.Lang == "sip" })
	if i < 0 {
		r.At(h2[slices.Index(CodeSections, "Example")].Line, "section \"Example\" needs a ```sip block with a response")
		return
	}
	b := d.Blocks[i]
	m := statusLineRE.FindStringSubmatch(b.Text)
	switch {
	case m == nil:
		r.At(b.Line+1, "example: want a status line like \"SIP/2.0 %d %s\" first", c.Code, c.Reason)
	case atoi(m[1]) != c.Code:
		r.At(b.Line+1, "example: status line carries %d; this page is %d", atoi(m[1]), c.Code)
	case strings.TrimSpace(m[2]) != c.Reason && !slices.Contains(c.AlsoKnownAs, strings.TrimSpace(m[2])):
		r.At(b.Line+1, "example: reason phrase %q is neither %q nor listed in also_known_as", strings.TrimSpace(m[2]), c.Reason)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
