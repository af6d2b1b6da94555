package main

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/sipcodes/sipcodes/internal/site"
)

// netlifyConfig is the part of netlify.toml this test reads.
type netlifyConfig struct {
	Build struct {
		Command string
		Publish string
	}
	Headers []struct {
		For    string
		Values map[string]string
	}
	Redirects []struct {
		From   string
		To     string
		Status int
	}
}

// TestNetlifyConfig checks netlify.toml against what the build produces:
// every header rule and redirect names something that exists, and the
// headers each kind of file ends up with are the intended ones.
func TestNetlifyConfig(t *testing.T) {
	data, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg netlifyConfig
	if err := toml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if cfg.Build.Publish != "public" || !strings.Contains(cfg.Build.Command, "go run ./cmd/sitegen") {
		t.Errorf("[build] = %+v; want sitegen publishing public/", cfg.Build)
	}
	out := t.TempDir()
	if _, err := site.Build("../..", out, site.Options{Minify: true}); err != nil {
		t.Fatal(err)
	}
	files := outputFiles(t, out)

	for _, h := range cfg.Headers {
		if !anyMatch(h.For, files) {
			t.Errorf("[[headers]] for = %q matches no file of the build", h.For)
		}
	}
	for _, r := range cfg.Redirects {
		if !served(r.To, files) {
			t.Errorf("[[redirects]] %s → %s: the target is not built", r.From, r.To)
		}
	}
	for _, r := range readRedirects(t, filepath.Join(out, "_redirects")) {
		if !served(r, files) {
			t.Errorf("_redirects → %s: the target is not built", r)
		}
	}

	effective := func(urlPath string) map[string]string {
		got := map[string]string{}
		for _, h := range cfg.Headers { // later rules replace earlier ones, as on Netlify
			if matches(h.For, urlPath) {
				for k, v := range h.Values {
					got[k] = v
				}
			}
		}
		return got
	}
	css := ""
	for _, f := range files {
		if strings.HasPrefix(f, "/assets/site.") && strings.HasSuffix(f, ".css") {
			css = f
		}
	}
	page := effective("/486/")
	csp := page["Content-Security-Policy"]
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-") || regexp.MustCompile(`https?:`).MatchString(csp) {
		t.Errorf("Content-Security-Policy %q allows inline code or other origins", csp)
	}
	for header, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "public, max-age=0, must-revalidate",
	} {
		if page[header] != want {
			t.Errorf("/486/ %s = %q, want %q", header, page[header], want)
		}
	}
	if page["Referrer-Policy"] == "" || page["Permissions-Policy"] == "" {
		t.Errorf("/486/ lacks Referrer-Policy or Permissions-Policy: %v", page)
	}
	if got := effective(css)["Cache-Control"]; got != "public, max-age=31536000, immutable" {
		t.Errorf("%s Cache-Control = %q, want a year, immutable", css, got)
	}
	api := effective("/api/486.json")
	if api["Access-Control-Allow-Origin"] != "*" || !strings.HasPrefix(api["Content-Type"], "application/json") {
		t.Errorf("/api/486.json headers = %v; want open CORS and JSON", api)
	}
}

// outputFiles lists the URL path of every file under dir.
func outputFiles(t *testing.T, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, "/"+filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// matches reports whether a Netlify path pattern (exact, or ending in a
// splat "*") matches urlPath.
func matches(pattern, urlPath string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(urlPath, prefix)
	}
	return pattern == urlPath
}

func anyMatch(pattern string, files []string) bool {
	for _, f := range files {
		if matches(pattern, f) || matches(pattern, strings.TrimSuffix(f, "index.html")) {
			return true
		}
	}
	return false
}

// served reports whether URL path u is answered by a built file.
func served(u string, files []string) bool {
	for _, f := range files {
		if f == u || f == path.Join(u, "index.html") {
			return true
		}
	}
	return false
}

// readRedirects returns the targets of a _redirects file.
func readRedirects(t *testing.T, file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 2 {
			t.Fatalf("_redirects: malformed line %q", sc.Text())
		}
		targets = append(targets, f[1])
	}
	if len(targets) == 0 {
		t.Fatal("_redirects has no rules")
	}
	return targets
}
