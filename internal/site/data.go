package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
)

// File is one output file other than a page or an asset: a sitemap, an
// API document, a redirects table.
type File struct {
	Name string // slash path under the output directory, "api/notes.json"
	Data []byte
	// Type is the media type, by which a minifying build minifies the
	// file: "application/json", "text/xml". Files of other types, or
	// none, are written as they are.
	Type string
}

// siteFiles makes the files every site has: the sitemap (an index of
// sitemaps past sitemapLimit pages) and robots.txt.
func (s *Site) siteFiles() ([]File, error) {
	files, err := s.sitemaps()
	if err != nil {
		return nil, err
	}
	robots := fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", s.BaseURL)
	return append(files, File{Name: "robots.txt", Data: robots, Type: "text/plain"}), nil
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// LastModifier is front matter that knows when its page last changed in
// substance, for the sitemap: a date like 2026-11-24.
type LastModifier interface {
	LastModified() string
}

// sitemap lists every listed page with its absolute URL, in URL order.
func (s *Site) sitemap() []sitemapURL {
	var urls []sitemapURL
	for _, p := range s.Pages {
		if !p.listed {
			continue
		}
		u := sitemapURL{Loc: s.BaseURL + escapePath(p.URL)}
		if m, ok := p.Meta.(LastModifier); ok {
			u.LastMod = m.LastModified()
		}
		urls = append(urls, u)
	}
	return urls
}

// sitemapLimit is the most URLs one sitemap file may list (sitemaps.org).
var sitemapLimit = 50_000

// sitemaps makes sitemap.xml: the sitemap itself, or, for a site of more
// than sitemapLimit pages, an index of sitemap-1.xml, sitemap-2.xml, ...
// that list them in order.
func (s *Site) sitemaps() ([]File, error) {
	urls := s.sitemap()
	if len(urls) <= sitemapLimit {
		return []File{{Name: "sitemap.xml", Data: encodeURLSet(urls), Type: "text/xml"}}, nil
	}
	var files []File
	var index sitemapIndex
	for n := 1; len(urls) > 0; n++ {
		part := urls[:min(sitemapLimit, len(urls))]
		urls = urls[len(part):]
		name := fmt.Sprintf("sitemap-%d.xml", n)
		files = append(files, File{Name: name, Data: encodeURLSet(part), Type: "text/xml"})
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.BaseURL + "/" + name})
	}
	data, err := EncodeXML(index)
	if err != nil {
		return nil, fmt.Errorf("sitemap.xml: %v", err)
	}
	return append(files, File{Name: "sitemap.xml", Data: data, Type: "text/xml"}), nil
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// encodeURLSet is EncodeXML(urlset{URLs: urls}), written out by hand: at
// 10,000 pages encoding/xml's reflection was a tenth of a rebuild in watch
// mode. TestEncodeURLSet holds the two to the same bytes.
func encodeURLSet(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(xml.Header) + 100 + 80*len(urls))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		b.WriteString("\n  <url>\n    <loc>")
		xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if u.LastMod != "" {
			b.WriteString("\n    <lastmod>")
			xml.EscapeText(&b, []byte(u.LastMod))
			b.WriteString("</lastmod>")
		}
		b.WriteString("\n  </url>")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// EncodeXML is an XML document, indented, with its declaration: the form
// of the files a site generates (sitemaps; a schema's feeds).
func EncodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// escapePath percent-encodes a site path for places that want a URL, not
// text: the sitemap (whose protocol asks for escaped URLs) and og:url.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }
