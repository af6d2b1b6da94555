package content

import (
	"slices"
	"strings"
	"testing"
)

// titled is front matter with no rules for the body.
type titled struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// Shortcodes and raw HTML are errors at their line of the file, front
// matter counted; the same text in code is code, and comments are notes.
// problemsOf parses src as the page p.md and returns its problems, one
// per line, or nil.
func problemsOf(src string) []string {
	if _, err := Parse("p.md", []byte(src), &titled{}); err != nil {
		return strings.Split(err.Error(), "\n")
	}
	return nil
}

func TestUnsupported(t *testing.T) {
	const fm = "---\ntitle: T\nsummary: S.\n---\n" // the body starts on line 5
	const shortcode = `Hugo shortcode %s would be shown as written: sitegen has no shortcodes; write it in Markdown (a "> " quote for a note)`
	sc := func(line, q string) string { return "p.md:" + line + ": " + strings.Replace(shortcode, "%s", q, 1) }
	html := func(line, tag string) string {
		return "p.md:" + line + ": raw HTML " + tag + " is left out of the page: sitegen renders no HTML written in Markdown; write it in Markdown, or in `backticks` if " + tag + " is text"
	}
	block := func(line, tag string) string {
		return "p.md:" + line + ": raw HTML block " + tag + " is left out of the page, with the text in it: sitegen renders no HTML written in Markdown; write it in Markdown"
	}
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"plain", "Text with {braces} and {{ double }} ones, and a < b.", nil},
		{"shortcode pair", "Intro.\n\n{{< note >}}\nRead this.\n{{< /note >}}\n", []string{sc("7", "{{< note >}}"), sc("9", "{{< /note >}}")}},
		{"percent form, inline", "See {{% ref \"a.md\" %}} now.", []string{sc("5", `{{% ref "a.md" %}}`)}},
		{"no spaces", "{{<note>}}", []string{sc("5", "{{<note>}}")}},
		{"in a heading and a table", "## A {{< x >}}\n\n| a | b |\n|---|---|\n| {{< y >}} | z |\n", []string{sc("5", "{{< x >}}"), sc("9", "{{< y >}}")}},
		{"in a list and a link", "- [a {{< z >}}](/a/)\n", []string{sc("5", "{{< z >}}")}},
		{"long", "{{< figure src=\"/a/very/long/path/to/an/image.png\" >}}", []string{sc("5", `{{< figure ... >}}`)}},
		{"escaped", `\{{< note >}}`, nil},
		{"code span", "Write `{{< note >}}` or `<details>`.", nil},
		{"fenced block", "```\n{{< note >}}\n<details>\n```\n", nil},
		{"indented block", "Text.\n\n    {{< note >}}\n    <b>x</b>\n", nil},
		{"inline HTML", "Press <kbd>Ctrl</kbd>, then <b>x</b>.", []string{html("5", "<b>"), html("5", "<kbd>")}},
		{"text that reads as a tag", "Check the <Request-URI> first.", []string{html("5", "<Request-URI>")}},
		{"HTML block", "Intro.\n\n<details>\n<summary>More</summary>\n\nHidden.\n</details>\n", []string{block("7", "<details>"), block("11", "<details>")}},
		{"comments", "<!-- a note to authors -->\n\nText <!-- and another --> here.", nil},
		{"autolinks", "<https://example.org/> and <sip:alice@example.org>", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := problemsOf(fm + tt.body); !slices.Equal(got, tt.want) {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}
