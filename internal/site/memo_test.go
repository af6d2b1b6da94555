package site

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestIncrementalMatchesCleanBuild edits a site step by step and, after
// each step, wants the build that reuses its earlier work to equal a build
// from scratch.
func TestIncrementalMatchesCleanBuild(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	b := NewBuilder(testSchema, Options{Minify: true}).Incremental()
	set := func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	edit := func(name, old, new string) func() {
		return func() { sitetest.Replace(t, fsys, name, old, new) }
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"unchanged", func() {}},
		{"body of a note", edit("content/notes/1.md", "See [the second]", "Read [the second]")},
		{"summary of a note, shown on every page", edit("content/notes/2.md", "The second note.", "Note two.")},
		{"title of a plain page", edit("content/guides/nat.md", "title: NAT and SIP", "title: NAT traversal")},
		{"new plain page", set("content/faq.md", "---\ntitle: FAQ\nsummary: Questions.\n---\n## Why\n\nSee [note 1](/n/1/).\n")},
		{"layout", edit("layouts/page.html", "<h1>{{.Title}}</h1>", `<h1 class="plain">{{.Title}}</h1>`)},
		{"asset", edit("assets/site.css", "font-family: sans-serif;", "font-family: serif;")},
		{"deleted page", func() { delete(fsys, "content/faq.md") }},
		{"static file", set("content/guides/diagram.txt", "changed")},
		{"settings", edit("content/_index.md", "title: Test notes", "title: Notes")},
	}
	for _, step := range steps {
		step.change()
		clean := buildFS(t, fsys, Options{Minify: true})
		kept, _, err := b.BuildOutput(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sitetest.Format(clean), sitetest.Format(kept)) {
			for name := range clean {
				if !bytes.Equal(clean[name], kept[name]) {
					t.Errorf("after %s: %s differs from a clean build", step.name, name)
				}
			}
			for name := range kept {
				if _, ok := clean[name]; !ok {
					t.Errorf("after %s: %s is left over", step.name, name)
				}
			}
		}
	}
	if n := len(b.memo.parsed); n != 4 { // _index, two notes, the guide
		t.Errorf("the builder holds %d parsed files, want the 4 that still exist", n)
	}
	if n := len(b.memo.rendered); n != 5 { // those and the 404 page
		t.Errorf("the builder holds %d rendered pages, want the 5 that still exist", n)
	}
}
