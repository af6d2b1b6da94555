package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// site writes a small built site and, beside it, a secret that must never
// be served.
func site(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	files := map[string]string{
		"index.html":          "<html><head><title>home</title></head><body>home</body></html>",
		"486/index.html":      "<html><head></head><body>busy</body></html>",
		"404.html":            "<html><head></head><body>not here</body></html>",
		"assets/site.abc.css": "body{}",
		"api/486.json":        `{"code":486}`,
		"empty-dir/.keep":     "",
		"../secret.txt":       "secret",
	}
	for name, text := range files {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(parent, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestServeFiles(t *testing.T) {
	srv := httptest.NewServer(New(site(t), "127.0.0.1:0"))
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path, status, contentType, body string
	}{
		{"/", "200", "text/html; charset=utf-8", "home"},
		{"/486/", "200", "text/html; charset=utf-8", "busy"},
		{"/486", "301", "", ""},
		{"/assets/site.abc.css", "200", "text/css; charset=utf-8", "body{}"},
		{"/api/486.json", "200", "application/json", `{"code":486}`},
		{"/nope/", "404", "text/html; charset=utf-8", "not here"},
		{"/empty-dir/", "404", "text/html; charset=utf-8", "not here"}, // no listings
		{"/assets/", "404", "text/html; charset=utf-8", "not here"},
		{"/../secret.txt", "404", "", "not here"},
		{"/%2e%2e/secret.txt", "404", "", "not here"},
		{"/%2e%2e%2fsecret.txt", "404", "", "not here"},
		{"/link.txt", "404", "", "not here"}, // a symlink out of the directory
		{"/up/secret.txt", "404", "", "not here"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		req.URL.Opaque = tt.path // send the path exactly as written
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Status[:3]; got != tt.status {
			t.Errorf("GET %s: status %s, want %s", tt.path, got, tt.status)
		}
		if tt.contentType != "" && resp.Header.Get("Content-Type") != tt.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.contentType)
		}
		if !strings.Contains(string(body), tt.body) || strings.Contains(string(body), "secret") {
			t.Errorf("GET %s: body %q, want %q", tt.path, body, tt.body)
		}
		if resp.Header.Get("Cache-Control") != "no-cache" && tt.status == "200" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", tt.path, resp.Header.Get("Cache-Control"))
		}
		if tt.status != "301" && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") != strings.Contains(string(body), ScriptPath) {
			t.Errorf("GET %s: reload script injected into the wrong responses: %q", tt.path, body)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	srv := httptest.NewServer(New(site(t), "127.0.0.1:0"))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/486/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" || resp.Header.Get("Last-Modified") == "" {
		t.Fatalf("no validators: %v", resp.Header)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/486/", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag: %s, want 304", resp.Status)
	}
}

func TestInject(t *testing.T) {
	got := string(inject([]byte("<html><head><title>x</title></head><body></body></html>")))
	want := `<html><head><title>x</title>` + string(reloadTag) + `</head><body></body></html>`
	if got != want {
		t.Errorf("inject = %s", got)
	}
	if got := string(inject([]byte("<p>no head"))); !strings.HasPrefix(got, string(reloadTag)) {
		t.Errorf("inject without </head> = %s", got)
	}
}

// TestContentTypes holds the table to what browsers need: with nosniff, a
// font, image or module served as application/octet-stream is refused.
func TestContentTypes(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"a.html":             "text/html; charset=utf-8",
		"a.css":              "text/css; charset=utf-8",
		"a.js":               "text/javascript; charset=utf-8",
		"a.mjs":              "text/javascript; charset=utf-8",
		"a.json":             "application/json",
		"a.svg":              "image/svg+xml",
		"a.png":              "image/png",
		"a.jpg":              "image/jpeg",
		"a.jpeg":             "image/jpeg",
		"UPPER.JPG":          "image/jpeg",
		"a.gif":              "image/gif",
		"a.webp":             "image/webp",
		"a.avif":             "image/avif",
		"a.ico":              "image/x-icon",
		"a.woff2":            "font/woff2",
		"a.woff":             "font/woff",
		"a.ttf":              "font/ttf",
		"a.mp4":              "video/mp4",
		"a.webm":             "video/webm",
		"a.mp3":              "audio/mpeg",
		"a.pdf":              "application/pdf",
		"a.wasm":             "application/wasm",
		"site.webmanifest":   "application/manifest+json",
		"a.xml":              "application/xml",
		"a.txt":              "text/plain; charset=utf-8",
		"a.unknown-to-sites": "application/octet-stream",
		"no-extension":       "application/octet-stream",
	}
	for name := range tests {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(New(dir, "127.0.0.1:0"))
	defer srv.Close()
	for name, want := range tests {
		resp, err := http.Get(srv.URL + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || got != want {
			t.Errorf("GET /%s: %s, Content-Type %q, want %q", name, resp.Status, got, want)
		}
	}
}

// TestLargeFiles: a file is streamed from disk, not read whole per request,
// and still answers conditional and range requests. HTML too large to read
// whole is sent as it is, without the reload script.
func TestLargeFiles(t *testing.T) {
	dir := site(t)
	const size = 64 << 20
	sparse := func(name, head string, size int64) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(head); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // a hole: no disk, no time
			t.Fatal(err)
		}
	}
	sparse("video.mp4", "", size)
	sparse("huge.html", "<html><head></head>", maxInject+1)
	srv := httptest.NewServer(New(dir, "127.0.0.1:0"))
	defer srv.Close()

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, err := http.Get(srv.URL + "/video.mp4")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	runtime.ReadMemStats(&after)
	if n != size || resp.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("GET /video.mp4: %d bytes of %s, want %d of video/mp4", n, resp.Header.Get("Content-Type"), size)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("serving a %d MiB file allocated %d MiB: it was read into memory", size>>20, alloc>>20)
	}

	req, _ := http.NewRequest("GET", srv.URL+"/video.mp4", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag %q: %v %v, want 304", resp.Header.Get("ETag"), resp.Status, err)
	} else {
		resp.Body.Close()
	}
	req.Header.Del("If-None-Match")
	req.Header.Set("Range", "bytes=1000-1099")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || len(body) != 100 {
		t.Errorf("Range: %s with %d bytes, want 206 with 100", resp.Status, len(body))
	}

	resp, err = http.Get(srv.URL + "/huge.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(body) != maxInject+1 || bytes.Contains(body, reloadTag) || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET /huge.html: %s, %d bytes of %s, want the file as it is", resp.Status, len(body), resp.Header.Get("Content-Type"))
	}
}

// TestValidatorsFollowRewrites: a file rewritten within the same second
// gets a new ETag, so the browser does not keep the old one with a 304.
func TestValidatorsFollowRewrites(t *testing.T) {
	dir := site(t)
	file := filepath.Join(dir, "assets/site.abc.css")
	srv := httptest.NewServer(New(dir, "127.0.0.1:0"))
	defer srv.Close()
	etag := func() string {
		resp, err := http.Get(srv.URL + "/assets/site.abc.css")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("ETag")
	}
	sec := time.Now().Truncate(time.Second)
	if err := os.Chtimes(file, sec, sec.Add(1)); err != nil {
		t.Fatal(err)
	}
	first := etag()
	if err := os.WriteFile(file, []byte("body{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, sec, sec.Add(2)); err != nil {
		t.Fatal(err)
	}
	if second := etag(); first == "" || second == first {
		t.Errorf("ETag %q before a rewrite in the same second, %q after", first, second)
	}
}
