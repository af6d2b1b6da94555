package site

import (
	"bytes"
	"flag"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files from current output")

func TestGolden(t *testing.T) {
	// Unminified, so that a diff of the golden file shows the change.
	sitetest.Golden(t, "testdata/basic.golden", sitetest.Format(build(t, "testdata/basic.txtar", Options{})), *update)
}

// TestDeterministic builds the same site twice, minified as the command
// does, and wants byte-identical output.
func TestDeterministic(t *testing.T) {
	a := build(t, "testdata/basic.txtar", Options{Minify: true})
	b := build(t, "testdata/basic.txtar", Options{Minify: true})
	if !bytes.Equal(sitetest.Format(a), sitetest.Format(b)) {
		t.Fatal("two builds of the same input differ")
	}
}

// Every page is loaded once with its URL, output, title, kind and layout,
// and the site lists them in URL order, the 404 page among them.
func TestPages(t *testing.T) {
	s, err := load(sitetest.Archive(t, "testdata/basic.txtar"), testSchema, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Pages {
		got = append(got, strings.Join([]string{p.URL, p.Output, p.Title, p.Kind, p.Layout, p.Source}, " | "))
	}
	want := []string{
		"/ | index.html | Test notes | home | layouts/home.html | content/_index.md",
		"/404.html | 404.html | Page not found | 404 | layouts/404.html | layouts/404.html",
		"/guides/nat/ | guides/nat/index.html | NAT and SIP | page | layouts/page.html | content/guides/nat.md",
		"/n/1/ | n/1/index.html | First | note | layouts/note.html | content/notes/1.md",
		"/n/2/ | n/2/index.html | Second | note | layouts/note.html | content/notes/2.md",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(s.PagesOf("note")); n != 2 {
		t.Errorf("PagesOf(note) has %d pages", n)
	}
}

// content/404.md, when there is one, is the 404 page: its title, summary
// and body, at /404.html, left out of the sitemap.
func TestNotFoundPage(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	fsys["content/404.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Lost\nsummary: Nothing here.\n---\nTry [the home page](/).\n")}
	out := buildFS(t, fsys, Options{})
	if page := string(out["404.html"]); !strings.Contains(page, "<h1>Lost</h1>") || !strings.Contains(page, "Nothing here.") {
		t.Errorf("404.html:\n%s", page)
	}
	if strings.Contains(string(out["sitemap.xml"]), "404") {
		t.Errorf("the sitemap lists the 404 page:\n%s", out["sitemap.xml"])
	}
}

// A schema's kind takes the files its Path matches before the built-in
// kinds do, and each pattern form matches what it says.
func TestKindPaths(t *testing.T) {
	for _, tt := range []struct {
		pattern, rel string
		want         bool
	}{
		{"notes/**", "notes/1.md", true}, {"notes/**", "notes/a/b.md", true}, {"notes/**", "notesx/1.md", false},
		{"notes/*.md", "notes/1.md", true}, {"notes/*.md", "notes/a/1.md", false},
		{"_index.md", "_index.md", true}, {"_index.md", "a/_index.md", false}, {"**", "a/b/c.md", true},
	} {
		if got := (&Kind{Path: tt.pattern}).matches(tt.rel); got != tt.want {
			t.Errorf("%q matches %q: %v, want %v", tt.pattern, tt.rel, got, tt.want)
		}
	}
	for rel, want := range map[string]string{"_index.md": "/", "about.md": "/about/", "guides/nat.md": "/guides/nat/", "guides/_index.md": "/guides/", "guides/index.md": "/guides/"} {
		if got := PathURL(rel); got != want {
			t.Errorf("PathURL(%q) = %q, want %q", rel, got, want)
		}
	}
	if got := NameURL("codes/sub/486.md"); got != "/486/" {
		t.Errorf("NameURL = %q", got)
	}
}

// Every output path is checked before anything is rendered: a page or a
// static file may not take the place of a generated file, of an asset, of
// another page, or be a file where a page needs a directory.
func TestOutputClashes(t *testing.T) {
	page := []byte("---\ntitle: T\nsummary: S.\n---\nText.\n")
	for _, tt := range []struct {
		file string
		data []byte
		want string
	}{
		{"content/robots.txt", []byte("x"), "content/robots.txt: would replace the file the site generates at /robots.txt"},
		{"content/notes.json", []byte("x"), "content/notes.json: would replace the file the site generates at /notes.json"},
		{"content/n/1/index.html", []byte("x"), "content/n/1/index.html: would replace the file the site generates at /n/1/index.html"},
		{"content/assets/x.css", []byte("x"), "content/assets/x.css: would replace the file the site generates at /assets/x.css"},
		{"content/notes.json.md", page, "content/notes.json.md: its URL /notes.json/ would replace the file the site generates at /notes.json"},
		{"content/sitemap.xml/index.md", page, "content/sitemap.xml/index.md: its URL /sitemap.xml/ would replace the file the site generates at /sitemap.xml"},
		{"content/n/1.md", page, "content/n/1.md: URL /n/1/ is already taken by content/notes/1.md"},
		{"content/n", []byte("x"), "content/n: is a file where content/notes/1.md needs a directory"},
	} {
		fsys := sitetest.Archive(t, "testdata/basic.txtar")
		fsys[tt.file] = &fstest.MapFile{Data: tt.data}
		err := buildErr(fsys, Options{})
		if err == nil || !slices.Contains(strings.Split(err.Error(), "\n"), tt.want) {
			t.Errorf("with %s: %v\nwant a line %q", tt.file, err, tt.want)
		}
	}
}

// A site of more pages than one sitemap may list gets an index of
// sitemaps, each within the limit, listing every page once in order
// (sitemaps.org allows 50,000 URLs a file; reliability review F13).
func TestSitemapIndex(t *testing.T) {
	defer func(n int) { sitemapLimit = n }(sitemapLimit)
	sitemapLimit = 2
	whole := build(t, "testdata/basic.txtar", Options{})
	// The same site within the limit, for the list of URLs.
	sitemapLimit = 1000
	want := regexp.MustCompile(`<loc>[^<]+</loc>`).FindAll(build(t, "testdata/basic.txtar", Options{})["sitemap.xml"], -1)
	if len(want) <= 2 {
		t.Fatalf("the test site has %d URLs; want more than the limit of 2", len(want))
	}
	index := string(whole["sitemap.xml"])
	if !strings.Contains(index, "<sitemapindex") || !strings.Contains(index, "<loc>https://notes.example/sitemap-1.xml</loc>") || !strings.Contains(index, "<loc>https://notes.example/sitemap-2.xml</loc>") {
		t.Fatalf("sitemap.xml is not an index of sitemaps:\n%s", index)
	}
	var got [][]byte
	for _, name := range []string{"sitemap-1.xml", "sitemap-2.xml"} {
		locs := regexp.MustCompile(`<loc>[^<]+</loc>`).FindAll(whole[name], -1)
		if len(locs) > 2 {
			t.Errorf("%s lists %d URLs, over the limit", name, len(locs))
		}
		got = append(got, locs...)
	}
	if !slices.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("the sitemaps list\n%s\nwant\n%s", bytes.Join(got, []byte("\n")), bytes.Join(want, []byte("\n")))
	}
}

// The sitemap written by hand is the one encoding/xml writes.
func TestEncodeURLSet(t *testing.T) {
	for _, urls := range [][]sitemapURL{
		nil,
		{{Loc: "https://x.test/"}},
		{{Loc: "https://x.test/a%20b/?q=1&r=<2>", LastMod: "2026-12-01"}, {Loc: "https://x.test/'\"\t\n\r\x01é"}},
	} {
		want, err := EncodeXML(urlset{URLs: urls})
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeURLSet(urls); string(got) != string(want) {
			t.Errorf("%q:\n%s\nwant\n%s", urls, got, want)
		}
	}
}
