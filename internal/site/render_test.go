package site

import (
	"errors"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// layoutSite is a site with only layouts: base.html as given, and every
// other required layout defining "main" as main.
func layoutSite(base, main string, minify bool) *Site {
	s := &Site{layouts: map[string][]byte{"layouts/base.html": []byte(base)}, opts: Options{Minify: minify}}
	for _, kind := range requiredLayouts[1:] {
		s.layouts["layouts/"+kind+".html"] = []byte(`{{define "main"}}` + main + `{{end}}`)
	}
	return s
}

func TestMinifiedLayouts(t *testing.T) {
	base := "<!DOCTYPE html>\n<html>\n  <head>\n    <title>  {{.Title}}  </title>\n  </head>\n  <body>\n{{block \"main\" .}}{{end}}\n  </body>\n</html>\n"
	body := template.HTML("<h2 id=\"x\">X</h2>\n<pre><code>a\n  b\n</code></pre>\n")
	d := &PageData{Title: "T", Content: body}

	sets, errs := layoutSite(base, `    <div class="prose">{{.Content}}</div>`, true).parseLayoutSets(nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err := renderPage(sets.run["page"], sets.written["page"], d)
	if err != nil {
		t.Fatal(err)
	}
	// The layout's whitespace goes; the Markdown's, in <pre> above all, stays.
	want := `<!doctype html><html><head><title>T</title></head><body><div class="prose">` + string(body) + `</div></body></html>`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	sets, errs = layoutSite(base, `<div>{{.Content}}</div>`, false).parseLayoutSets(nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, err = renderPage(sets.run["page"], sets.written["page"], d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<!DOCTYPE html>\n<html>\n  <head>\n    <title>  T  </title>"; string(got[:len(want)]) != want {
		t.Errorf("unminified build changed the layout: %s", got)
	}
}

// An error in a minified layout is reported at its line in the file as
// written, not in the minified text, which has lost its line breaks.
func TestMinifiedLayoutErrorLine(t *testing.T) {
	base := "<!DOCTYPE html>\n<html>\n<body>\n{{block \"main\" .}}{{end}}\n</body>\n</html>\n"
	sets, errs := layoutSite(base, "\n<article>\n\n<p>{{.Nope}}</p>\n</article>\n", true).parseLayoutSets(nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if sets.run["page"] == sets.written["page"] {
		t.Fatal("the build minifies, yet pages run the layouts as written")
	}
	_, err := renderPage(sets.run["page"], sets.written["page"], &PageData{})
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
	_, errs := layoutSite(base, "<p>\n{{range 100000000000}}{{end}}</p>\n", false).parseLayoutSets(nil)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "layouts/page.html:2: range over 100000000000 runs 100000000000 times") {
		t.Errorf("range over a huge number: %v", err)
	}
	_, errs = layoutSite(base, "<p>\n{{range 100}}{{range 1000}}{{end}}{{end}}</p>\n", false).parseLayoutSets(nil)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "layouts/page.html:2: range over 1000 runs 100000 times with the ranges around it") {
		t.Errorf("nested ranges: %v", err)
	}
	_, errs = layoutSite(base, "{{range 100}}{{template \"x\"}}{{end}}{{end}}\n{{define \"x\"}}{{range 1000}}{{end}}", false).parseLayoutSets(nil)
	if err := problem.Join(errs); err == nil || !strings.Contains(err.Error(), "runs 100000 times") {
		t.Errorf("a range inside a template called in a range: %v", err)
	}
	defer func(d time.Duration, n int) { pageTimeout, maxPageSize = d, n }(pageTimeout, maxPageSize)
	pageTimeout, maxPageSize = 200*time.Millisecond, 1<<20
	for name, layout := range map[string]string{
		"writes":   "{{range .Classes}}{{range $.Classes}}{{range $.Classes}}{{range $.Classes}}xxxxxxxx{{end}}{{end}}{{end}}{{end}}",
		"is quiet": "{{range .Classes}}{{range $.Classes}}{{range $.Classes}}{{range $.Classes}}{{range $.Classes}}{{end}}{{end}}{{end}}{{end}}{{end}}",
	} {
		sets, errs := layoutSite(base, layout, false).parseLayoutSets(nil)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		start := time.Now()
		_, err := renderPage(sets.run["page"], sets.written["page"], &PageData{Kind: "page", URL: "/loop/", Classes: make([]*ClassView, 40)}) // 40⁵ = 10⁸ rounds: seconds, ended after the test
		if err == nil || !strings.HasPrefix(err.Error(), "layouts/page.html: rendering /loop/ ") || time.Since(start) > 20*time.Second {
			t.Errorf("a layout that %s: %v after %v", name, err, time.Since(start))
		}
	}
}

// The facts box says what RFC 3398 §8.2.6.1 has a gateway send when a page
// gives no cause: the table's "no mapping" for 487, the Warning header for
// 488 and 606, and cause 31 for a code the table does not list.
func TestQ850Rule(t *testing.T) {
	seventeen := 17
	for _, tt := range []struct {
		code int
		q850 *int
		want string
	}{
		{486, &seventeen, ""}, {183, nil, ""}, {302, nil, ""},
		{487, nil, "none"}, {488, nil, "warning"}, {606, nil, "warning"},
		{422, nil, "default"}, {580, nil, "default"}, {608, nil, "default"},
	} {
		if got := (&CodeView{Code: tt.code, Q850: tt.q850}).Q850Rule(); got != tt.want {
			t.Errorf("Q850Rule(%d) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
