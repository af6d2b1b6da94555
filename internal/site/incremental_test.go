package site

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestChangedMatchesCleanBuild edits a site as watch mode sees it: after
// each step the builder is told only the paths a watcher reports (files,
// or the directory alone when it appeared or went with its files), and
// the rebuild, which takes every other file and listing as the last build
// read it, must equal a build from scratch.
func TestChangedMatchesCleanBuild(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	b := NewBuilder(testSchema, Options{Minify: true}).Incremental()
	set, edit := fsEdits(t, fsys)
	remove := func(prefix string) func() {
		return func() {
			maps.DeleteFunc(fsys, func(name string, _ *fstest.MapFile) bool { return strings.HasPrefix(name, prefix) })
		}
	}
	page := "---\ntitle: More\nsummary: One more page.\n---\n## Why\n\nSee [note 1](/n/1/).\n"
	steps := []struct {
		name    string
		change  func()
		changed []string
	}{
		{"body of a note", edit("content/notes/1.md", "See [the second]", "Read [the second]"), []string{"content/notes/1.md"}},
		{"summary of a note, shown on every page", edit("content/notes/2.md", "The second note.", "Note two."), []string{"content/notes/2.md"}},
		{"date of a note, in the sitemap", edit("content/notes/1.md", "date: 2026-11-24", "date: 2026-11-30"), []string{"content/notes/1.md"}},
		{"new page in a folder", set("content/guides/more.md", page), []string{"content/guides/more.md"}},
		{"new folder, told of the folder alone", set("content/extra/deep.md", page), []string{"content/extra"}},
		{"page in the new folder", set("content/extra/deeper.md", page), []string{"content/extra/deeper.md"}},
		{"new static file", set("content/guides/new.txt", "new"), []string{"content/guides/new.txt"}},
		{"new data folder", set("data/facts/x.yaml", "a: 1\n"), []string{"data", "data/facts", "data/facts/x.yaml"}},
		{"new asset", set("assets/extra.css", "p{color:red}"), []string{"assets/extra.css"}},
		{"page removed", remove("content/guides/more.md"), []string{"content/guides/more.md"}},
		{"folder moved over by another, told of the folder alone", set("content/extra/deep.md", strings.Replace(page, "title: More", "title: Moved", 1)), []string{"content/extra"}},
		{"folder removed", remove("content/extra/"), []string{"content/extra"}},
		{"layout", edit("layouts/page.html", "<h1>{{.Title}}</h1>", `<h1 class="plain">{{.Title}}</h1>`), []string{"layouts/page.html"}},
		{"asset removed", remove("assets/extra.css"), []string{"assets/extra.css"}},
	}
	if _, _, err := b.BuildOutput(fsys); err != nil {
		t.Fatal(err)
	}
	for _, step := range steps {
		step.change()
		b.Changed(step.changed, false)
		kept, _, err := b.BuildOutput(fsys)
		if err != nil {
			t.Fatalf("after %s: %v", step.name, err)
		}
		clean := buildFS(t, fsys, Options{Minify: true})
		for _, name := range slices.Sorted(maps.Keys(clean)) {
			if got, ok := kept[name]; !ok {
				t.Errorf("after %s: %s is missing", step.name, name)
			} else if !bytes.Equal(got, clean[name]) {
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
