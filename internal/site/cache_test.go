package site

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// TestCacheMatchesCleanBuild edits a site step by step and, after each step,
// wants the build that reuses the cache to equal a build from scratch.
func TestCacheMatchesCleanBuild(t *testing.T) {
	fsys := archiveFS(t, "testdata/basic.txtar")
	cache := NewCache()
	set := func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	edit := func(name, old, new string) func() {
		return func() {
			f := fsys[name]
			if !bytes.Contains(f.Data, []byte(old)) {
				t.Fatalf("%s lacks %q", name, old)
			}
			fsys[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1)}
		}
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"unchanged", func() {}},
		{"body of a code page", edit("content/codes/486.md", "The line is busy.", "The line is engaged.")},
		{"summary of a code page", edit("content/codes/600.md", "Every device of the callee is busy.", "All devices are busy.")},
		{"title of a plain page", edit("content/guides/nat.md", "title: NAT and SIP", "title: NAT traversal")},
		{"new plain page", set("content/faq.md", "---\ntitle: FAQ\nsummary: Questions.\n---\n## Why\n\nSee [486](/486/).\n")},
		{"layout", edit("layouts/page.html", "<h1>{{.Title}}</h1>", `<h1 class="plain">{{.Title}}</h1>`)},
		{"asset", edit("assets/site.css", "font-family: sans-serif;", "font-family: serif;")},
		{"deleted page", func() { delete(fsys, "content/faq.md") }},
		{"static file", set("content/guides/diagram.txt", "changed")},
	}
	for _, step := range steps {
		step.change()
		clean := buildFS(t, fsys, Options{Minify: true})
		cached := buildFS(t, fsys, Options{Minify: true, Cache: cache})
		if !bytes.Equal(format(clean), format(cached)) {
			for name := range clean {
				if !bytes.Equal(clean[name], cached[name]) {
					t.Errorf("after %s: %s differs from a clean build", step.name, name)
				}
			}
			for name := range cached {
				if _, ok := clean[name]; !ok {
					t.Errorf("after %s: %s is left over", step.name, name)
				}
			}
		}
	}
	if len(cache.parsed) != 6 { // _index, two classes, two codes, the guide
		t.Errorf("cache holds %d parsed files, want the 6 that still exist", len(cache.parsed))
	}
}

func buildFS(t *testing.T, fsys fstest.MapFS, opts Options) Output {
	t.Helper()
	s, err := Load(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Render()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
