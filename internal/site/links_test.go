package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sipcodes/sipcodes/internal/sitetest"
	nethtml "golang.org/x/net/html"
)

func TestResolveLink(t *testing.T) {
	out := Output{
		"index.html":            []byte(`<h1 id="top">x</h1>`),
		"486/index.html":        []byte(`<h2 id="in-short">In short</h2><a id="x" href="#in-short">`),
		"assets/a.css":          []byte(`body{}`),
		"guides/nat/index.html": []byte(`<p>`),
		"robots.txt":            []byte(``),
	}
	exists := func(file string) bool { _, ok := out[file]; return ok }
	scan := func(file string) pageLinks { return scanHTML(out[file]) }
	tests := []struct {
		from, link, want string
	}{
		{"index.html", "/486/", ""},
		{"index.html", "/486", ""}, // served as /486/ by every host we deploy to
		{"index.html", "/486/#in-short", ""},
		{"index.html", "/486/#nope", `/486/ has no element with id "nope"`},
		{"index.html", "#top", ""},
		{"486/index.html", "#top", `/486/ has no element with id "top"`},
		{"index.html", "/487/", "nothing is built at /487/"},
		{"index.html", "/assets/a.css", ""},
		{"index.html", "/assets/b.css", "nothing is built at /assets/b.css"},
		{"index.html", "/robots.txt?x=1", ""},
		{"guides/nat/index.html", "../../486/", ""},
		{"guides/nat/index.html", "../486/", "nothing is built at /guides/486/"},
		{"index.html", "https://codes.example/486/", ""},
		{"index.html", "https://codes.example/999/", "nothing is built at /999/"},
		{"index.html", "https://codes.example", ""},
		{"index.html", "https://codes.example.org/999/", ""}, // another site
		{"index.html", "https://www.rfc-editor.org/rfc/rfc3261", ""},
		{"index.html", "mailto:a@example.com", ""},
		{"index.html", "/%zz", "not a valid URL"},
	}
	for _, tt := range tests {
		if got := resolveLink(exists, scan, tt.from, tt.link, "https://codes.example"); got != tt.want {
			t.Errorf("link %q from %s: got %q, want %q", tt.link, tt.from, got, tt.want)
		}
	}
}

// tokenizerScan is the reference reading of a document's ids and links, by
// golang.org/x/net/html.
func tokenizerScan(doc []byte) pageLinks {
	pl := pageLinks{ids: map[string]bool{}}
	z := nethtml.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return pl
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		for {
			key, val, more := z.TagAttr()
			switch string(key) {
			case "id":
				if id := string(val); !pl.ids[id] {
					pl.ids[id] = true
					pl.order = append(pl.order, id)
				}
			case "href", "src":
				pl.links = append(pl.links, string(val))
			}
			if !more {
				break
			}
		}
	}
}

// TestScanMatchesTokenizer wants the fast scanner to read pages exactly as
// the tokenizer does: a few of the real site's, every page of the test
// site, and a few awkward documents.
func TestScanMatchesTokenizer(t *testing.T) {
	docs := map[string][]byte{
		"comment":  []byte(`<p><!-- <a href="/no/"> --><a href='/yes/' id=x>y</a></p>`),
		"entities": []byte(`<a href="/a/?x=1&amp;y=2" id="caf&eacute;">`),
		"script":   []byte(`<script>if (a<b) { x = '<a href="/no/">' }</script><a href=/after/>`),
		"spaces":   []byte("<a\n  href = \"/s/\"\tid\n=\n'i'>"),
		"lone <":   []byte(`<p>1 < 2 <a href="/lt/">x</a></p>`),
		"no value": []byte(`<input disabled id="in"><a href="/v/">`),
		"upper":    []byte(`<A HREF="/up/" ID="Up">`),
	}
	// Pages of the real site, as a build wrote them (minified), and the
	// test site's, minified and not.
	pages, err := filepath.Glob("testdata/scan/*.html")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no testdata/scan pages: %v", err)
	}
	for _, name := range pages {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = data
	}
	for _, minify := range []bool{false, true} {
		for name, data := range build(t, "testdata/basic.txtar", Options{Minify: minify}) {
			if strings.HasSuffix(name, ".html") {
				docs[fmt.Sprintf("%s (minify %v)", name, minify)] = data
			}
		}
	}
	for name, doc := range docs {
		got, want := scanHTML(doc), tokenizerScan(doc)
		roots := got.roots
		got.roots = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nscanHTML  %v\ntokenizer %v", name, got, want)
		}
		// Prefixing at the offsets it found changes exactly the
		// site-relative links, as the tokenizer reads them.
		prefixed := tokenizerScan(prefixRoots(doc, roots, "/sip"))
		for i, link := range want.links {
			wantLink := link
			if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") {
				wantLink = "/sip" + link
			}
			if i >= len(prefixed.links) || prefixed.links[i] != wantLink {
				t.Errorf("%s: link %d is %q after prefixing, want %q", name, i, prefixed.links[i:min(i+1, len(prefixed.links))], wantLink)
				break
			}
		}
	}
}

// Reporting many broken links takes time in proportion to their number,
// and each is reported at its own line (reliability review F3: 40,000
// took 26 s).
func TestManyBrokenLinks(t *testing.T) {
	fsys := sitetest.Archive(t, "testdata/basic.txtar")
	var b strings.Builder
	b.WriteString("---\ntitle: Many\nsummary: Many broken links.\n---\n\n")
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&b, "[x](/nope%d/)\n", i)
	}
	fsys["content/many.md"] = &fstest.MapFile{Data: []byte(b.String())}
	done := make(chan error, 1)
	go func() { done <- buildErr(fsys, Options{}) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("reporting 20,000 broken links took over a minute")
	}
	if err == nil {
		t.Fatal("the build succeeded")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != n {
		t.Fatalf("%d problems reported, want %d", len(lines), n)
	}
	if want := fmt.Sprintf("content/many.md:%d: broken link /nope%d/: nothing is built at /nope%d/", n+5, n-1, n-1); !slices.Contains(lines, want) {
		t.Errorf("no line %q among the problems", want)
	}
}

// BenchmarkScanHTML scans the real site's pages kept in testdata/scan,
// as every build scans every page it writes.
func BenchmarkScanHTML(b *testing.B) {
	pages, err := filepath.Glob("testdata/scan/*.html")
	if err != nil || len(pages) == 0 {
		b.Fatalf("no testdata/scan pages: %v", err)
	}
	var docs [][]byte
	size := 0
	for _, name := range pages {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, doc := range docs {
			scanHTML(doc)
		}
	}
}

// FuzzPlainLinks holds the fast ways of resolveLink and linkTarget, for
// plain paths and fragments, to reading every link as a URL.
func FuzzPlainLinks(f *testing.F) {
	for _, link := range []string{"/", "/486/", "/486", "/assets/site.css", "#main", "#", "/a//b/", "//x/", "/./a/", "/a/../b/", "/a/.", "/~x/", "/a%2Fb/", "#caf%C3%A9", "x/", "../486/", "/486/#main", "/n/2/#body"} {
		f.Add(link, 0)
	}
	built := map[string]bool{"index.html": true, "486/index.html": true, "486": true, "assets/site.css": true, "n/2/index.html": true, "a/b/index.html": true}
	ids := map[string]pageLinks{"index.html": {ids: map[string]bool{"main": true}}, "n/2/index.html": {ids: map[string]bool{"body": true}}}
	files := []string{"index.html", "n/2/index.html", "assets/site.css", "486"}
	exists := func(file string) bool { return built[file] }
	scan := func(file string) pageLinks { return ids[file] }
	f.Fuzz(func(t *testing.T, link string, n int) {
		if link == "" {
			return // read as "/" by the base path's handling, which both share
		}
		file := files[uint(n)%uint(len(files))]
		if got, want := resolveLink(exists, scan, file, link, ""), resolveURL(exists, scan, file, link); got != want {
			t.Errorf("resolveLink(%q in %s) = %q, as a URL %q", link, file, got, want)
		}
		if got, want := linkTarget(exists, file, link, ""), targetURL(exists, file, link); got != want {
			t.Errorf("linkTarget(%q in %s) = %q, as a URL %q", link, file, got, want)
		}
	})
}
