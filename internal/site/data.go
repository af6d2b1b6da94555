package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/search"
)

// renderData adds the machine-readable files: the search index, the JSON
// API, the sitemap, robots.txt and the Netlify _redirects aliases.
func (s *Site) renderData(out Output) error {
	idx, err := search.Index(s.searchEntries())
	if err != nil {
		return fmt.Errorf("search.json: %v", err)
	}
	out["search.json"] = idx

	var all []apiCode
	for _, p := range s.Codes {
		a := s.apiCode(p)
		data, err := json.MarshalIndent(a, "", "  ")
		if err != nil {
			return fmt.Errorf("api/%d.json: %v", a.Code.Code, err)
		}
		out[fmt.Sprintf("api/%d.json", a.Code.Code)] = append(data, '\n')
		all = append(all, a)
	}
	if all == nil {
		all = []apiCode{}
	}
	data, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return fmt.Errorf("api/codes.json: %v", err)
	}
	out["api/codes.json"] = append(data, '\n')

	if err := s.sitemaps(out); err != nil {
		return err
	}
	out["robots.txt"] = fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", s.BaseURL)
	out["_redirects"] = s.redirects()
	return nil
}

func (s *Site) searchEntries() []search.Entry {
	var entries []search.Entry
	for _, p := range s.Codes {
		c := p.Code
		e := search.Entry{
			Code: c.Code, Reason: c.Reason, Summary: c.Summary, Aliases: c.AlsoKnownAs,
			Q850: append([]int(nil), c.Q850From...), Class: content.ClassOf(c.Code), URL: s.BasePath + PageURL(p),
		}
		if c.Q850 != nil {
			e.Q850 = append(e.Q850, *c.Q850)
		}
		if c.Status != "current" {
			e.Status = c.Status
		}
		entries = append(entries, e)
	}
	for _, name := range classNames {
		if p := s.Classes[name]; p != nil {
			entries = append(entries, search.Entry{Reason: name + " " + p.Class.Title, Summary: p.Class.Summary, Class: name, URL: s.BasePath + PageURL(p)})
		}
	}
	for _, p := range s.Plain {
		entries = append(entries, search.Entry{Reason: p.Plain.Title, Summary: p.Plain.Summary, URL: s.BasePath + PageURL(p)})
	}
	return entries
}

// apiCode is one code in the JSON API: the front matter under its own key
// names, plus class and absolute url. Lists are [] rather than null.
type apiCode struct {
	content.Code
	Class string `json:"class"`
	URL   string `json:"url"`
}

func (s *Site) apiCode(p *content.Page) apiCode {
	c := *p.Code
	c.AlsoKnownAs = nonNil(c.AlsoKnownAs)
	c.Methods = nonNil(c.Methods)
	c.Related = nonNil(c.Related)
	return apiCode{Code: c, Class: content.ClassOf(c.Code), URL: s.BaseURL + PageURL(p)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every page with its absolute URL; code pages carry the date
// they were last reviewed.
func (s *Site) sitemap() ([]sitemapURL, error) {
	set := urlset{URLs: []sitemapURL{{Loc: s.BaseURL + "/"}}}
	for _, name := range classNames {
		if p := s.Classes[name]; p != nil {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + escapePath(PageURL(p))})
		}
	}
	for _, p := range s.Codes {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + escapePath(PageURL(p)), LastMod: p.Code.Reviewed})
	}
	for _, p := range s.Plain {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.BaseURL + escapePath(PageURL(p))})
	}
	return set.URLs, nil
}

// sitemapLimit is the most URLs one sitemap file may list (sitemaps.org).
var sitemapLimit = 50_000

// sitemaps writes sitemap.xml: the sitemap itself, or, for a site of more
// than sitemapLimit pages, an index of sitemap-1.xml, sitemap-2.xml, ...
// that list them in order.
func (s *Site) sitemaps(out Output) error {
	urls, err := s.sitemap()
	if err != nil {
		return err
	}
	if len(urls) <= sitemapLimit {
		out["sitemap.xml"], err = encodeXML(urlset{URLs: urls})
		return err
	}
	var index sitemapIndex
	for n := 1; len(urls) > 0; n++ {
		part := urls[:min(sitemapLimit, len(urls))]
		urls = urls[len(part):]
		name := fmt.Sprintf("sitemap-%d.xml", n)
		if out[name], err = encodeXML(urlset{URLs: part}); err != nil {
			return err
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: s.BaseURL + "/" + name})
	}
	out["sitemap.xml"], err = encodeXML(index)
	return err
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("sitemap.xml: %v", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// redirects lists the aliases people and old links use for a code or class,
// in Netlify's _redirects format: /codes/486 and /sip-486 lead to /486/.
func (s *Site) redirects() []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by sitegen: aliases of code and class pages.\n")
	for _, name := range classNames {
		if s.Classes[name] != nil {
			fmt.Fprintf(&b, "%[1]s/classes/%[2]s %[1]s/%[2]s/ 301\n", s.BasePath, name)
		}
	}
	for _, p := range s.Codes {
		c := p.Code.Code
		fmt.Fprintf(&b, "%[1]s/codes/%[2]d %[1]s/%[2]d/ 301\n%[1]s/sip-%[2]d %[1]s/%[2]d/ 301\n%[1]s/%[2]d.html %[1]s/%[2]d/ 301\n", s.BasePath, c)
	}
	return b.Bytes()
}

// escapePath percent-encodes a site path for places that want a URL, not
// text: the sitemap (whose protocol asks for escaped URLs) and og:url.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }
