package sip

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// discoverySite is the basic test site with the repository's layouts, the
// PNGs scripts/icons.sh makes (any bytes: the build copies them), and a
// page whose summary tries to end the JSON-LD script element.
func discoverySite(t *testing.T) fstest.MapFS {
	fsys := sitetest.WithRepoTrees(t, sitetest.Archive(t, "testdata/basic.txtar"), "layouts", "assets")
	for _, name := range []string{touchIconPath, "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png", "og/home.png", "og/code.png", "og/page.png"} {
		fsys["content/"+name] = &fstest.MapFile{Data: []byte("\x89PNG")}
	}
	fsys["content/guides/escape.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Escape </script> & co\nsummary: \"A summary with </script><script>alert(1)</script> and <!-- in it.\"\n---\nText.\n")}
	return fsys
}

// jsonLDBlocks returns the text of every <script type="application/ld+json">
// of a page, as an HTML parser sees it.
func jsonLDBlocks(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			for _, a := range n.Attr {
				if a.Key == "type" && a.Val == "application/ld+json" {
					var b strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						b.WriteString(c.Data)
					}
					blocks = append(blocks, b.String())
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return blocks
}

// node is a JSON-LD node as decoded.
type node = map[string]any

func graphOf(t *testing.T, name, block string) []node {
	t.Helper()
	var doc struct {
		Context string `json:"@context"`
		Graph   []node `json:"@graph"`
	}
	dec := json.NewDecoder(strings.NewReader(block))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: JSON-LD does not parse: %v\n%s", name, err, block)
	}
	if doc.Context != "https://schema.org" || len(doc.Graph) == 0 {
		t.Fatalf("%s: @context %q, %d nodes", name, doc.Context, len(doc.Graph))
	}
	return doc.Graph
}

func ofType(graph []node, typ string) node {
	for _, n := range graph {
		if n["@type"] == typ {
			return n
		}
	}
	return nil
}

// requireStrings checks that n has every key, each a non-empty string.
func requireStrings(t *testing.T, name string, n node, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if s, _ := n[k].(string); s == "" {
			t.Errorf("%s: %v lacks %s", name, n["@type"], k)
		}
	}
}

// Every page but the 404 has one JSON-LD block that parses, with the
// fields Google's structured data documentation requires: a WebSite with
// its SearchAction on the home page; on the others a TechArticle with
// headline and url, a BreadcrumbList of ListItems numbered from 1 that ends
// at the page, and on a code page the DefinedTerm of the code.
func TestJSONLD(t *testing.T) {
	out := build(t, discoverySite(t), site.Options{})
	base := "https://codes.example"
	pages := 0
	for name, data := range out {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		blocks := jsonLDBlocks(t, data)
		if name == "404.html" {
			if len(blocks) != 0 {
				t.Errorf("404.html: %d JSON-LD blocks, want none (it has no canonical URL)", len(blocks))
			}
			continue
		}
		if len(blocks) != 1 {
			t.Errorf("%s: %d JSON-LD blocks, want 1", name, len(blocks))
			continue
		}
		graph := graphOf(t, name, blocks[0])
		canonical := base + "/" + strings.TrimSuffix(name, "index.html")
		if name == "index.html" {
			ws := ofType(graph, "WebSite")
			if ws == nil {
				t.Fatalf("index.html: no WebSite in %v", graph)
			}
			requireStrings(t, name, ws, "name", "url")
			target, _ := ws["potentialAction"].(node)["target"].(node)
			if got := target["urlTemplate"]; got != base+"/?q={search_term_string}" || ws["potentialAction"].(node)["query-input"] != "required name=search_term_string" {
				t.Errorf("index.html: SearchAction %v", ws["potentialAction"])
			}
			continue
		}
		art := ofType(graph, "TechArticle")
		if art == nil {
			t.Errorf("%s: no TechArticle in %v", name, graph)
			continue
		}
		requireStrings(t, name, art, "headline", "url", "description")
		if art["url"] != canonical {
			t.Errorf("%s: TechArticle url %v, want %s", name, art["url"], canonical)
		}
		if h, _ := art["headline"].(string); len([]rune(h)) > 110 {
			t.Errorf("%s: headline over 110 characters: %q", name, h)
		}
		crumbs := ofType(graph, "BreadcrumbList")
		items, _ := crumbs["itemListElement"].([]any)
		if len(items) < 2 {
			t.Errorf("%s: breadcrumbs %v", name, crumbs)
			continue
		}
		for i, it := range items {
			item := it.(node)
			requireStrings(t, name, item, "name", "item")
			if item["@type"] != "ListItem" || item["position"] != float64(i+1) || !strings.HasPrefix(item["item"].(string), base+"/") {
				t.Errorf("%s: breadcrumb %d: %v", name, i+1, item)
			}
		}
		if last := items[len(items)-1].(node); last["item"] != canonical {
			t.Errorf("%s: the last breadcrumb is %v, want the page", name, last["item"])
		}
	}
	if pages < 8 {
		t.Fatalf("only %d pages", pages)
	}

	graph := graphOf(t, "486", jsonLDBlocks(t, out["486/index.html"])[0])
	art := ofType(graph, "TechArticle")
	if art["dateModified"] != "2026-11-24" || art["headline"] != "SIP 486 Busy Here" || art["image"] != base+"/og/code.png" {
		t.Errorf("486: TechArticle %v", art)
	}
	term, _ := art["about"].(node)
	set, _ := term["inDefinedTermSet"].(node)
	if term["@type"] != "DefinedTerm" || term["termCode"] != "486" || term["name"] != "Busy Here" || set["@type"] != "DefinedTermSet" {
		t.Errorf("486: about %v", term)
	}
	var names []string
	for _, it := range ofType(graph, "BreadcrumbList")["itemListElement"].([]any) {
		names = append(names, it.(node)["name"].(string))
	}
	if got := strings.Join(names, " › "); got != "All codes › 4xx Client Error › SIP 486 Busy Here" {
		t.Errorf("486: breadcrumbs %s", got)
	}
	cause := ofType(graphOf(t, "cause 17", jsonLDBlocks(t, out["cause/17/index.html"])[0]), "TechArticle")
	if term, _ := cause["about"].(node); term["termCode"] != "17" || term["name"] != "User busy" {
		t.Errorf("cause 17: about %v", cause["about"])
	}
}

// A summary holding </script> or <!-- cannot end the JSON-LD block or
// change how it parses: encoding/json writes < and > as \u003c and \u003e.
func TestJSONLDEscapes(t *testing.T) {
	out := build(t, discoverySite(t), site.Options{})
	page := out["guides/escape/index.html"]
	blocks := jsonLDBlocks(t, page)
	if len(blocks) != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", len(blocks))
	}
	for _, bad := range []string{"</script", "<script", "<!--"} {
		if strings.Contains(blocks[0], bad) {
			t.Errorf("the JSON-LD holds %q:\n%s", bad, blocks[0])
		}
	}
	art := ofType(graphOf(t, "escape", blocks[0]), "TechArticle")
	if art["description"] != "A summary with </script><script>alert(1)</script> and <!-- in it." || art["headline"] != "Escape </script> & co" {
		t.Errorf("the JSON-LD changed the text: %v", art)
	}
	if strings.Count(string(page), "<script") != 3 { // theme.js, site.js, the JSON-LD
		t.Errorf("the page has %d script tags, want 3", strings.Count(string(page), "<script"))
	}
}

// Every page links the feed, the OpenSearch description, the manifest
// and the touch icon, gives theme colours for light and dark, and the
// image of its kind as an absolute og:image.
func TestHeadLinks(t *testing.T) {
	out := build(t, discoverySite(t), site.Options{})
	for _, tt := range []struct{ page, image string }{
		{"index.html", "https://codes.example/og/home.png"},
		{"486/index.html", "https://codes.example/og/code.png"},
		{"guides/nat/index.html", "https://codes.example/og/page.png"},
		{"404.html", "https://codes.example/og/page.png"},
		{"4xx/index.html", "https://codes.example/og/page.png"}, // no og/class.png in this site
	} {
		page := string(out[tt.page])
		for _, want := range []string{
			`<link rel="alternate" type="application/atom+xml" title="Test codes: changes" href="/feed.xml">`,
			`<link rel="search" type="application/opensearchdescription+xml" title="Test codes" href="/opensearch.xml">`,
			`<link rel="manifest" href="/manifest.webmanifest">`,
			`<link rel="apple-touch-icon" href="/apple-touch-icon.png">`,
			`<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">`,
			`<meta name="theme-color" content="#0d1117" media="(prefers-color-scheme: dark)">`,
			`<meta property="og:image" content="` + tt.image + `">`,
			`<a href="/feed.xml">Changes (Atom feed)</a>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", tt.page, want)
			}
		}
	}
	// A site without the images links none.
	plain := build(t, sitetest.WithRepoTrees(t, sitetest.Archive(t, "testdata/basic.txtar"), "layouts", "assets"), site.Options{})
	for _, bad := range []string{"og:image", "apple-touch-icon"} {
		if strings.Contains(string(plain["486/index.html"]), bad) {
			t.Errorf("a site without images has %s", bad)
		}
	}
}

// Atom 1.0 (RFC 4287), decoded strictly, with the elements the RFC
// requires.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      []string `xml:"http://www.w3.org/2005/Atom id"`
	Title   []string `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomDocLink  `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomDocEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomDocLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomDocEntry struct {
	ID      []string      `xml:"http://www.w3.org/2005/Atom id"`
	Title   []string      `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string      `xml:"http://www.w3.org/2005/Atom updated"`
	Summary string        `xml:"http://www.w3.org/2005/Atom summary"`
	Links   []atomDocLink `xml:"http://www.w3.org/2005/Atom link"`
}

func parseAtom(t *testing.T, data []byte) atomDoc {
	t.Helper()
	var doc atomDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("feed.xml does not parse: %v\n%s", err, data)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if cd, ok := tok.(xml.CharData); err != nil || !ok || len(bytes.TrimSpace(cd)) > 0 {
			t.Fatalf("feed.xml: something after the feed element: %v %v", tok, err)
		}
	}
	one := func(what string, v []string) string {
		if len(v) != 1 || v[0] == "" {
			t.Errorf("feed.xml: %s: %q, want exactly one (RFC 4287 §4.1.1)", what, v)
			return ""
		}
		return v[0]
	}
	rfc3339 := func(what, s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Errorf("feed.xml: %s %q is not an RFC 3339 date (RFC 4287 §3.3)", what, s)
		}
		return d
	}
	one("feed id", doc.ID)
	one("feed title", doc.Title)
	updated := rfc3339("feed updated", one("feed updated", doc.Updated))
	if len(doc.Authors) == 0 || doc.Authors[0].Name == "" {
		t.Errorf("feed.xml: no author with a name, and the entries have none (RFC 4287 §4.1.1)")
	}
	ids := map[string]bool{}
	var last time.Time
	for i, e := range doc.Entries {
		id := one("entry id", e.ID)
		one("entry title", e.Title)
		u := rfc3339("entry updated", one("entry updated", e.Updated))
		if ids[id] {
			t.Errorf("feed.xml: entry id %s twice", id)
		}
		ids[id] = true
		if !slices.ContainsFunc(e.Links, func(l atomDocLink) bool { return l.Rel == "alternate" && l.Href == id }) {
			t.Errorf("feed.xml: entry %s has no alternate link to its page (RFC 4287 §4.1.2: no content, so one is required)", id)
		}
		if i > 0 && u.After(last) {
			t.Errorf("feed.xml: entry %s is newer than the one before it", id)
		}
		if i == 0 && !u.Equal(updated) {
			t.Errorf("feed.xml: updated %v, want the newest entry's %v", updated, u)
		}
		last = u
	}
	return doc
}

// The feed is Atom that RFC 4287's rules accept: newest first, a page's
// entry its URL, its summary the change note when there is one.
func TestFeed(t *testing.T) {
	fsys := discoverySite(t)
	sitetest.Replace(t, fsys, "content/codes/486.md", "reviewed: 2026-11-24", "reviewed: 2026-12-05\nchange: Added the Q.850 cause a gateway sends.")
	out := build(t, fsys, site.Options{})
	doc := parseAtom(t, out["feed.xml"])
	if len(doc.Entries) < 3 {
		t.Fatalf("%d entries", len(doc.Entries))
	}
	first := doc.Entries[0]
	if first.ID[0] != "https://codes.example/486/" || first.Title[0] != "SIP 486 Busy Here" || first.Updated[0] != "2026-12-05T00:00:00Z" {
		t.Errorf("first entry: %+v", first)
	}
	if first.Summary != "Reviewed 2026-12-05: Added the Q.850 cause a gateway sends." {
		t.Errorf("first entry's summary %q", first.Summary)
	}
	if doc.ID[0] != "https://codes.example/" || doc.Updated[0] != "2026-12-05T00:00:00Z" {
		t.Errorf("feed id %v, updated %v", doc.ID, doc.Updated)
	}
	if !slices.ContainsFunc(doc.Links, func(l atomDocLink) bool {
		return l.Rel == "self" && l.Href == "https://codes.example/feed.xml"
	}) {
		t.Errorf("no self link: %+v", doc.Links)
	}
	// The same sources give the same bytes.
	if again := build(t, fsys, site.Options{}); !bytes.Equal(again["feed.xml"], out["feed.xml"]) {
		t.Error("two builds gave two feeds")
	}
	// Minified, it is the same feed.
	min := build(t, fsys, site.Options{Minify: true})
	if m := parseAtom(t, min["feed.xml"]); len(m.Entries) != len(doc.Entries) || m.Entries[0].Summary != first.Summary {
		t.Error("the minified feed says something else")
	}
	// Of one day's reviews, those with a change note come first.
	sitetest.Replace(t, fsys, "content/wild/478.md", "reviewed:", "change: Cites the PBX's source.\nreviewed:")
	if e := parseAtom(t, build(t, fsys, site.Options{})["feed.xml"]).Entries[1]; e.ID[0] != "https://codes.example/wild/478/" {
		t.Errorf("second entry %s, want the wild page with its note before cause 17", e.ID[0])
	}
}

// The feed lists at most feedEntries pages: the newest.
func TestFeedBounded(t *testing.T) {
	fsys := discoverySite(t)
	for i := range feedEntries + 5 {
		fsys["content/wild/x"+string(rune('a'+i/26))+string(rune('a'+i%26))+".md"] = &fstest.MapFile{Data: []byte(
			"---\ntitle: X\nsummary: S.\nseen_as: [\"X\"]\nemitted_by: [pbx]\nsources:\n  - {title: A page, url: https://x.example/}\nreviewed: 2026-10-01\n---\n## In short\n\nA.\n\n## What it means\n\nA.\n\n## Where it comes from\n\nA.\n\n## How to fix\n\nA.\n\n## Related\n\nA.\n")}
	}
	out, _, err := site.NewBuilder(Schema, site.Options{}).BuildOutput(fsys)
	if err != nil {
		t.Fatalf("build:\n%v", err)
	}
	doc := parseAtom(t, out["feed.xml"])
	if len(doc.Entries) != feedEntries {
		t.Errorf("%d entries, want %d", len(doc.Entries), feedEntries)
	}
	// The basic site's pages were reviewed after 2026-10-01: all of them
	// are in, and of the 55 older pages only the first 50 minus those.
	for _, url := range []string{"https://codes.example/486/", "https://codes.example/cause/17/"} {
		if !slices.ContainsFunc(doc.Entries, func(e atomDocEntry) bool {
			return e.ID[0] == url
		}) {
			t.Errorf("the feed dropped %s, newer than the pages it kept", url)
		}
	}
}

// The OpenSearch description gives the address bar the home page's ?q=
// search, under a ShortName of at most 16 characters.
func TestOpenSearch(t *testing.T) {
	out := build(t, discoverySite(t), site.Options{})
	var doc struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		Desc      string   `xml:"Description"`
		Image     string   `xml:"Image"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Rel      string `xml:"rel,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out["opensearch.xml"]))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.ShortName != "Test codes" || doc.Desc == "" || len(doc.Desc) > 1024 || doc.Image != "https://codes.example/icons/icon-192.png" {
		t.Errorf("description: %+v", doc)
	}
	if len(doc.URLs) == 0 || doc.URLs[0].Type != "text/html" || doc.URLs[0].Template != "https://codes.example/?q={searchTerms}" {
		t.Errorf("urls: %+v", doc.URLs)
	}
	var m struct {
		ShortName string `json:"short_name"`
		StartURL  string `json:"start_url"`
		Icons     []struct{ Src, Sizes, Purpose string }
	}
	if err := json.Unmarshal(out["manifest.webmanifest"], &m); err != nil {
		t.Fatal(err)
	}
	if m.ShortName != "Test codes" || m.StartURL != "/" || len(m.Icons) != 3 || m.Icons[2].Purpose != "maskable" || m.Icons[1].Sizes != "512x512" {
		t.Errorf("manifest: %+v", m)
	}
}

func TestShortName(t *testing.T) {
	for _, tt := range []struct{ title, short, want string }{
		{"Test codes", "", "Test codes"},
		{"SIP response codes", "", "SIP response"},
		{"SIP response codes", "SIP codes", "SIP codes"},
		{"Supercalifragilisticexpialidocious", "", "Supercalifragili"},
	} {
		h := &Home{ShortName: tt.short}
		h.Title = tt.title
		if got := h.shortName(); got != tt.want {
			t.Errorf("shortName(%q, %q) = %q, want %q", tt.title, tt.short, got, tt.want)
		}
	}
}

// A change note is one line of at most maxChange characters; anything
// else is an error at its line.
func TestChangeNoteErrors(t *testing.T) {
	for _, tt := range []struct{ name, file, old, new, want string }{
		{"two lines", "content/codes/486.md", "reviewed: 2026-11-24", "reviewed: 2026-11-24\nchange: |\n  one\n  two",
			`content/codes/486.md:16: front matter: change: want one line of text without spaces around it, got "one\ntwo\n"`},
		{"too long", "content/cause/17.md", "reviewed:", "change: " + strings.Repeat("x", maxChange+1) + "\nreviewed:",
			"content/cause/17.md:6: front matter: change: want at most 300 characters (a sentence of what the review changed), got 301"},
		{"wrong type", "content/wild/478.md", "reviewed:", "change: [a]\nreviewed:", "content/wild/478.md:"},
		{"short name", "content/_index.md", "title: Test codes", "title: Test codes\nshort_name: A name far too long for a list",
			`content/_index.md:3: front matter: short_name: want at most 16 characters without spaces around them, got "A name far too long for a list" (30)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			sitetest.Replace(t, fsys, tt.file, tt.old, tt.new)
			err := buildErr(fsys)
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if !slices.ContainsFunc(lines, func(l string) bool {
				return l == tt.want || strings.HasSuffix(tt.want, ":") && strings.HasPrefix(l, tt.want)
			}) {
				t.Errorf("error:\n%v\nwant the line\n%s", err, tt.want)
			}
		})
	}
}

// In watch mode, adding an og:image re-renders the pages that link it: the
// incremental build gives the bytes of a clean one.
func TestHeadIncremental(t *testing.T) {
	fsys := sitetest.WithRepoTrees(t, sitetest.Archive(t, "testdata/basic.txtar"), "layouts", "assets")
	b := site.NewBuilder(Schema, site.Options{}).Incremental()
	if _, _, err := b.BuildOutput(fsys); err != nil {
		t.Fatal(err)
	}
	fsys["content/og/code.png"] = &fstest.MapFile{Data: []byte("\x89PNG")}
	warm, _, err := b.BuildOutput(fsys)
	if err != nil {
		t.Fatal(err)
	}
	clean := build(t, fsys, site.Options{})
	if !strings.Contains(string(clean["486/index.html"]), "og/code.png") {
		t.Fatal("the clean build does not link og/code.png")
	}
	if !bytes.Equal(warm["486/index.html"], clean["486/index.html"]) {
		t.Error("the incremental build kept the page from before the image")
	}
}
