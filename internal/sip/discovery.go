package sip

import (
	"cmp"
	"encoding/xml"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sipcodes/sipcodes/internal/jsonenc"
	"github.com/sipcodes/sipcodes/internal/site"
)

// What lets browsers, search engines and feed readers find the site, and
// where each lives on it: the Atom feed of reviews, the OpenSearch
// description (the address bar's site search, answered by the home page's
// /?q=), the web app manifest and its icons, and one Open Graph image
// for each kind of page. The PNGs are static files under content/, made
// by scripts/icons.sh; a site without them gets no link to them.
const (
	feedPath       = "feed.xml"
	openSearchPath = "opensearch.xml"
	manifestPath   = "manifest.webmanifest"
	touchIconPath  = "apple-touch-icon.png" // where iOS looks even without a link
	feedEntries    = 50                     // the newest reviews the feed lists

	// themeLight and themeDark are the page backgrounds of assets/site.css,
	// for the browser's toolbar and the manifest.
	themeLight = "#ffffff"
	themeDark  = "#0d1117"
)

// appIcons are the manifest's icons, under content/.
var appIcons = []struct{ file, sizes, purpose string }{
	{"icons/icon-192.png", "192x192", "any"},
	{"icons/icon-512.png", "512x512", "any"},
	{"icons/maskable-512.png", "512x512", "maskable"},
}

// ogImages is the 1200×630 image of each kind of page, under content/;
// kinds not listed, or whose image the site lacks, get ogDefault.
var ogImages = map[string]string{
	"home": "og/home.png", "code": "og/code.png", "class": "og/class.png",
	"cause": "og/cause.png", "causes": "og/cause.png", "wild": "og/wild.png", "wilds": "og/wild.png",
	"explain": "og/explain.png",
}

const ogDefault = "og/page.png"

// Head is what the layouts add to every page's head: the links to the
// feed, the OpenSearch description, the manifest and the touch icon, the
// theme colours and the Open Graph image, the same on every page of a kind
// (layouts/partials/head-kind.html), and the page's JSON-LD (head.html).
type Head struct {
	Feed, OpenSearch, Manifest string // site paths
	TouchIcon                  string // site path, or "" when the site has none
	ThemeLight, ThemeDark      string
	OGImage                    string // absolute URL, or "" when the site has none for the kind
	OGImageAlt                 string
	// JSONLD is the page's structured data (schema.org), encoded by
	// encoding/json, which escapes <, > and &, so that no value can end
	// the script element; "" for the 404 page.
	JSONLD template.JS
}

// discovery is what every page's Head is made from.
type discovery struct {
	baseURL, title, description string
	static                      map[string][]byte
	class                       func(name string) (title, url string) // "" when the class has no page
	causeIndex, wildIndex       string
}

func newDiscovery(s *site.Site, v *views) *discovery {
	d := &discovery{baseURL: s.BaseURL, static: s.Static, causeIndex: v.causeIndex, wildIndex: v.wildIndex}
	if s.Settings != nil {
		d.title, d.description = s.Settings.Title, s.Settings.Description
	}
	d.class = func(name string) (string, string) {
		if c := v.byClass[name]; c != nil && c.Title != "" {
			return c.Name + " " + c.Title, c.URL
		}
		return "", ""
	}
	return d
}

// has reports whether content/ holds the static file name.
func (d *discovery) has(name string) bool { _, ok := d.static[name]; return ok }

// abs is the absolute URL of a site path.
func (d *discovery) abs(p string) string { return d.baseURL + p }

// head returns the head additions of page p.
func (d *discovery) head(p *site.Page) *Head {
	h := &Head{Feed: "/" + feedPath, OpenSearch: "/" + openSearchPath, Manifest: "/" + manifestPath, ThemeLight: themeLight, ThemeDark: themeDark}
	if d.has(touchIconPath) {
		h.TouchIcon = "/" + touchIconPath
	}
	for _, img := range []string{ogImages[p.Kind], ogDefault} {
		if img != "" && d.has(img) {
			h.OGImage, h.OGImageAlt = d.abs("/"+img), d.title
			break
		}
	}
	if p.Kind != "404" {
		h.JSONLD = d.jsonLD(p, h.OGImage)
	}
	return h
}

// jsonLD is the structured data of page p: the WebSite, with its search,
// on the home page; on every other page a TechArticle, part of that
// WebSite, with a BreadcrumbList of the crumbs the page shows, and for a
// code or a cause the DefinedTerm it is about, in its DefinedTermSet. It
// says only what search engines use: it costs every page its bytes.
func (d *discovery) jsonLD(p *site.Page, image string) template.JS {
	home := d.abs("/")
	var graph []any
	if p.Kind == "home" {
		graph = append(graph, jsonenc.Obj(
			"@type", "WebSite", "@id", home+"#website", "url", home, "name", d.title,
			"description", d.description, "inLanguage", "en",
			"potentialAction", jsonenc.Obj(
				"@type", "SearchAction",
				"target", jsonenc.Obj("@type", "EntryPoint", "urlTemplate", home+"?q={search_term_string}"),
				"query-input", "required name=search_term_string",
			),
		))
	} else {
		canonical := d.abs(escapePath(p.URL))
		article := jsonenc.Obj(
			"@type", "TechArticle", "url", canonical, "headline", headline(p), "description", p.Summary,
			"isPartOf", jsonenc.Obj("@id", home+"#website"),
		)
		if m, ok := p.Meta.(site.LastModifier); ok && m.LastModified() != "" {
			article = append(article, jsonenc.Field{Key: "dateModified", Value: m.LastModified()})
		}
		if image != "" {
			article = append(article, jsonenc.Field{Key: "image", Value: image})
		}
		if term := d.term(p, canonical); term != nil {
			article = append(article, jsonenc.Field{Key: "about", Value: term})
		}
		graph = append(graph, article, d.breadcrumbs(p, canonical))
	}
	return template.JS(jsonenc.Append(make([]byte, 0, 1024), jsonenc.Obj("@context", "https://schema.org", "@graph", graph)))
}

// headline is the page's title as its h1 and og:title say it.
func headline(p *site.Page) string {
	if p.Kind == "code" {
		return "SIP " + p.Title
	}
	return p.Title
}

// term is the DefinedTerm a code or cause page defines, or nil.
func (d *discovery) term(p *site.Page, canonical string) jsonenc.Object {
	var code, name, set, setURL string
	switch m := p.Meta.(type) {
	case *Code:
		code, name, set, setURL = strconv.Itoa(m.Code), m.Reason, "SIP response codes", d.abs("/")
	case *Cause:
		if d.causeIndex == "" {
			return nil
		}
		code, name, set, setURL = strconv.Itoa(m.Cause), m.Name, "Q.850 cause values", d.abs(d.causeIndex)
	default:
		return nil
	}
	// Its description is the article's: pages carry the summary once.
	return jsonenc.Obj(
		"@type", "DefinedTerm", "termCode", code, "name", name, "url", canonical,
		"inDefinedTermSet", jsonenc.Obj("@type", "DefinedTermSet", "name", set, "url", setURL),
	)
}

// breadcrumbs is the trail the page's crumbs show: all codes, the class
// of a code, the list of causes or of wild pages, then the page.
func (d *discovery) breadcrumbs(p *site.Page, canonical string) jsonenc.Object {
	type crumb struct{ name, url string }
	trail := []crumb{{"All codes", d.abs("/")}}
	switch m := p.Meta.(type) {
	case *Code:
		if title, u := d.class(ClassOf(m.Code)); u != "" {
			trail = append(trail, crumb{title, d.abs(u)})
		}
	case *Cause:
		if d.causeIndex != "" {
			trail = append(trail, crumb{"Q.850 causes", d.abs(d.causeIndex)})
		}
	case *Wild:
		if d.wildIndex != "" {
			trail = append(trail, crumb{"Seen in the wild", d.abs(d.wildIndex)})
		}
	}
	trail = append(trail, crumb{headline(p), canonical})
	items := make([]any, 0, len(trail))
	for i, c := range trail {
		items = append(items, jsonenc.Obj("@type", "ListItem", "position", i+1, "name", c.name, "item", c.url))
	}
	return jsonenc.Obj("@type", "BreadcrumbList", "itemListElement", items)
}

// escapePath escapes a site path as the canonical link does.
func escapePath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// changeNote is the page's note on what its last review changed.
func (c *Code) changeNote() string  { return c.Change }
func (c *Cause) changeNote() string { return c.Change }
func (w *Wild) changeNote() string  { return w.Change }

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string       `xml:"id"`
	Title    string       `xml:"title"`
	Updated  string       `xml:"updated"`
	Link     atomLink     `xml:"link"`
	Category atomCategory `xml:"category"`
	Summary  string       `xml:"summary"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// feed is the Atom feed of changes: the feedEntries most recently
// reviewed pages, newest first (of one day, those with a change note
// first, then in URL order), each
// entry's id its page's URL, so that a page reviewed again is the same
// entry updated; its summary is the page's change note, or, without one,
// its summary. The feed's updated is the newest review's date.
func feed(s *site.Site, title string) ([]byte, error) {
	type item struct {
		p          *site.Page
		date, note string
	}
	var items []item
	for _, p := range s.Pages {
		if m, ok := p.Meta.(site.LastModifier); ok && m.LastModified() != "" {
			it := item{p: p, date: m.LastModified()}
			if n, ok := p.Meta.(interface{ changeNote() string }); ok {
				it.note = n.changeNote()
			}
			items = append(items, it)
		}
	}
	noted := func(it item) int {
		if it.note != "" {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(strings.Compare(b.date, a.date), noted(a)-noted(b), strings.Compare(a.p.URL, b.p.URL))
	})
	items = items[:min(len(items), feedEntries)]
	home := s.BaseURL + "/"
	f := atomFeed{
		ID: home, Title: title + ": changes", Sub: "Pages of " + title + " as they are reviewed: what changed, newest first.",
		Author: atomPerson{Name: title, URI: home},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.BaseURL + "/" + feedPath},
			{Rel: "alternate", Type: "text/html", Href: home},
		},
		Updated: "1970-01-01T00:00:00Z", // no page has a date: a fixed one, never the clock
	}
	if len(items) > 0 {
		f.Updated = items[0].date + "T00:00:00Z"
	}
	for _, it := range items {
		u := s.BaseURL + escapePath(it.p.URL)
		e := atomEntry{
			ID: u, Title: headline(it.p), Updated: it.date + "T00:00:00Z",
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: u}, Category: atomCategory{Term: it.p.Kind},
			Summary: it.p.Summary,
		}
		if it.note != "" {
			e.Summary = "Reviewed " + it.date + ": " + it.note
		}
		f.Entries = append(f.Entries, e)
	}
	return site.EncodeXML(f)
}

// openSearch is an OpenSearch 1.1 description document.
type openSearch struct {
	XMLName     xml.Name        `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName   string          `xml:"ShortName"`
	Description string          `xml:"Description"`
	Encoding    string          `xml:"InputEncoding"`
	Image       *openSearchImg  `xml:"Image,omitempty"`
	URLs        []openSearchURL `xml:"Url"`
}

type openSearchImg struct {
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
	Type   string `xml:"type,attr"`
	URL    string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

// openSearchFile lets a browser search the site from its address bar:
// the home page answers /?q=TERMS with the search box filled in.
func openSearchFile(s *site.Site, d *discovery, short string) ([]byte, error) {
	o := openSearch{
		ShortName: short, Description: "Search " + d.title + ": a code, a reason phrase or a Q.850 cause", Encoding: "UTF-8",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: s.BaseURL + "/?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: s.BaseURL + "/" + openSearchPath},
		},
	}
	if d.has(appIcons[0].file) {
		o.Image = &openSearchImg{Width: 192, Height: 192, Type: "image/png", URL: d.abs("/" + appIcons[0].file)}
	}
	return site.EncodeXML(o)
}

// manifest is the web app manifest: the name, colours and icons a
// browser shows for the site when it is added to a home screen.
func manifest(s *site.Site, d *discovery, short string) any {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
	}
	icons := []icon{}
	for _, ic := range appIcons {
		if d.has(ic.file) {
			icons = append(icons, icon{Src: s.BasePath + "/" + ic.file, Sizes: ic.sizes, Type: "image/png", Purpose: ic.purpose})
		}
	}
	return struct {
		Name        string `json:"name"`
		ShortName   string `json:"short_name"`
		Description string `json:"description"`
		ID          string `json:"id"`
		StartURL    string `json:"start_url"`
		Scope       string `json:"scope"`
		Display     string `json:"display"`
		Theme       string `json:"theme_color"`
		Background  string `json:"background_color"`
		Icons       []icon `json:"icons"`
	}{d.title, short, d.description, s.BasePath + "/", s.BasePath + "/", s.BasePath + "/", "minimal-ui", themeLight, themeLight, icons}
}
