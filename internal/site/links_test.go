package site

import "testing"

func TestResolveLink(t *testing.T) {
	out := Output{
		"index.html":            []byte(`<h1 id="top">x</h1>`),
		"486/index.html":        []byte(`<h2 id="in-short">In short</h2><a id="x" href="#in-short">`),
		"assets/a.css":          []byte(`body{}`),
		"guides/nat/index.html": []byte(`<p>`),
		"robots.txt":            []byte(``),
	}
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
		if got := resolveLink(out, scan, tt.from, tt.link, "https://codes.example"); got != tt.want {
			t.Errorf("link %q from %s: got %q, want %q", tt.link, tt.from, got, tt.want)
		}
	}
}
