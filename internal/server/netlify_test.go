package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		ok            bool
		params        string // "k=v k=v", sorted by the test's order
	}{
		{"/*", "/", true, "splat="},
		{"/*", "/486/", true, "splat=486"},
		{"/*", "/a/b/c", true, "splat=a/b/c"},
		{"/assets/*", "/assets/site.abc.css", true, "splat=site.abc.css"},
		{"/assets/*", "/assets", true, "splat="},
		{"/assets/*", "/assetsx/a", false, ""},
		{"/api/*", "/486/", false, ""},
		{"/codes/486", "/codes/486", true, ""},
		{"/codes/486", "/codes/486/", true, ""}, // trailing slash ignored, as on Netlify
		{"/codes/486", "/codes/4861", false, ""},
		{"/codes/486", "/codes", false, ""},
		{"/codes/:code", "/codes/486", true, "code=486"},
		{"/codes/:code", "/codes/", false, ""},
		{"/codes/:code/x", "/codes/486/x", true, "code=486"},
		{"/sip/codes/486", "/codes/486", false, ""},
		{"/", "/", true, ""},
		{"/", "/486/", false, ""},
	}
	for _, tt := range tests {
		params, ok := match(tt.pattern, tt.path)
		if ok != tt.ok {
			t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.path, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		var got []string
		for _, kv := range strings.Fields(tt.params) {
			k, _, _ := strings.Cut(kv, "=")
			got = append(got, k+"="+params[k])
		}
		if strings.Join(got, " ") != tt.params || len(params) != len(got) {
			t.Errorf("match(%q, %q) params = %v, want %s", tt.pattern, tt.path, params, tt.params)
		}
	}
}

func TestTarget(t *testing.T) {
	rd := Redirect{From: "/old/:code/*", To: "/:code/:splat"}
	params, ok := match(rd.From, "/old/486/a/b")
	if !ok {
		t.Fatal("no match")
	}
	if got := rd.target(params); got != "/486/a/b" {
		t.Errorf("target = %q, want /486/a/b", got)
	}
}

func TestParseRedirects(t *testing.T) {
	rules, err := ParseRedirects("public/_redirects", []byte("# aliases\n/codes/486 /486/ 301\n\n/sip-486 /486/\n/x/* /y/:splat 200!\n/gone /404.html 404 # comment\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Redirect{
		{From: "/codes/486", To: "/486/", Status: 301},
		{From: "/sip-486", To: "/486/", Status: 301},
		{From: "/x/*", To: "/y/:splat", Status: 200, Force: true},
		{From: "/gone", To: "/404.html", Status: 404},
	}
	if len(rules) != len(want) {
		t.Fatalf("got %d rules %v, want %v", len(rules), rules, want)
	}
	for i := range want {
		if rules[i] != want[i] {
			t.Errorf("rule %d = %+v, want %+v", i, rules[i], want[i])
		}
	}
}

func TestParseRedirectsErrors(t *testing.T) {
	_, err := ParseRedirects("public/_redirects", []byte("/ok /486/\n/lonely\nnoslash /486/\n/a /b abc\n/a /b 200 Country=de\n/a/*/b /c\n/a relative\n/a /b 500\n/p https://example.org/ 200\n"))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`public/_redirects:2: want "from to [status]", got "/lonely"`,
		`public/_redirects:3: from: "noslash": want a path starting with /`,
		`public/_redirects:4: status "abc": want a number like 301 or 200!`,
		`public/_redirects:5: query parameters and conditions are not previewed: "/a /b 200 Country=de"`,
		`public/_redirects:6: from: "/a/*/b": a * may only end the pattern`,
		`public/_redirects:7: to "relative": want a path starting with / or an http(s) URL`,
		`public/_redirects:8: status 500: want 200, a redirect (301, 302, 303, 307, 308) or a 4xx`,
		`public/_redirects:9: to "https://example.org/": a rewrite (200) to another host is a proxy, which the preview does not do`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// The project's own netlify.toml is read without a problem, and gives the
// rules the production site has.
func TestParseProjectNetlifyToml(t *testing.T) {
	rules, err := LoadNetlify("../..")
	if err != nil {
		t.Fatal(err)
	}
	h := rules.headersFor("/486/")
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("/486/: Content-Security-Policy = %q", csp)
	}
	if got := h.Get("Cache-Control"); got != "public, max-age=0, must-revalidate" {
		t.Errorf("/486/: Cache-Control = %q", got)
	}
	if got := rules.headersFor("/assets/site.abc.css").Get("Cache-Control"); !strings.Contains(got, "immutable") {
		t.Errorf("/assets/: Cache-Control = %q, want the later rule's immutable", got)
	}
	if len(rules.Redirects) == 0 || rules.Redirects[len(rules.Redirects)-1] != (Redirect{From: "/*", To: "/404.html", Status: 404}) {
		t.Errorf("redirects = %+v, want the /* → /404.html 404 rule last", rules.Redirects)
	}
}

func TestParseNetlifyErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"syntax", "[[headers]]\n  for = \"/*\"\n  [headers.values\n", "netlify.toml:3: "},
		{"unknown table", "[build]\n  publish = \"public\"\n\n[[header]]\n  for = \"/*\"\n", "netlify.toml:4: unknown key header"},
		{"unknown key", "[[redirects]]\n  from = \"/*\"\n  too = \"/404.html\"\n", "netlify.toml:3: unknown key redirects.too"},
		{"wrong type", "[[redirects]]\n  from = \"/*\"\n  to = \"/404.html\"\n  status = \"404\"\n", "netlify.toml:4: "},
		{"no for", "[build]\n\n[[headers]]\n  [headers.values]\n    X-A = \"b\"\n", "netlify.toml:3: [[headers]] for: a path pattern is required"},
		{"bad value", "[[headers]]\n  for = \"/*\"\n  [headers.values]\n    X-A = 1\n", "netlify.toml:1: [[headers]] for = \"/*\": X-A: want a string, got 1"},
		{"no to", "[[redirects]]\n  from = \"/a\"\n\n[[redirects]]\n  from = \"/b\"\n  status = 200\n", "netlify.toml:1: [[redirects]]: from = \"/a\": to is required\nnetlify.toml:4: [[redirects]]: from = \"/b\": to is required"},
		{"conditions", "[[redirects]]\n  from = \"/a\"\n  to = \"/b\"\n  conditions = {Country = [\"de\"]}\n", "netlify.toml:1: [[redirects]] from = \"/a\": query, conditions, headers and signed are not previewed; sitegen --watch would serve something else than production"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseNetlify("netlify.toml", []byte(tt.toml))
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) || strings.HasSuffix(tt.want, ": ") == (got == tt.want) {
				t.Errorf("error:\n%s\nwant (prefix when it ends in \": \"):\n%s", got, tt.want)
			}
		})
	}
}

func TestLoadNetlifyAbsent(t *testing.T) {
	rules, err := LoadNetlify(t.TempDir())
	if err != nil || len(rules.Headers)+len(rules.Redirects) != 0 {
		t.Errorf("LoadNetlify(empty dir) = %+v, %v; want no rules", rules, err)
	}
}

// The preview answers with the headers and redirects production has: the
// project's netlify.toml, and the _redirects a build writes.
func TestServeNetlifyRules(t *testing.T) {
	dir := site(t)
	redirects := "# Generated\n/codes/486 /486/ 301\n/sip-486 /486/ 302\n/486.html /486/ 301\n/old/* /:splat 301\n/shadowed /elsewhere/ 301\n/forced/ /486/ 200!\n/alias /486/ 200\n/api/486.json /404.html 301\n"
	write(t, dir, "_redirects", redirects)
	write(t, dir, "shadowed", "a file")
	write(t, dir, "forced/index.html", "<html><head></head><body>forced file</body></html>")
	rules, err := LoadNetlify("../..")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(dir, "127.0.0.1:0").WithRules(rules))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path     string
		status   int
		location string
		body     string // in the body, when set
		header   string // "Name: value" the response has, when set
	}{
		{"/", 200, "", "home", "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
		{"/486/", 200, "", "busy", "Cache-Control: public, max-age=0, must-revalidate"},
		{"/486/", 200, "", "busy", "Referrer-Policy: strict-origin-when-cross-origin"},
		{"/assets/site.abc.css", 200, "", "body{}", "Cache-Control: public, max-age=31536000, immutable"},
		{"/api/486.json", 200, "", `{"code":486}`, "Access-Control-Allow-Origin: *"}, // the file shadows the unforced rule
		{"/api/486.json", 200, "", `{"code":486}`, "Content-Type: application/json; charset=utf-8"},
		{"/codes/486", 301, "/486/", "", ""},
		{"/codes/486/", 301, "/486/", "", ""},
		{"/sip-486", 302, "/486/", "", ""},
		{"/486.html", 301, "/486/", "", "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
		{"/codes/486?from=x", 301, "/486/?from=x", "", ""},
		{"/old/a/b", 301, "/a/b", "", ""},
		{"/shadowed", 200, "", "a file", ""},
		{"/forced/", 200, "", "busy", ""},
		{"/alias", 200, "", "busy", "Content-Type: text/html; charset=utf-8"},
		{"/nothing/", 404, "", "not here", "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
		{"/_redirects", 404, "", "not here", ""},
		{"/486", 301, "/486/", "", "Referrer-Policy: strict-origin-when-cross-origin"},
	}
	for _, tt := range tests {
		resp, err := client.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("%s: Location %q, want %q", tt.path, got, tt.location)
		}
		if tt.body != "" && !strings.Contains(string(body), tt.body) {
			t.Errorf("%s: body %q, want it to hold %q", tt.path, body, tt.body)
		}
		if tt.header != "" {
			name, value, _ := strings.Cut(tt.header, ": ")
			if got := resp.Header.Get(name); got != value {
				t.Errorf("%s: %s = %q, want %q", tt.path, name, got, value)
			}
		}
	}
}

// Under a base path, _redirects' rules carry it and netlify.toml's are
// relative to the site.
func TestServeNetlifyRulesBasePath(t *testing.T) {
	dir := site(t)
	write(t, dir, "_redirects", "/sip/codes/486 /sip/486/ 301\n/sip/alias /sip/486/ 200\n")
	rules, err := ParseNetlify("netlify.toml", []byte("[[headers]]\n  for = \"/assets/*\"\n  [headers.values]\n    X-Asset = \"yes\"\n[[redirects]]\n  from = \"/moved\"\n  to = \"/486/\"\n  status = 302\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(dir, "127.0.0.1:0").WithRules(rules)
	s.SetBasePath("/sip")
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct {
		path     string
		status   int
		location string
		header   string
	}{
		{"/sip/codes/486", 301, "/sip/486/", ""},
		{"/sip/alias", 200, "", ""},
		{"/sip/moved", 302, "/sip/486/", ""},
		{"/moved", 404, "", ""},
		{"/sip/assets/site.abc.css", 200, "", "yes"},
	} {
		resp, err := client.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location || resp.Header.Get("X-Asset") != tt.header {
			t.Errorf("%s: %d Location %q X-Asset %q; want %d %q %q", tt.path, resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("X-Asset"), tt.status, tt.location, tt.header)
		}
	}
}

// A broken _redirects (which only a sitegen bug could write) is reported
// on every request rather than silently ignored.
func TestServeBadRedirects(t *testing.T) {
	dir := site(t)
	write(t, dir, "_redirects", "/a\n")
	srv := httptest.NewServer(New(dir, "127.0.0.1:0"))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(string(body), "public/_redirects:1: want") {
		t.Errorf("status %d, body %q; want 500 naming public/_redirects:1", resp.StatusCode, body)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	file := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
