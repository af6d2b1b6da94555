package site

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// warningsOf builds fsys with b and returns its warnings as printed.
func warningsOf(t *testing.T, b *Builder, fsys fstest.MapFS) []string {
	t.Helper()
	_, st, err := b.BuildOutput(fsys)
	if err != nil {
		t.Fatalf("build:\n%v", err)
	}
	var got []string
	for _, w := range st.Warnings {
		got = append(got, w.String())
	}
	return got
}

func page(title, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nsummary: A page.\n---\n" + body + "\n")}
}

// A page is an orphan when no chain of links from the home page or the
// 404 page leads to it, however the links are written.
func TestOrphans(t *testing.T) {
	const lonely = "content/guides/lonely.md:1: warning: no other page links to /guides/lonely/; link it from a page on its subject, or from a list page"
	for _, tt := range []struct {
		name  string
		files map[string]string // added to testdata/basic.txtar
		want  []string
	}{
		{"every page linked", nil, nil},
		{"unlinked", map[string]string{"content/guides/lonely.md": "Nothing links here."}, []string{lonely}},
		{"linked only by itself", map[string]string{"content/guides/lonely.md": "## Part\n\n[Me](/guides/lonely/), [me again](./), [a part of me](#part)."}, []string{lonely}},
		{"relative link", map[string]string{"content/guides/lonely.md": "x", "content/guides/nat.md": "## Symptoms\n\nSee [lonely](../lonely/)."}, nil},
		{"link with the base URL", map[string]string{"content/guides/lonely.md": "x", "content/guides/nat.md": "## Symptoms\n\nSee [lonely](https://notes.example/guides/lonely/)."}, nil},
		{"link to another site of the same path", map[string]string{"content/guides/lonely.md": "x", "content/guides/nat.md": "## Symptoms\n\nSee [lonely](https://other.example/guides/lonely/)."}, []string{lonely}},
		{"two orphans, in file order", map[string]string{"content/guides/lonely.md": "x", "content/b/a.md": "y"}, []string{
			"content/b/a.md:1: warning: no other page links to /b/a/; link it from a page on its subject, or from a list page", lonely,
		}},
		{"top-level page, in the navigation", map[string]string{"content/about.md": "x"}, nil},
		{"404 page", map[string]string{"content/404.md": "Go [home](/)."}, nil},
		{"linked from the 404 page only", map[string]string{"layouts/404.html": `{{define "main"}}<a href="/guides/lonely/">Lonely</a>{{end}}`, "content/guides/lonely.md": "x"}, nil},
		{"a chain from home", map[string]string{"content/guides/lonely.md": "On to [b](/b/c/).", "content/guides/nat.md": "## Symptoms\n\nSee [lonely](../lonely/).", "content/b/c.md": "y"}, nil},
		{"two that link each other, and nothing to them", map[string]string{"content/guides/lonely.md": "See [c](/b/c/).", "content/b/c.md": "See [lonely](/guides/lonely/) and [d](/b/d/).", "content/b/d.md": "z"}, []string{
			"content/b/c.md:1: warning: no chain of links from the home page leads to /b/c/; only pages that none leads to either link to it (/guides/lonely/); link one of them from a page on its subject, or from a list page",
			"content/b/d.md:1: warning: no chain of links from the home page leads to /b/d/; only pages that none leads to either link to it (/b/c/); link one of them from a page on its subject, or from a list page",
			"content/guides/lonely.md:1: warning: no chain of links from the home page leads to /guides/lonely/; only pages that none leads to either link to it (/b/c/); link one of them from a page on its subject, or from a list page",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			for name, body := range tt.files {
				if strings.HasPrefix(name, "layouts/") {
					fsys[name] = &fstest.MapFile{Data: []byte(body)}
					continue
				}
				fsys[name] = page("A page", body)
			}
			if got := warningsOf(t, NewBuilder(testSchema, Options{}), fsys); !slices.Equal(got, tt.want) {
				t.Errorf("warnings:\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// Watch mode's rebuilds remember rendered pages and their links: a
// rebuild warns of the same orphans as a clean build, stops when a link is
// added, and warns again when it is gone.
func TestOrphansIncremental(t *testing.T) {
	const lonely = "content/guides/lonely.md:1: warning: no other page links to /guides/lonely/; link it from a page on its subject, or from a list page"
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	fsys["content/guides/lonely.md"] = page("Lonely", "x")
	b := NewBuilder(testSchema, Options{}).Incremental()
	for range 2 {
		if got := warningsOf(t, b, fsys); !slices.Equal(got, []string{lonely}) {
			t.Fatalf("warnings: %q", got)
		}
	}
	nat := fsys["content/guides/nat.md"]
	fsys["content/guides/nat.md"] = page("NAT", "## Symptoms\n\nSee [lonely](../lonely/).")
	for range 2 {
		if got := warningsOf(t, b, fsys); got != nil {
			t.Errorf("after the link: %q", got)
		}
	}
	fsys["content/guides/nat.md"] = nat
	if got := warningsOf(t, b, fsys); !slices.Equal(got, []string{lonely}) {
		t.Errorf("after the link is gone again: %q", got)
	}
}

// Strict, a warning is an error, in the same words, and the build fails.
func TestOrphansStrict(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	fsys["content/guides/lonely.md"] = page("Lonely", "x")
	err := buildErr(fsys, Options{Strict: true})
	want := "content/guides/lonely.md:1: warning: no other page links to /guides/lonely/; link it from a page on its subject, or from a list page"
	if err == nil || err.Error() != want {
		t.Errorf("strict build: %v\nwant %s", err, want)
	}
}

// The link graph watch mode keeps resolves, after any change, what a graph
// that keeps nothing resolves: a file whose links changed, a new file, a
// file gone, another base URL. It says the graph is the same as the last
// one only when nothing changed (then orphans reuses its warnings).
func TestLinkGraphMatchesAFreshOne(t *testing.T) {
	built := map[string]bool{"index.html": true, "a/index.html": true, "b/index.html": true}
	scans := map[string]pageLinks{
		"index.html":   {links: []string{"/a/", "/b/", "https://example.org/"}},
		"a/index.html": {links: []string{"../b/", "/a/"}},
		"b/index.html": {links: []string{"/"}},
	}
	var g linkGraph
	steps := []struct {
		name   string
		change func()
		same   bool
	}{
		{"first build", func() {}, false},
		{"nothing changed", func() {}, true},
		{"a's links", func() { scans["a/index.html"] = pageLinks{links: []string{"/"}} }, false},
		{"a's links, written otherwise", func() { scans["a/index.html"] = pageLinks{links: []string{"../"}} }, true},
		{"new page c", func() {
			built = maps.Clone(built)
			built["c/index.html"] = true
			scans["c/index.html"] = pageLinks{links: []string{"/a/"}}
			scans["b/index.html"] = pageLinks{links: []string{"/c/"}}
		}, false},
		{"b's target gone", func() {
			built = maps.Clone(built)
			delete(built, "c/index.html")
			delete(scans, "c/index.html")
		}, false},
	}
	for _, step := range steps {
		step.change()
		kept, same := g.resolve(maps.Clone(scans), built, "https://x.test")
		fresh, _ := (*linkGraph)(nil).resolve(scans, built, "https://x.test")
		if !reflect.DeepEqual(kept, fresh) {
			t.Errorf("after %s: the kept graph has %v, a fresh one %v", step.name, kept, fresh)
		}
		if same != step.same {
			t.Errorf("after %s: same %v, want %v", step.name, same, step.same)
		}
	}
	if got, _ := g.resolve(scans, built, "https://x.test/sub"); len(got["b/index.html"]) != 0 {
		t.Errorf("another base URL: b links to %v, want nothing (its /c/ was not built)", got["b/index.html"])
	}
}
