package site

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// parseCached parses base.html and a page layout with the partial
// layouts/partials/p.html, and a func "count" that counts its calls.
func parseCached(t *testing.T, base, partial string) (*layouts, *atomic.Int64) {
	t.Helper()
	runs := new(atomic.Int64)
	src := map[string][]byte{
		"layouts/base.html":       []byte(base),
		"layouts/page.html":       []byte(`{{define "main"}}<p>{{.Title}}</p>{{end}}`),
		"layouts/partials/p.html": []byte(partial),
	}
	lay, errs := parseLayouts(src, []string{"layouts/page.html"}, map[string]any{"count": func() string { runs.Add(1); return "" }}, false)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return lay, runs
}

// A cached partial runs once per key in a build, whichever page asks
// first and however many ask at once, and every page of a key gets what
// its own run would have given.
func TestCachedRunsOncePerKey(t *testing.T) {
	lay, runs := parseCached(t, `{{cached "layouts/partials/p.html" .Kind .}}{{block "main" .}}{{end}}`,
		`{{count}}<nav><a href="/{{.Kind}}/?q={{.Kind}}">{{.Kind}}</a></nav>`)
	kinds := []string{"code", "class", "page"}
	var wg sync.WaitGroup
	got := make([]string, 300)
	for i := range got {
		wg.Go(func() {
			out, err := lay.execute("layouts/page.html", &PageData{Kind: kinds[i%3], Title: fmt.Sprint(i), URL: fmt.Sprintf("/%d/", i)})
			if err != nil {
				t.Error(err)
			}
			got[i] = string(out)
		})
	}
	wg.Wait()
	if n := runs.Load(); n != 3 {
		t.Errorf("the partial ran %d times for 3 keys", n)
	}
	for i, g := range got {
		k := kinds[i%3]
		if want := fmt.Sprintf(`<nav><a href="/%s/?q=%s">%s</a></nav><p>%d</p>`, k, k, k, i); g != want {
			t.Errorf("page %d: got %s, want %s", i, g, want)
		}
	}
}

// A key that misses what the partial reads gives one page another's
// links; verifyCached, which the tests of the repository's layouts set,
// turns that into an error naming both pages.
func TestCachedKeyMissingSomethingIsCaught(t *testing.T) {
	base := `{{cached "layouts/partials/p.html" .Kind .}}{{block "main" .}}{{end}}`
	partial := `<a href="{{.EditURL}}">Edit this page</a>`
	a := &PageData{Kind: "page", URL: "/a/", EditURL: "https://git.example/edit/a.md"}
	b := &PageData{Kind: "page", URL: "/b/", EditURL: "https://git.example/edit/b.md"}

	lay, _ := parseCached(t, base, partial)
	lay.execute("layouts/page.html", a)
	out, err := lay.execute("layouts/page.html", b)
	if err != nil || !strings.Contains(string(out), "edit/a.md") {
		t.Fatalf("without verifyCached, /b/ should show the hazard (a's link): %s, %v", out, err)
	}

	verifyCached = true
	defer func() { verifyCached = false }()
	lay, _ = parseCached(t, base, partial)
	if _, err := lay.execute("layouts/page.html", a); err != nil {
		t.Fatal(err)
	}
	_, err = lay.execute("layouts/page.html", b)
	if err == nil || !strings.Contains(err.Error(), `the pages /a/ and /b/ have the same keys ("page") but not the same HTML`) {
		t.Errorf("verifyCached: %v", err)
	}
}

// Keys are values that compare by what they say; the data goes last.
func TestCachedKeys(t *testing.T) {
	for _, tt := range []struct{ call, want string }{
		{`{{cached "layouts/partials/p.html" .}}`, ""}, // no keys: one copy for the site
		{`{{cached "layouts/partials/p.html" .Kind 3 true nil .}}`, ""},
		{`{{cached "layouts/partials/p.html" .Pages .}}`, "key 1 is a []site.PageLink"},
		{`{{cached "layouts/partials/p.html"}}`, "want the keys and then the data"},
		{`{{cached "layouts/partials/p.html" . .}}`, "key 1 is a *site.PageData; want text, a number, true or false"},
		{`{{cached "layouts/partials/nope.html" .}}`, `"layouts/partials/nope.html" is undefined`},
	} {
		lay, _ := parseCached(t, tt.call, `x`)
		_, err := lay.execute("layouts/page.html", &PageData{Kind: "page", Pages: []PageLink{{"A", "/a/"}}})
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: error %v, want %q", tt.call, err, tt.want)
		}
	}
}

// An error inside a cached partial is reported at its line in the
// partial, and a partial that never ends is stopped like a page.
func TestCachedPartialErrors(t *testing.T) {
	lay, _ := parseCached(t, `{{cached "layouts/partials/p.html" .}}`, "<nav>\n{{.Nope}}</nav>")
	_, err := lay.execute("layouts/page.html", &PageData{})
	var perr *problem.Error
	if !errors.As(err, &perr) || perr.File != "layouts/partials/p.html" || perr.Line != 2 {
		t.Errorf("error %v, want it at layouts/partials/p.html:2", err)
	}
}

func TestNavURL(t *testing.T) {
	nav := []PageLink{{"About", "/about/"}, {"Guides", "/guides/"}}
	for url, want := range map[string]string{"/about/": "/about/", "/guides/nat/": "", "/486/": ""} {
		if got := (&PageData{URL: url, Pages: nav}).NavURL(); got != want {
			t.Errorf("NavURL of %s = %q, want %q", url, got, want)
		}
	}
}
