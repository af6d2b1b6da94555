package sip

import (
	"fmt"
	"net/url"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// Wild is the front matter of content/wild/SLUG.md: a code, phrase or
// header that real traces carry but no registry lists, such as Kamailio's
// "478 Unresolvable destination (478/SL)". Its code, when it has one, is
// not a code page: the registry guard still refuses unregistered codes
// there.
type Wild struct {
	Title     string       `yaml:"title"`
	Summary   string       `yaml:"summary"`
	Code      int          `yaml:"code"`       // the status code on the wire, or 0 for a header
	Phrase    string       `yaml:"phrase"`     // the reason phrase as sent
	SeenAs    []string     `yaml:"seen_as"`    // exact strings as traces and logs show them
	EmittedBy []string     `yaml:"emitted_by"` // platforms, by their file in data/platforms/
	ReadAs    int          `yaml:"read_as"`    // the registered code to treat it as, or 0
	Sources   []WildSource `yaml:"sources"`
	Reviewed  string       `yaml:"reviewed"`
	Change    string       `yaml:"change"` // what the review of that date changed, for feed.xml
}

// WildSource shows where a wild item comes from: a line of a platform's
// source at the commit its data/platforms file names, or a document.
type WildSource struct {
	Platform string `yaml:"platform"`
	File     string `yaml:"file"`
	Line     int    `yaml:"line"`
	Title    string `yaml:"title"`
	URL      string `yaml:"url"`
}

// About is the page's title and summary.
func (w *Wild) About() (title, summary string) { return w.Title, w.Summary }

// LastModified is the date the page was last reviewed, for the sitemap.
func (w *Wild) LastModified() string { return w.Reviewed }

// Check reports every problem with a wild page's front matter.
func (w *Wild) Check(r *content.Report) {
	r.Require("title", w.Title != "")
	r.Require("summary", w.Summary != "")
	r.Require("seen_as", len(w.SeenAs) > 0)
	r.Require("emitted_by", len(w.EmittedBy) > 0)
	r.Require("sources", len(w.Sources) > 0)
	if w.Code != 0 && (w.Code < 100 || w.Code > 699) {
		r.Bad("code", "want a status code from 100 to 699, got %d", w.Code)
	}
	if e, ok := registry.Lookup(w.Code); ok && (w.Phrase == "" || w.Phrase == e.Reason) {
		r.Bad("code", "%d %s is registered: a wild page is for a code or phrase the registry lacks (give the phrase as sent)", w.Code, e.Reason)
	}
	if w.ReadAs != 0 {
		if _, ok := registry.Lookup(w.ReadAs); !ok {
			r.Bad("read_as", "%d is not a registered code (internal/registry/codes.csv)", w.ReadAs)
		}
	}
	for i, s := range w.Sources {
		key := fmt.Sprintf("sources.%d", i)
		switch {
		case s.Platform != "" && (s.File == "" || s.Line <= 0 || s.URL != ""):
			r.At(r.Keys.Line(key), "front matter: sources: a platform's source needs file and line, and no url")
		case s.Platform == "" && (s.Title == "" || s.File != "" || !isHTTPS(s.URL)):
			r.At(r.Keys.Line(key), "front matter: sources: want {platform, file, line} or {title, url} with an https URL")
		}
	}
	checkReviewed(r, w.Reviewed)
	checkChange(r, w.Change)
}

func isHTTPS(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.Scheme == "https" && p.Host != ""
}

// WildSections are the level-2 headings of every wild page, in order.
var WildSections = []string{"In short", "What it means", "Where it comes from", "How to fix", "Related"}

// CheckBody checks that a wild page has the sections of WildSections.
func (w *Wild) CheckBody(r *content.Report, d *content.Doc) {
	checkSections(r, d, WildSections, "wild pages")
}

// checkWild checks what a wild page names elsewhere: platforms that have
// a file in data/platforms/, and a code page for read_as.
func checkWild(s *site.Site, platforms []*Platform) []error {
	var errs []error
	known := map[string]bool{}
	for _, p := range platforms {
		known[p.slug()] = true
	}
	codes := map[int]bool{}
	for _, p := range s.PagesOf("code") {
		codes[p.Meta.(*Code).Code] = true
	}
	for _, p := range s.PagesOf("wild") {
		w := p.Meta.(*Wild)
		for i, name := range w.EmittedBy {
			if !known[name] {
				errs = append(errs, problem.Errorf(p.Source, p.Line(fmt.Sprintf("emitted_by.%d", i)), "front matter: emitted_by: no platform %q in data/platforms/", name))
			}
		}
		for i, src := range w.Sources {
			if src.Platform != "" && !known[src.Platform] {
				errs = append(errs, problem.Errorf(p.Source, p.Line(fmt.Sprintf("sources.%d", i)), "front matter: sources: no platform %q in data/platforms/", src.Platform))
			}
		}
		if w.ReadAs != 0 && !codes[w.ReadAs] && !s.Broken(codeFile(w.ReadAs)) {
			errs = append(errs, problem.Errorf(p.Source, p.Line("read_as"), "front matter: read_as: %d has no page (want content/codes/%d.md)", w.ReadAs, w.ReadAs))
		}
	}
	return errs
}

// WildView is a wild page's facts, as the layouts see them.
type WildView struct {
	Title     string       `json:"title"`
	Summary   string       `json:"summary"`
	Code      int          `json:"code,omitempty"`
	Phrase    string       `json:"phrase,omitempty"`
	SeenAs    []string     `json:"seen_as"`
	EmittedBy []string     `json:"emitted_by"` // the platforms' names: "Kamailio"
	ReadAs    int          `json:"read_as,omitempty"`
	ReadAsURL string       `json:"-"`
	Sources   []SourceLink `json:"sources"`
	Reviewed  string       `json:"reviewed"`
	URL       string       `json:"url"`
}

// SourceLink is a source as a link.
type SourceLink struct {
	Label string `json:"label"` // "Kamailio src/core/error.c:58"
	URL   string `json:"url"`
}

// addWild builds the views of every wild page, and lists each on the page
// of the code it is read as.
func (v *views) addWild(s *site.Site) {
	v.byWildURL = map[string]*WildView{}
	byName := map[string]*Platform{}
	for _, p := range v.platforms {
		byName[p.slug()] = p
	}
	for _, p := range s.PagesOf("wild") {
		w := p.Meta.(*Wild)
		wv := &WildView{
			Title: w.Title, Summary: w.Summary, Code: w.Code, Phrase: w.Phrase, SeenAs: w.SeenAs,
			ReadAs: w.ReadAs, ReadAsURL: v.codeURL(w.ReadAs), Reviewed: w.Reviewed, URL: p.URL,
		}
		for _, name := range w.EmittedBy {
			if pl := byName[name]; pl != nil {
				wv.EmittedBy = append(wv.EmittedBy, pl.Platform)
			}
		}
		for _, src := range w.Sources {
			if pl := byName[src.Platform]; pl != nil {
				wv.Sources = append(wv.Sources, SourceLink{fmt.Sprintf("%s %s:%d", pl.Platform, src.File, src.Line), pl.src(src.File, src.Line)})
			} else if src.URL != "" {
				wv.Sources = append(wv.Sources, SourceLink{src.Title, src.URL})
			}
		}
		v.wild = append(v.wild, wv)
		v.byWildURL[p.URL] = wv
		for _, c := range []int{w.ReadAs, w.Code} {
			if cv := v.byCode[c]; cv != nil && (len(cv.Wild) == 0 || cv.Wild[len(cv.Wild)-1] != wv) {
				cv.Wild = append(cv.Wild, wv)
			}
		}
	}
}
