package site

import (
	"bytes"
	"fmt"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestIncrementalMatchesCleanBuild edits a site step by step and, after
// each step, wants the build that reuses its earlier work to equal a build
// from scratch.
func TestIncrementalMatchesCleanBuild(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	b := NewBuilder(testSchema, Options{Minify: true}).Incremental()
	set, edit := fsEdits(t, fsys)
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
	n := len(b.memo.rendered) // pages with no source: the 404 page
	for _, p := range b.memo.parsed {
		if p.rendered.data != nil {
			n++
		}
	}
	if n != 5 { // those and the 404 page
		t.Errorf("the builder holds %d rendered pages, want the 5 that still exist", n)
	}
}

// TestIncrementalChecksLinks wants a rebuild that checks only the links of
// the pages it rendered again to find every broken link a clean build
// finds: one in the edited page, and one in an unchanged page into an
// anchor the edit removed.
func TestIncrementalChecksLinks(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new, want string
	}{
		{"link in the edited page", "content/notes/2.md", "Back to [the first](../1/).", "Back to [the first](../one/).", "content/notes/2.md:8: broken link ../one/"},
		{"anchor the edit removed", "content/notes/2.md", "## Body", "## Text", `content/notes/1.md:9: broken link /n/2/#body: /n/2/ has no element with id "body"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			b := NewBuilder(testSchema, Options{Minify: true}).Incremental()
			for i := range 2 { // the second build checks nothing it need not
				if _, _, err := b.BuildOutput(fsys); err != nil {
					t.Fatalf("build %d: %v", i, err)
				}
			}
			good := fsys[tc.file]
			sitetest.Replace(t, fsys, tc.file, tc.old, tc.new)
			_, _, err := b.BuildOutput(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("rebuild: %v; want %q", err, tc.want)
			}
			if cerr := buildErr(fsys, Options{Minify: true}); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("rebuild: %v\nclean build: %v", err, cerr)
			}
			fsys[tc.file] = good
			if _, _, err := b.BuildOutput(fsys); err != nil {
				t.Errorf("after the fix: %v", err)
			}
		})
	}
}

// Site.Remember gives a watch-mode rebuild the values the last build
// computed for the pages of unchanged sources, computes them again for an
// edited source, keeps apart the values of two keys, and computes
// everything every time without a kept builder.
func TestRemember(t *testing.T) {
	runs := map[string]int{} // computations, by source
	schema := testSchema
	schema.Bind = func(s *Site) (Hooks, []error) {
		for _, p := range s.PagesOf("note") {
			if got := s.Remember(p, "source", func() any { runs[p.Source]++; return p.Source }); got != p.Source {
				t.Errorf("Remember(%s) = %v", p.Source, got)
			}
			if got := s.Remember(p, "title", func() any { return p.Title }); got != p.Title {
				t.Errorf("Remember(%s, title) = %v, want %q", p.Source, got, p.Title)
			}
		}
		return testSchema.Bind(s)
	}
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	b := NewBuilder(schema, Options{}).Incremental()
	for range 2 {
		if _, _, err := b.BuildOutput(fsys); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"content/notes/1.md": 1, "content/notes/2.md": 1}
	if !maps.Equal(runs, want) {
		t.Errorf("after two builds: computed %v, want %v", runs, want)
	}
	sitetest.Replace(t, fsys, "content/notes/1.md", "See [the second]", "Read [the second]")
	if _, _, err := b.BuildOutput(fsys); err != nil {
		t.Fatal(err)
	}
	if want["content/notes/1.md"] = 2; !maps.Equal(runs, want) {
		t.Errorf("after an edit: computed %v, want %v", runs, want)
	}
	clear(runs)
	for range 2 {
		if _, _, err := NewBuilder(schema, Options{}).BuildOutput(fsys); err != nil {
			t.Fatal(err)
		}
	}
	if want := map[string]int{"content/notes/1.md": 2, "content/notes/2.md": 2}; !maps.Equal(runs, want) {
		t.Errorf("one-shot builds: computed %v, want %v", runs, want)
	}
}

// A rebuild after a build whose page run was given up on (a layout that
// loops) does not reuse its layouts: the run goes on in the background,
// calling the sets' functions and filling their cached partials with the
// last build's data, which a kept set would serve (and race on).
func TestIncrementalAfterAbandonedRun(t *testing.T) {
	defer func(d time.Duration) { pageTimeout = d }(pageTimeout)
	pageTimeout = 100 * time.Millisecond
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	for i := range 20 { // top-level pages: the navigation ranges over them
		fsys[fmt.Sprintf("content/p%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: P%d\nsummary: A page.\n---\nText.\n", i)}
	}
	// 20³ calls of cached between writes: the abandoned run stops at its
	// next write, while or soon after the rebuild runs.
	fsys["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if eq .Title "Slow"}}{{range $.Pages}}{{range $.Pages}}.{{range $.Pages}}{{range $.Pages}}{{range $.Pages}}{{$x := cached "layouts/partials/nav.html" $}}{{end}}{{end}}{{end}}{{end}}{{end}}{{end}}<h1>{{.Title}}</h1>{{.Content}}{{end}}`)}
	sitetest.Replace(t, fsys, "content/p7.md", "title: P7", "title: Slow")
	b := NewBuilder(testSchema, Options{Minify: true}).Incremental()
	if _, _, err := b.BuildOutput(fsys); err == nil || !strings.Contains(err.Error(), "took longer than") {
		t.Fatalf("the slow build: %v", err)
	}
	slow := b.memo.layouts.lay
	sitetest.Replace(t, fsys, "content/p7.md", "title: Slow", "title: P7")
	sitetest.Replace(t, fsys, "content/_index.md", "title: Test notes", "title: Renamed notes")
	kept, _, err := b.BuildOutput(fsys)
	if err != nil {
		t.Fatal(err)
	}
	clean := buildFS(t, fsys, Options{Minify: true})
	for name := range clean {
		if !bytes.Equal(clean[name], kept[name]) {
			t.Errorf("%s differs from a clean build", name)
		}
	}
	slow.running.Wait() // it ends at its next write: not in another test
}
