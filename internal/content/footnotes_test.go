package content

import (
	"slices"
	"strings"
	"testing"
)

// Footnotes and definition lists render as Hugo renders them, and the
// links in a footnote are the page's links, for the link checks.
func TestFootnotesAndDefinitionLists(t *testing.T) {
	src := "---\ntitle: T\nsummary: S.\n---\n" +
		"A claim[^rfc] and again[^rfc].\n\n" +
		"[^rfc]: See [RFC 3261 §8](https://www.rfc-editor.org/rfc/rfc3261#section-8) and [486](/486/).\n\n" +
		"Busy Here\n: The callee is busy at this device.\n"
	d, err := Parse("p.md", []byte(src), &titled{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`A claim<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
		`again<sup id="fnref1:1"><a href="#fn:1"`,
		`<li id="fn:1">`,
		`<a href="#fnref:1" class="footnote-backref" role="doc-backlink">`,
		"<dl>\n<dt>Busy Here</dt>\n<dd>The callee is busy at this device.</dd>\n</dl>",
	} {
		if !strings.Contains(d.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, d.HTML)
		}
	}
	if want := []string{"https://www.rfc-editor.org/rfc/rfc3261#section-8", "/486/"}; !slices.Equal(d.Links, want) {
		t.Errorf("Links = %q, want %q", d.Links, want)
	}
}

// A footnote reference without a definition would be shown as written,
// and a definition nothing refers to would be left out: both are errors
// at their line, front matter counted. In code they are code.
func TestFootnoteMistakes(t *testing.T) {
	const fm = "---\ntitle: T\nsummary: S.\n---\n"
	undefined := func(line, label string) string {
		return "p.md:" + line + ": footnote [^" + label + "] has no definition, so it would be shown as written; add a line \"[^" + label + "]: the note\" below the paragraph"
	}
	unused := func(line, label string) string {
		return "p.md:" + line + ": footnote [^" + label + "] is defined but nothing refers to it, so it is left out; refer to it with [^" + label + "] where it belongs"
	}
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"used", "A[^1].\n\n[^1]: Note.\n", nil},
		{"no definition", "Intro.\n\nA claim[^2] and [^3].\n", []string{undefined("7", "2"), undefined("7", "3")}},
		{"definition never used", "A[^1].\n\n[^1]: Note.\n[^old]: Stale.\n", []string{unused("8", "old")}},
		{"in code", "`[^2]` is how.\n\n```\n[^old]: x\n```\n\n    [^4]: y\n", nil},
		{"escaped, or not a label", `\[^2] and [^a b] and [^]`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := problemsOf(fm + tt.body); !slices.Equal(got, tt.want) {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}
