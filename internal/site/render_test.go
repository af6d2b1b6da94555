package site

import (
	"errors"
	"html/template"
	"testing"

	"github.com/sipcodes/sipcodes/internal/content"
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
	var cerr *content.Error
	if !errors.As(err, &cerr) || cerr.File != "layouts/page.html" || cerr.Line != 4 {
		t.Errorf("error %v, want it at layouts/page.html:4", err)
	}
}
