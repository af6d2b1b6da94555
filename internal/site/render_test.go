package site

import (
	"html/template"
	"strings"
	"testing"
)

func TestRenderPageMinifiesTheShell(t *testing.T) {
	tmpl := func(main string) *template.Template {
		return template.Must(template.New("layouts/base.html").Parse(
			"<!DOCTYPE html>\n<html>\n  <head>\n    <title>  {{.Title}}  </title>\n  </head>\n  <body>\n" + main + "\n  </body>\n</html>\n"))
	}
	body := template.HTML("<h2 id=\"x\">X</h2>\n<pre><code>a\n  b\n</code></pre>\n")
	d := &PageData{Title: "T", Content: body}

	got, err := renderPage(tmpl(`    <div class="prose">{{.Content}}</div>`), d, true)
	if err != nil {
		t.Fatal(err)
	}
	want := `<!doctype html><html><head><title>T</title></head><body><div class="prose">` + string(body) + `</div></body></html>`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// Content in an attribute hides the mark: the whole page is minified.
	got, err = renderPage(tmpl(`<div data-x="{{.Content}}"></div>{{.Content}}`), d, true)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), bodyMark) || !strings.Contains(string(got), `<h2 id="x">X</h2>`) {
		t.Errorf("fallback output %s", got)
	}
	if strings.Contains(string(got), "\n  <body>") {
		t.Errorf("fallback output is not minified: %s", got)
	}
}
