package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHostCheck(t *testing.T) {
	dir := site(t)
	tests := []struct {
		addr, host string
		ok         bool
	}{
		// Loopback names are always this server's.
		{"127.0.0.1:1313", "127.0.0.1:1313", true},
		{"127.0.0.1:1313", "localhost:1313", true},
		{"127.0.0.1:1313", "LocalHost.:1313", true},
		{"127.0.0.1:1313", "docs.localhost:1313", true},
		{"127.0.0.1:1313", "127.9.8.7", true},
		{"127.0.0.1:1313", "[::1]:1313", true},
		{"127.0.0.1:1313", "[::ffff:127.0.0.1]:1313", true},
		{"", "localhost", true},
		// A name that resolves to loopback is not: that is DNS rebinding.
		{"127.0.0.1:1313", "evil.example:1313", false},
		{"127.0.0.1:1313", "evil.example", false},
		{"127.0.0.1:1313", "localhost.evil.example", false},
		{"127.0.0.1:1313", "127.0.0.1.nip.io:1313", false},
		{"localhost:1313", "evil.example:1313", false},
		{"[::1]:1313", "evil.example:1313", false},
		{"127.0.0.1:1313", "10.0.0.5:1313", false},
		{"127.0.0.1:1313", "", false},
		{"", "evil.example", false},
		// A server on one address answers that one too.
		{"192.168.1.9:1313", "192.168.1.9:1313", true},
		{"192.168.1.9:1313", "10.0.0.5:1313", false},
		{"[fd00::9]:1313", "[fd00::9]:1313", true},
		// On every interface, or on a name, any IP address and the name.
		{":1313", "192.168.1.9:1313", true},
		{"0.0.0.0:1313", "[fe80::1]:1313", true},
		{"[::]:1313", "10.0.0.5", true},
		{":1313", "evil.example:1313", false},
		{"box.lan:1313", "BOX.LAN:1313", true},
		{"box.lan:1313", "192.168.1.9:1313", true},
		{"box.lan:1313", "evil.example:1313", false},
	}
	for _, tt := range tests {
		for _, path := range []string{"/", StatusPath, ScriptPath} {
			req := httptest.NewRequest("GET", path, nil)
			req.Host = tt.host
			w := httptest.NewRecorder()
			New(dir, tt.addr).ServeHTTP(w, req)
			if got := w.Code != http.StatusForbidden; got != tt.ok {
				t.Errorf("--addr %q, GET %s with Host %q: %d %q, want allowed=%v", tt.addr, path, tt.host, w.Code, w.Body, tt.ok)
			}
			if !tt.ok && !strings.Contains(w.Body.String(), "not this server's name") {
				t.Errorf("--addr %q, Host %q: refused without saying why: %q", tt.addr, tt.host, w.Body)
			}
		}
	}
}

// TestRebinding replays the report's attack over the network: the request
// reaches 127.0.0.1 but names the attacker's host.
func TestRebinding(t *testing.T) {
	srv := httptest.NewServer(New(site(t), "127.0.0.1:0"))
	defer srv.Close()
	for _, path := range []string{"/", "/486/", StatusPath, ScriptPath} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Host = "evil.example"
		req.Header.Set("Origin", "http://evil.example")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("GET %s with Host evil.example: %s %s %q, want a plain-text 403", path, resp.Status, resp.Header.Get("Content-Type"), body)
		}
		if strings.Contains(string(body), "busy") || strings.Contains(string(body), "builds") || strings.Contains(string(body), "EventSource") {
			t.Errorf("GET %s with Host evil.example: leaked %q", path, body)
		}
	}
}

func TestOriginCheck(t *testing.T) {
	s := New(site(t), "127.0.0.1:1313")
	tests := []struct {
		path, host, origin string
		ok                 bool
	}{
		{StatusPath, "127.0.0.1:1313", "", true},
		{StatusPath, "127.0.0.1:1313", "http://127.0.0.1:1313", true},
		{StatusPath, "localhost:1313", "http://LOCALHOST:1313", true},
		{StatusPath, "localhost", "http://localhost:80", true},
		{ScriptPath, "127.0.0.1:1313", "http://127.0.0.1:1313", true},
		{StatusPath, "127.0.0.1:1313", "http://evil.example", false},
		{StatusPath, "127.0.0.1:1313", "http://localhost:1313", false}, // another origin, same machine
		{StatusPath, "127.0.0.1:1313", "http://127.0.0.1:3000", false},
		{StatusPath, "127.0.0.1:1313", "https://127.0.0.1:1313", false},
		{StatusPath, "127.0.0.1:1313", "null", false},
		{ScriptPath, "127.0.0.1:1313", "http://evil.example", false},
		{EventsPath, "127.0.0.1:1313", "http://evil.example", false},
		{"/__sitegen/other", "127.0.0.1:1313", "http://evil.example", false},
		// Pages and files may be used by other origins, as on a static host.
		{"/486/", "127.0.0.1:1313", "http://evil.example", true},
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel() // so that an event stream let through ends at once
	for _, tt := range tests {
		req := httptest.NewRequestWithContext(gone, "GET", tt.path, nil)
		req.Host = tt.host
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if got := w.Code != http.StatusForbidden; got != tt.ok {
			t.Errorf("GET %s, Host %q, Origin %q: %d %q, want allowed=%v", tt.path, tt.host, tt.origin, w.Code, w.Body, tt.ok)
		}
		if !tt.ok && !strings.Contains(w.Body.String(), "live-reload") {
			t.Errorf("GET %s, Origin %q: refused without saying why: %q", tt.path, tt.origin, w.Body)
		}
	}
}
