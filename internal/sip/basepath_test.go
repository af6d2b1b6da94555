package sip

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
	nethtml "golang.org/x/net/html"
)

// A site built for a base URL with a path works when served under that
// path: every link, asset and search result of every page stays inside it
// and leads to something (reliability review F8).
func TestServedUnderBasePath(t *testing.T) {
	out := build(t, sitetest.Archive(t, "testdata/basic.txtar"), site.Options{Minify: true, BaseURL: "https://example.org/sip"})
	srv := httptest.NewServer(http.StripPrefix("/sip", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		data, ok := out[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	})))
	defer srv.Close()

	get := func(u string) (int, []byte) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	seen := map[string]bool{}
	queue := []string{"/sip/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		status, body := get(srv.URL + p)
		if status != 200 {
			t.Errorf("GET %s: %d", p, status)
			continue
		}
		if !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
			continue
		}
		base, _ := url.Parse(srv.URL + p)
		for _, link := range links(body) {
			u, err := base.Parse(link)
			if err != nil || u.Host != base.Host {
				continue
			}
			if !strings.HasPrefix(u.Path, "/sip/") {
				t.Errorf("%s links %s, outside /sip/", p, link)
				continue
			}
			queue = append(queue, u.Path)
		}
	}
	if len(seen) < 10 {
		t.Errorf("crawled only %d URLs: %v", len(seen), seen)
	}

	// The search index, the redirects and the script's index fetch.
	var idx []struct {
		URL string `json:"url"`
	}
	_, body := get(srv.URL + "/sip/search.json")
	if err := json.Unmarshal(body, &idx); err != nil || len(idx) == 0 {
		t.Fatalf("search.json: %v, %d entries", err, len(idx))
	}
	for _, e := range idx {
		if status, _ := get(srv.URL + e.URL); !strings.HasPrefix(e.URL, "/sip/") || status != 200 {
			t.Errorf("search.json entry %s: %d", e.URL, status)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out["_redirects"])), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) != 3 || !strings.HasPrefix(f[0], "/sip/") || !strings.HasPrefix(f[1], "/sip/") {
			t.Errorf("_redirects: %q, want both sides under /sip/", line)
		} else if status, _ := get(srv.URL + f[1]); status != 200 {
			t.Errorf("_redirects: %q leads to %d", line, status)
		}
	}
	doc, _ := nethtml.Parse(strings.NewReader(string(out["index.html"])))
	if got := attr(doc, "html", "data-base"); got != "/sip" {
		t.Errorf(`<html data-base=%q>, want "/sip" (site.js fetches the index from it)`, got)
	}
}

// attr returns the attribute key of the first element named tag in n.
func attr(n *nethtml.Node, tag, key string) string {
	if n.Type == nethtml.ElementNode && n.Data == tag {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if v := attr(c, tag, key); v != "" {
			return v
		}
	}
	return ""
}

// links returns the href and src values of an HTML document, as the
// tokenizer reads them.
func links(doc []byte) []string {
	var out []string
	z := nethtml.NewTokenizer(bytes.NewReader(doc))
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return out
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, a.Val)
				}
			}
		}
	}
}
