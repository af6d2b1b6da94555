package content

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"github.com/sipcodes/sipcodes/internal/corpus"
	"github.com/sipcodes/sipcodes/internal/problem"
)

const goodCode = `---
code: 486
reason: Busy Here
summary: Busy.
references:
  - {rfc: 3261, section: "21.4.24"}
q850: 17
fault: callee
reviewed: 2026-11-24
---
## In short
x
## What it means
x
## Common causes
x
## How to fix
x
## Example
` + "```sip\nSIP/2.0 486 Busy Here\n```\n" + `## Related codes
x
`

func TestParseCode(t *testing.T) {
	p, err := Parse("content/codes/486.md", []byte(goodCode))
	if err != nil {
		t.Fatal(err)
	}
	c := p.Code
	if c.Code != 486 || c.Reason != "Busy Here" || c.Status != "current" || *c.Q850 != 17 || c.References[0].URL() != "https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24" {
		t.Errorf("front matter decoded as %+v", c)
	}
	if got := p.Line("fault"); got != 8 {
		t.Errorf(`Line("fault") = %d, want 8`, got)
	}
	var ids []string
	for _, h := range p.Headings {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "in-short what-it-means common-causes how-to-fix example related-codes" {
		t.Errorf("heading ids = %s", got)
	}
	if len(p.Blocks) != 1 || p.Blocks[0].Line != 20 || p.Blocks[0].Section != "Example" || p.Blocks[0].Lang != "sip" {
		t.Errorf("blocks = %+v", p.Blocks)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []string // every line of the error, in order
	}{
		{"no front matter", "content/a.md", "# Hi\n", []string{
			"content/a.md:1: front matter: want a --- line at the top of the file"}},
		{"unclosed", "content/a.md", "---\ntitle: x\n", []string{
			"content/a.md:1: front matter: the --- on line 1 is never closed; want a second --- line after the last key"}},
		{"not a mapping", "content/a.md", "---\n- a\n---\n", []string{
			"content/a.md:2: front matter: want key: value lines, got a list"}},
		{"unclosed flow list", "content/a.md", "---\ntitle: a\nsummary: [b\nx: 1\n---\n", []string{
			"content/a.md:3: front matter: did not find expected ',' or ']'"}},
		{"bad indentation", "content/a.md", "---\ntitle: a\n  summary: b\n---\n", []string{
			"content/a.md:3: front matter: mapping values are not allowed in this context"}},
		{"duplicate key", "content/a.md", "---\ntitle: a\nsummary: b\ntitle: c\n---\n", []string{
			"content/a.md:4: front matter: title is set twice (first on line 2)"}},
		{"list for text", "content/a.md", "---\ntitle: [a, b]\nsummary: s\n---\n", []string{
			"content/a.md:2: front matter: title: want text, got a list"}},
		{"mapping for text", "content/a.md", "---\ntitle: t\nsummary: {a: 1}\n---\n", []string{
			"content/a.md:3: front matter: summary: want text, got key: value pairs"}},
		{"missing title", "content/a.md", "---\nsummary: b\n---\n", []string{
			"content/a.md:1: front matter: title is required"}},
		{"nested unknown key", "content/codes/486.md", strings.Replace(goodCode, `section: "21.4.24"`, `sektion: "21.4.24"`, 1), []string{
			`content/codes/486.md:6: front matter: unknown key "sektion"; want one of rfc, section`}},
		{"bad section", "content/codes/486.md", strings.Replace(goodCode, `"21.4.24"`, `"§21"`, 1), []string{
			`content/codes/486.md:5: front matter: references: section "§21" of RFC 3261: want a number like "21.4.24"`}},
		{"q850 range", "content/codes/486.md", strings.Replace(goodCode, "q850: 17", "q850: 170", 1), []string{
			"content/codes/486.md:7: front matter: q850: want a Q.850 cause from 1 to 127, got 170"}},
		{"failure without a side", "content/codes/486.md", strings.Replace(goodCode, "fault: callee", "fault: none", 1), []string{
			"content/codes/486.md:8: front matter: fault: a 4xx code is a failure: say whose side it points at (one of caller, callee, network, server, either)"}},
		{"success with a side", "content/codes/200.md", strings.NewReplacer("code: 486", "code: 200", "reason: Busy Here", "reason: OK", "SIP/2.0 486 Busy Here", "SIP/2.0 200 OK").Replace(goodCode), []string{
			`content/codes/200.md:8: front matter: fault: a 2xx code is not a failure: want none, got "callee"`}},
		{"class file", "content/classes/4xx.md", "---\nclass: 5xx\ntitle: t\nsummary: s\n---\n", []string{
			"content/classes/4xx.md:2: front matter: class: 5xx contradicts the file name 4xx.md"}},
		{"site base url", "content/_index.md", "---\ntitle: t\nbase_url: example.com\n---\n", []string{
			`content/_index.md:3: front matter: base_url: want an absolute http(s) URL like https://sipcodes.example, got "example.com"`}},
		{"example phrase", "content/codes/486.md", strings.Replace(goodCode, "SIP/2.0 486 Busy Here", "SIP/2.0 486 Busy", 1), []string{
			`content/codes/486.md:21: example: reason phrase "Busy" is neither "Busy Here" nor listed in also_known_as`}},
		{"NUL byte", "content/a.md", "---\ntitle: a\x00\n---\n", []string{
			"content/a.md:2: file holds a NUL byte; want UTF-8 text"}},
		{"blank file", "content/a.md", " \n\n", []string{
			"content/a.md:1: file is empty; want front matter between --- lines, then Markdown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.src))
			if err == nil {
				t.Fatal("Parse succeeded; want an error")
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
			var e *problem.Error
			if !errors.As(err, &e) {
				t.Errorf("error is %T, want *problem.Error inside", err)
			}
		})
	}
}

func TestParseBOMAndCRLF(t *testing.T) {
	src := "\uFEFF---\r\ntitle: Windows\r\nsummary: s\r\n---\r\n## Hello\r\n"
	p, err := Parse("content/win.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Plain.Title != "Windows" || len(p.Headings) != 1 || p.Headings[0].Line != 5 {
		t.Errorf("got title %q, headings %+v", p.Plain.Title, p.Headings)
	}
}

// FuzzParse checks that no input makes Parse panic, that a failure is
// always located in the file, and that success yields the page's struct.
func FuzzParse(f *testing.F) {
	files := []string{"content/codes/486.md", "content/a.md", "content/_index.md", "content/classes/4xx.md"}
	f.Add(uint8(0), goodCode)
	f.Add(uint8(1), "---\ntitle: a\nsummary: b\n---\n# x\n")
	f.Add(uint8(2), "---\ntitle: t\nbase_url: https://x.example\n---\n")
	f.Add(uint8(3), "---\ntitle: t\nsummary: s\n---\n")
	f.Add(uint8(1), "---\n: : :\n---\n")
	f.Add(uint8(1), "---\ntitle: [\n---\n")
	f.Add(uint8(0), "---\ncode: 1e9\nreferences: {}\nq850: -1\n---\n```sip\n")
	f.Add(uint8(1), "---\ntitle: &a [*a]\n---\n")
	f.Fuzz(func(t *testing.T, which uint8, src string) {
		file := files[int(which)%len(files)]
		p, err := Parse(file, []byte(src))
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, file+":") {
					t.Fatalf("problem not located in %s: %q", file, line)
				}
			}
		}
		if p != nil && p.Site == nil && p.Class == nil && p.Code == nil && p.Plain == nil {
			t.Fatal("page without front matter struct")
		}
	})
}

// FuzzParseMarkdown holds parseMarkdown, which runs GFM's linkify only
// where it may find something, to goldmark's full GFM parse: both render
// the same HTML for every input.
func FuzzParseMarkdown(f *testing.F) {
	for _, s := range []string{
		"plain words, nothing to link\n",
		"trailing spaces before a hard break    \nnext line\n",
		"see www.example.com or https://example.com/a_b_c, and ftp://x.example\n",
		"mail alice@example.com now; x`y@z.example` and foo*bar@x.example*\n",
		"*www.example.com* _http://a.example/x_y_ ~https://b.example~ (www.c.example)\n",
		"[https://label.example](/x) [x](mailto:a@b.example \"t@u\") <c@d.example> <https://e.example>\n",
		"a<span title=\"x@y.example\">b</span> &#64; &#x77;ww.example.com a\\@b.example\n",
		"# Heading www.example.com\n\n| a | b@c.example |\n|---|---|\n| `x@y` | http://z.example |\n",
		"```sip\nFrom: <sip:alice@example.com>\n```\n\n    indented www.example.com\n",
		"- item http://x.example\n  - nested a@b.example\n> quote www.q.example\n",
		"HTTP://upper.example WWW.UPPER.EXAMPLE\n",
	} {
		f.Add(s)
	}
	pages, err := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md"))
	if err != nil || len(pages) < 80 {
		f.Fatalf("the site's pages: %d, %v", len(pages), err)
	}
	for _, name := range pages {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for name, data := range corpus.Site(20, 1) {
		if strings.HasSuffix(name, ".md") {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		var got, want bytes.Buffer
		src := []byte(body)
		if err := md.Renderer().Render(&got, src, parseMarkdown(src)); err != nil {
			t.Fatal(err)
		}
		if err := md.Renderer().Render(&want, src, md.Parser().Parse(text.NewReader(src))); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("body %q:\nparseMarkdown renders\n%s\nGFM renders\n%s", body, got.String(), want.String())
		}
	})
}
