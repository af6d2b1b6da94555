package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"github.com/sipcodes/sipcodes/internal/corpus"
	"github.com/sipcodes/sipcodes/internal/problem"
)

// note is a kind of page for these tests: front matter with a default, a
// check, a list of structs, and a rule for the body.
type note struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	Number  int    `yaml:"number"`
	Status  string `yaml:"status"`
	Refs    []ref  `yaml:"refs"`
}

type ref struct {
	RFC     int    `yaml:"rfc"`
	Section string `yaml:"section"`
}

func (n *note) Default() {
	if n.Status == "" {
		n.Status = "draft"
	}
}

func (n *note) Check(r *Report) {
	r.Require("title", n.Title != "")
	r.Require("summary", n.Summary != "")
	if n.Number < 0 {
		r.Bad("number", "want a number from 0, got %d", n.Number)
	}
	for i, f := range n.Refs {
		if f.RFC <= 0 {
			r.At(r.Keys.Line(fmt.Sprintf("refs.%d", i)), "front matter: refs: every reference needs an rfc number")
		}
	}
}

// CheckBody wants a "## Example" section with a fenced block.
func (n *note) CheckBody(r *Report, d *Doc) {
	for _, b := range d.Blocks {
		if b.Section == "Example" {
			return
		}
	}
	r.At(r.BodyLine, "want an Example section with a fenced block")
}

// settings is front matter that inlines another struct.
type settings struct {
	plain `yaml:",inline"`
	Extra string `yaml:"extra"`
}

type plain struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

func (p *plain) Check(r *Report) {
	r.Require("title", p.Title != "")
	r.Require("summary", p.Summary != "")
}

const goodNote = `---
title: Busy
summary: A note.
number: 486
refs:
  - {rfc: 3261, section: "21.4.24"}
  - {rfc: 3398}
---
## In short
x
## Example
` + "```sip\nSIP/2.0 486 Busy Here\n```\n" + `## Related
x
`

func TestParse(t *testing.T) {
	n := &note{}
	d, err := Parse("content/notes/486.md", []byte(goodNote), n)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta != n || n.Number != 486 || n.Status != "draft" || n.Refs[1].RFC != 3398 {
		t.Errorf("front matter decoded as %+v", n)
	}
	if got := d.Line("number"); got != 4 {
		t.Errorf(`Line("number") = %d, want 4`, got)
	}
	if got := d.Line("refs.1"); got != 7 {
		t.Errorf(`Line("refs.1") = %d, want 7`, got)
	}
	if got := d.Line("status"); got != 1 {
		t.Errorf(`Line("status") of a key the page leaves out = %d, want 1`, got)
	}
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "in-short example related" {
		t.Errorf("heading ids = %s", got)
	}
	if len(d.Blocks) != 1 || d.Blocks[0].Line != 12 || d.Blocks[0].Section != "Example" || d.Blocks[0].Lang != "sip" {
		t.Errorf("blocks = %+v", d.Blocks)
	}
}

func TestParseInline(t *testing.T) {
	s := &settings{}
	if _, err := Parse("content/_index.md", []byte("---\ntitle: t\nsummary: s\nextra: e\n---\n"), s); err != nil {
		t.Fatal(err)
	}
	if s.Title != "t" || s.Extra != "e" {
		t.Errorf("decoded %+v", s)
	}
	_, err := Parse("content/_index.md", []byte("---\ntitle: t\ntitel: s\n---\n"), &settings{})
	if want := `content/_index.md:3: front matter: unknown key "titel"; want one of title, summary, extra`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
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
		{"nested unknown key", "content/notes/486.md", strings.Replace(goodNote, `section: "21.4.24"`, `sektion: "21.4.24"`, 1), []string{
			`content/notes/486.md:6: front matter: unknown key "sektion"; want one of rfc, section`}},
		{"bad value", "content/notes/486.md", strings.Replace(goodNote, "number: 486", "number: -1", 1), []string{
			"content/notes/486.md:4: front matter: number: want a number from 0, got -1"}},
		{"bad list item", "content/notes/486.md", strings.Replace(goodNote, "{rfc: 3398}", "{section: \"1\"}", 1), []string{
			"content/notes/486.md:7: front matter: refs: every reference needs an rfc number"}},
		{"body rule", "content/notes/486.md", strings.Replace(goodNote, "## Example", "## Sample", 1), []string{
			"content/notes/486.md:9: want an Example section with a fenced block"}},
		{"list for a number", "content/notes/486.md", strings.Replace(goodNote, "number: 486", "number: [4]", 1), []string{
			"content/notes/486.md:4: front matter: number: want a whole number, got a list"}},
		{"NUL byte", "content/a.md", "---\ntitle: a\x00\n---\n", []string{
			"content/a.md:2: file holds a NUL byte; want UTF-8 text"}},
		{"blank file", "content/a.md", " \n\n", []string{
			"content/a.md:1: file is empty; want front matter between --- lines, then Markdown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var meta any = &plain{}
			if strings.HasPrefix(tt.file, "content/notes/") {
				meta = &note{}
			}
			_, err := Parse(tt.file, []byte(tt.src), meta)
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
	m := &plain{}
	d, err := Parse("content/win.md", []byte(src), m)
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "Windows" || len(d.Headings) != 1 || d.Headings[0].Line != 5 {
		t.Errorf("got title %q, headings %+v", m.Title, d.Headings)
	}
}

// FuzzParse checks that no input makes Parse panic, that a failure is
// always located in the file, and that success yields the front matter
// it was given.
func FuzzParse(f *testing.F) {
	files := []string{"content/notes/486.md", "content/a.md", "content/_index.md"}
	f.Add(uint8(0), goodNote)
	f.Add(uint8(1), "---\ntitle: a\nsummary: b\n---\n# x\n")
	f.Add(uint8(2), "---\ntitle: t\nbase_url: https://x.example\n---\n")
	f.Add(uint8(3), "---\ntitle: t\nsummary: s\n---\n")
	f.Add(uint8(1), "---\n: : :\n---\n")
	f.Add(uint8(1), "---\ntitle: [\n---\n")
	f.Add(uint8(0), "---\ncode: 1e9\nreferences: {}\nq850: -1\n---\n```sip\n")
	f.Add(uint8(1), "---\ntitle: &a [*a]\n---\n")
	f.Fuzz(func(t *testing.T, which uint8, src string) {
		file := files[int(which)%len(files)]
		metas := []any{&note{}, &plain{}, &settings{}}
		meta := metas[int(which)%len(metas)]
		d, err := Parse(file, []byte(src), meta)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, file+":") {
					t.Fatalf("problem not located in %s: %q", file, line)
				}
			}
		}
		if d != nil && d.Meta != meta {
			t.Fatal("the document does not hold the front matter it was given")
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
	for name, data := range corpus.Site(80, 1) {
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

// FuzzHasLinkMarker holds hasLinkMarker, which looks for each marker from
// its last byte, to its definition: one of linkify's URL starts, or an "@".
func FuzzHasLinkMarker(f *testing.F) {
	for _, s := range []string{"", "@", "http:", "https:", "ftp:", "www.", "htt:p", "hhttp:", "ww.", "w.ww.", "wwww.x", "a:b.c", "http", "https", ":http:", "ftp", "x.www"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Contains(s, "@")
		for _, m := range []string{"http:", "https:", "ftp:", "www."} {
			want = want || strings.Contains(s, m)
		}
		if got := hasLinkMarker([]byte(s)); got != want {
			t.Fatalf("hasLinkMarker(%q) = %v, want %v", s, got, want)
		}
	})
}

// BenchmarkParse parses the pages of 200-page corpora of both shapes
// (internal/corpus): front matter, Markdown, highlighting and the checks.
func BenchmarkParse(b *testing.B) {
	for _, shape := range []string{"codes", "prose"} {
		b.Run(shape, func(b *testing.B) {
			site, err := corpus.SiteOf(shape, 200, 1)
			if err != nil {
				b.Fatal(err)
			}
			var names []string
			for name := range site {
				if strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") {
					names = append(names, name)
				}
			}
			for b.Loop() {
				for _, name := range names {
					if _, err := Parse(name, site[name], &plain{}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
