package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWatchMatchesCleanBuild edits a watched site in each way a rebuild
// must notice (the rebuild reads again only what the watcher reports) and
// after each wants public/ to become what a clean build makes of the same
// sources.
func TestWatchMatchesCleanBuild(t *testing.T) {
	dir, url := startPreview(t)
	content := func(name string) string { return filepath.Join(dir, "content", filepath.FromSlash(name)) }
	edit := func(file, old, new string) func() {
		return func() {
			data, err := os.ReadFile(file)
			if err != nil || !strings.Contains(string(data), old) {
				t.Fatalf("%s does not hold %q (%v)", file, old, err)
			}
			writeFile(t, file, strings.Replace(string(data), old, new, 1))
		}
	}
	rename := func(from, to string) {
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"page body", edit(content("codes/486.md"), "The line is busy.", "The line is engaged.")},
		{"title in every page's navigation", edit(content("guides/nat.md"), "title: NAT and SIP", "title: NAT traversal")},
		{"summary in other pages' lists", edit(content("codes/600.md"), "summary: ", "summary: Declined, ")},
		{"layout", edit(filepath.Join(dir, "layouts", "page.html"), `<p class="lead">`, `<p class="lead intro">`)},
		{"asset", edit(filepath.Join(dir, "assets", "site.css"), "}", "} /* edited */")},
		{"static file added", func() { writeFile(t, content("guides/notes.txt"), "one") }},
		{"static file changed", func() { writeFile(t, content("guides/notes.txt"), "two") }},
		{"page added", func() {
			writeFile(t, content("guides/faq.md"), "---\ntitle: FAQ\nsummary: Questions.\n---\n## Why\n\nSee [486](/486/).\n")
		}},
		{"page removed", func() { os.Remove(content("guides/faq.md")) }},
		{"page renamed", func() {
			rename(content("guides/nat.md"), content("guides/nat-traversal.md"))
			edit(content("_index.md"), "/guides/nat/", "/guides/nat-traversal/")()
		}},
		{"folder renamed", func() {
			rename(content("guides"), content("howto"))
			edit(content("_index.md"), "/guides/nat-traversal/", "/howto/nat-traversal/")()
		}},
	}
	for _, step := range steps {
		before := getStatus(t, url).Builds
		step.change()
		clean := filepath.Join(t.TempDir(), "clean")
		var last string
		waitUntil(t, "public/ to equal a clean build after "+step.name, func() bool {
			if getStatus(t, url).Builds <= before {
				return false
			}
			if err := run(context.Background(), []string{"--src", dir, "--out", clean, "--no-cache", "--quiet"}, io.Discard, io.Discard); err != nil {
				return false // the sources are halfway through the change
			}
			last = treeDiff(t, clean, filepath.Join(dir, "public"))
			return last == ""
		})
		if last != "" {
			t.Errorf("after %s: %s", step.name, last)
		}
	}
}

// treeDiff names the first file in which the trees a and b differ, or "".
func treeDiff(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string][]byte {
		files := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				files[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return files
	}
	fa, fb := read(a), read(b)
	for name, data := range fa {
		if other, ok := fb[name]; !ok {
			return name + " is missing"
		} else if !bytes.Equal(data, other) {
			return name + " differs"
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			return name + " is left over"
		}
	}
	return ""
}
