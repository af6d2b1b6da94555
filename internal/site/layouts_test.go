package site

import (
	"errors"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// parsePage parses base.html as given and layouts/page.html defining
// "main" as main.
func parsePage(base, main string, minify bool) (*layouts, []error) {
	src := map[string][]byte{
		"layouts/base.html": []byte(base),
		"layouts/page.html": []byte(`{{define "main"}}` + main + `{{end}}`),
	}
	return parseLayouts(src, []string{"layouts/page.html"}, nil, minify)
}

func TestMinifiedLayouts(t *testing.T) {
	base := "<!DOCTYPE html>\n<html>\n  <head>\n    <title>  {{.Title}}  </title>\n  </head>\n  <body>\n{{block \"main\" .}}{{end}}\n  </body>\n</html>\n"
	body := template.HTML("<h2 id=\"x\">X</h2>\n<pre><code>a\n  b\n</code></pre>\n")
	d := &PageData{Title: "T", Content: body}

	lay, errs := parsePage(base, `    <div class="prose">{{.Content}}</div>`, true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err := lay.execute("layouts/page.html", d)
	if err != nil {
		t.Fatal(err)
	}
	// The layout's whitespace goes; the Markdown's, in <pre> above all, stays.
	want := `<!doctype html><html><head><title>T</title></head><body><div class="prose">` + string(body) + `</div></body></html>`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	lay, errs = parsePage(base, `<div>{{.Content}}</div>`, false)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err = lay.execute("layouts/page.html", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<!DOCTYPE html>\n<html>\n  <head>\n    <title>  T  </title>"; string(got[:len(want)]) != want {
		t.Errorf("unminified build changed the layout: %s", got)
	}
}

// A template comment holding an apostrophe, as English comments do, does
// not stop the minifier: it read the apostrophe as the start of a string
// and left the rest of the layout as written.
func TestMinifiedAfterCommentWithApostrophe(t *testing.T) {
	for _, comment := range []string{"{{/* a code's facts */}}", "{{- /* the box's space\n*/ -}}", "{{/* \"quoted */}}"} {
		lay, errs := parsePage("<body>\n{{block \"main\" .}}{{end}}\n</body>\n", "<p>a</p>\n"+comment+"\n<p>{{.Title}}</p>\n<p>c</p>\n", true)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		got, err := lay.execute("layouts/page.html", &PageData{Title: "T"})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), "\n") {
			t.Errorf("after %s, the layout is not minified:\n%s", comment, got)
		}
	}
}

// Only comments are emptied: a "{{/*" in a string is printed as written.
func TestMinifiedKeepsCommentMarksInStrings(t *testing.T) {
	body := `<p>{{ "{{/*" }}x{{ "*/}}" }}</p>{{/* a comment's text */}}<p>{{"'"}}</p>`
	var pages []string
	for _, minify := range []bool{false, true} {
		lay, errs := parsePage("<body>{{block \"main\" .}}{{end}}</body>", body, minify)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		got, err := lay.execute("layouts/page.html", &PageData{})
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(got))
	}
	if want := "<body><p>{{/*x*/}}</p><p>&#39;</p></body>"; pages[0] != want || pages[1] != want {
		t.Errorf("as written %q, minified %q, want %q", pages[0], pages[1], want)
	}
}

// An error in a minified layout is reported at its line in the file as
// written, not in the minified text, which has lost its line breaks.
func TestMinifiedLayoutErrorLine(t *testing.T) {
	base := "<!DOCTYPE html>\n<html>\n<body>\n{{block \"main\" .}}{{end}}\n</body>\n</html>\n"
	lay, errs := parsePage(base, "\n<article>\n\n<p>{{.Nope}}</p>\n</article>\n", true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if lay.minified["layouts/page.html"] == lay.asWritten["layouts/page.html"] {
		t.Fatal("the build minifies, yet pages run the layouts as written")
	}
	_, err := lay.execute("layouts/page.html", &PageData{})
	var cerr *problem.Error
	if !errors.As(err, &cerr) || cerr.File != "layouts/page.html" || cerr.Line != 4 {
		t.Errorf("error %v, want it at layouts/page.html:4", err)
	}
}

// A layout that loops without end is stopped with an error naming the
// layout; one that ranges over a huge number is refused when parsed
// (reliability review F3).
func TestLayoutLoopsAreBounded(t *testing.T) {
	base := "<!DOCTYPE html>\n<html>\n<body>\n{{block \"main\" .}}{{end}}\n</body>\n</html>\n"
	_, errs := parsePage(base, "<p>\n{{range 100000000000}}{{end}}</p>\n", false)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "layouts/page.html:2: range over 100000000000 runs 100000000000 times") {
		t.Errorf("range over a huge number: %v", err)
	}
	_, errs = parsePage(base, "<p>\n{{range 100}}{{range 1000}}{{end}}{{end}}</p>\n", false)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "layouts/page.html:2: range over 1000 runs 100000 times with the ranges around it") {
		t.Errorf("nested ranges: %v", err)
	}
	_, errs = parsePage(base, "{{range 100}}{{template \"x\"}}{{end}}{{end}}\n{{define \"x\"}}{{range 1000}}{{end}}", false)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "runs 100000 times") {
		t.Errorf("a range inside a template called in a range: %v", err)
	}
	defer func(d time.Duration, n int) { pageTimeout, maxPageSize = d, n }(pageTimeout, maxPageSize)
	pageTimeout, maxPageSize = 200*time.Millisecond, 1<<20
	for name, layout := range map[string]string{
		"writes":   "{{range .Pages}}{{range $.Pages}}{{range $.Pages}}{{range $.Pages}}xxxxxxxx{{end}}{{end}}{{end}}{{end}}",
		"is quiet": "{{range .Pages}}{{range $.Pages}}{{range $.Pages}}{{range $.Pages}}{{range $.Pages}}{{end}}{{end}}{{end}}{{end}}{{end}}",
	} {
		lay, errs := parsePage(base, layout, false)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		start := time.Now()
		_, err := lay.execute("layouts/page.html", &PageData{Kind: "page", URL: "/loop/", Pages: make([]PageLink, 40)}) // 40⁵ = 10⁸ rounds: seconds, ended after the test
		if err == nil || !strings.HasPrefix(err.Error(), "layouts/page.html: rendering /loop/ ") || time.Since(start) > 20*time.Second {
			t.Errorf("a layout that %s: %v after %v", name, err, time.Since(start))
		}
	}
}

func TestFit(t *testing.T) {
	for _, tt := range []struct {
		n          int
		text, want string
	}{
		{60, "Q.850 cause 34: No circuit/channel available", "Q.850 cause 34: No circuit/channel available"},
		{40, "Q.850 cause 98: Message not compatible with call state or message type", "Q.850 cause 98: Message not compatible…"},
		{27, "Q.850 cause 98: Message, not compatible", "Q.850 cause 98: Message…"},
		{24, `Warning: 392 "Noisy feedback tells"`, "Warning: 392…"}, // a quote is five characters escaped
	} {
		if got := fit(tt.n, tt.text); got != tt.want || len(template.HTMLEscapeString(got)) > tt.n+2 { // … is 3 bytes, 1 character
			t.Errorf("fit(%d, %q) = %q, want %q", tt.n, tt.text, got, tt.want)
		}
	}
}

// Minifying the layouts leaves their sources as they were: watch mode keeps
// the bytes it read for the next rebuild, and the minifier decodes entities
// in place, which once turned the explainer's placeholder (&#34; and &#10;)
// into a broken attribute on the second rebuild. The repository's layouts
// are the inputs that showed it.
func TestMinifyLayoutsKeepsTheSources(t *testing.T) {
	names, err := filepath.Glob("../../layouts/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no layouts: %v", err)
	}
	src, orig := map[string][]byte{}, map[string]string{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src[name], orig[name] = data, string(data)
	}
	for range 2 {
		minifyLayouts(src)
		for name, data := range src {
			if string(data) != orig[name] {
				t.Fatalf("minifying changed the source of %s", name)
			}
		}
	}
}
