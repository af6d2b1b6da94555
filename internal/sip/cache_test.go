package sip

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// TestCachedBuildMatchesCleanBuild edits the small SIP site in every way
// a page's output can depend on and, after each edit, wants a build that
// reuses the build cache on disk (a new Builder, as the next run of the
// command is) to give the bytes of a clean build without it: into memory,
// as watch mode's first build does, and into an output directory, as the
// command builds, where the cache reads the pages back from the last
// build's files.
func TestCachedBuildMatchesCleanBuild(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testCachedBuild(t, false) })
	t.Run("directory", func(t *testing.T) { testCachedBuild(t, true) })
}

func testCachedBuild(t *testing.T, intoDir bool) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	dir := t.TempDir()
	public := filepath.Join(t.TempDir(), "public")
	opts := site.Options{Minify: true}
	set := func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	edit := func(name, old, new string) func() {
		return func() { sitetest.Replace(t, fsys, name, old, new) }
	}
	// reuse is what must come from the cache: "pages" every page, "some"
	// some pages, "bodies" only Markdown (the edit changes what every page
	// may show, so every page is rendered again).
	steps := []struct {
		name   string
		change func()
		reuse  string
	}{
		{"first build", func() {}, ""},
		{"unchanged", func() {}, "pages"},
		{"page body", edit("content/codes/486.md", "The line is busy.", "The line is engaged."), "some"},
		{"summary shown in other pages' lists", edit("content/codes/600.md", "summary: ", "summary: Declined, "), "bodies"},
		{"title shown in every page's navigation", edit("content/guides/nat.md", "title: NAT and SIP", "title: NAT traversal"), "bodies"},
		{"layout", edit("layouts/code.html", "<dt>Whose side</dt>", "<dt>Whose fault</dt>"), "bodies"},
		{"asset", edit("assets/site.css", "}", "} /* changed */"), "bodies"},
		{"data file", edit("data/platform-notes.yaml", "reads as busy everywhere", "reads as busy on every phone"), "bodies"},
		{"static file", set("content/guides/diagram.txt", "changed"), "bodies"},
		{"page added", set("content/guides/faq.md", "---\ntitle: FAQ\nsummary: Questions.\n---\n## Why\n\nSee [486](/486/).\n"), "bodies"},
		{"page removed", func() { delete(fsys, "content/guides/faq.md") }, "bodies"},
		{"page renamed", func() {
			fsys["content/guides/nat-traversal.md"] = fsys["content/guides/nat.md"]
			delete(fsys, "content/guides/nat.md")
			sitetest.Replace(t, fsys, "content/_index.md", "/guides/nat/", "/guides/nat-traversal/")
		}, "bodies"},
		{"base URL", func() { opts.BaseURL = "https://example.org/sip" }, "bodies"},
		{"unchanged again", func() {}, "pages"},
	}
	for _, step := range steps {
		step.change()
		clean := build(t, fsys, opts)
		var warnings []string
		c := site.OpenCache(dir, "test", func(msg string) { warnings = append(warnings, msg) })
		var got site.Output
		var err error
		if intoDir {
			_, err = site.NewBuilder(Schema, opts).UseCache(c).BuildDir(fsys, public)
			got = readDirTree(t, public)
			delete(got, site.MarkerFile)
		} else {
			got, _, err = site.NewBuilder(Schema, opts).UseCache(c).BuildOutput(fsys)
		}
		if err != nil {
			t.Fatalf("after %s: %v", step.name, err)
		}
		if len(warnings) > 0 {
			t.Errorf("after %s: warnings %q", step.name, warnings)
		}
		diffOutputs(t, step.name, clean, got)
		bodies, pages := c.Reused()
		all := countPages(clean)
		switch {
		case step.reuse == "pages" && pages != all:
			t.Errorf("after %s: %d of %d pages came from the cache, want all", step.name, pages, all)
		case step.reuse == "some" && (pages == 0 || pages == all):
			t.Errorf("after %s: %d of %d pages came from the cache, want all but the edited one", step.name, pages, all)
		case step.reuse == "bodies" && bodies == 0:
			t.Errorf("after %s: no page body came from the cache", step.name)
		case step.reuse == "" && bodies+pages > 0:
			t.Errorf("the first build took %d bodies and %d pages from an empty cache", bodies, pages)
		}
	}
}

// TestFailedBuildKeepsCache wants a build that fails to leave the cache
// as the last good build left it, and the next build to use it.
func TestFailedBuildKeepsCache(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	dir := t.TempDir()
	opts := site.Options{Minify: true}
	warn := func(msg string) { t.Errorf("warning: %s", msg) }
	if _, _, err := site.NewBuilder(Schema, opts).UseCache(site.OpenCache(dir, "test", warn)).BuildOutput(fsys); err != nil {
		t.Fatal(err)
	}
	before := readDirTree(t, dir)
	good := fsys["content/codes/486.md"]
	sitetest.Replace(t, fsys, "content/codes/486.md", "The line is busy.", "The line is busy, see [nothing](/nothing/).")
	if _, _, err := site.NewBuilder(Schema, opts).UseCache(site.OpenCache(dir, "test", warn)).BuildOutput(fsys); err == nil {
		t.Fatal("a build with a broken link succeeded")
	}
	if after := readDirTree(t, dir); !bytes.Equal(sitetest.Format(before), sitetest.Format(after)) {
		t.Errorf("the failed build changed the cache")
	}
	fsys["content/codes/486.md"] = good
	c := site.OpenCache(dir, "test", warn)
	if _, _, err := site.NewBuilder(Schema, opts).UseCache(c).BuildOutput(fsys); err != nil {
		t.Fatal(err)
	}
	if _, pages := c.Reused(); pages != countPages(build(t, fsys, opts)) {
		t.Errorf("after the fix, %d pages came from the cache, want all", pages)
	}
}

func countPages(out site.Output) int {
	n := 0
	for name := range out {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "assets/") {
			n++
		}
	}
	return n
}

// diffOutputs reports every file in which got differs from want.
func diffOutputs(t *testing.T, step string, want, got site.Output) {
	t.Helper()
	for name := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("after %s: %s is missing", step, name)
		} else if !bytes.Equal(want[name], g) {
			t.Errorf("after %s: %s differs from a clean build", step, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("after %s: %s is left over", step, name)
		}
	}
}

// readDirTree reads every file under dir, by path.
func readDirTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[name], err = fs.ReadFile(os.DirFS(dir), name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
