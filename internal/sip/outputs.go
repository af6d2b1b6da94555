package sip

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/search"
	"github.com/sipcodes/sipcodes/internal/site"
)

// files makes the SIP site's own outputs: the search index, the JSON API,
// the feed, OpenSearch description and manifest, and the Netlify
// _redirects aliases.
func files(s *site.Site, v *views) ([]site.File, error) {
	out := []site.File{{Name: "search.json", Data: search.Index(searchEntries(s, v)), Type: "application/json"}}
	var errs []error
	// put adds one document of the API, indented, ending in a newline.
	put := func(name string, doc any) {
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", name, err))
			return
		}
		out = append(out, site.File{Name: name, Data: append(data, '\n'), Type: "application/json"})
	}
	all := []apiCode{}
	for _, p := range s.PagesOf("code") {
		a := newAPICode(s, p, v)
		put(fmt.Sprintf("api/%d.json", a.Code.Code), a)
		all = append(all, a)
	}
	put("api/codes.json", all)
	causes := []apiCause{}
	for _, cv := range v.causes {
		a := newAPICause(s, cv)
		put(fmt.Sprintf("api/cause/%d.json", a.Cause), a)
		causes = append(causes, a)
	}
	if len(causes) > 0 {
		put("api/causes.json", causes)
	}
	if len(v.wild) > 0 {
		put("api/wild.json", v.wild)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ex, err := explainFile(s, v)
	if err != nil {
		return nil, err
	}
	out = append(out, ex...)
	disc, err := discoveryFiles(s, v)
	if err != nil {
		return nil, err
	}
	out = append(out, disc...)
	return append(out, site.File{Name: "_redirects", Data: redirects(s)}), nil
}

// discoveryFiles are the Atom feed of changes, the OpenSearch description
// and the web app manifest (see discovery.go).
func discoveryFiles(s *site.Site, v *views) ([]site.File, error) {
	short := s.Settings.Title
	if h, ok := homeOf(s); ok {
		short = h.shortName()
	}
	atom, err := feed(s, s.Settings.Title)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", feedPath, err)
	}
	os, err := openSearchFile(s, v.disc, short)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", openSearchPath, err)
	}
	m, err := json.MarshalIndent(manifest(s, v.disc, short), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", manifestPath, err)
	}
	return []site.File{
		{Name: feedPath, Data: atom, Type: "text/xml"},
		{Name: openSearchPath, Data: os, Type: "text/xml"},
		{Name: manifestPath, Data: append(m, '\n'), Type: "application/json"},
	}, nil
}

// searchEntries lists what search finds: codes, causes, what is seen in
// the wild, classes, then the other pages.
func searchEntries(s *site.Site, v *views) []search.Entry {
	var entries []search.Entry
	for _, p := range s.PagesOf("code") {
		c := p.Meta.(*Code)
		e := search.Entry{
			Code: c.Code, Reason: c.Reason, Summary: c.Summary, Aliases: c.AlsoKnownAs,
			Q850: append([]int(nil), c.Q850From...), Class: ClassOf(c.Code), URL: s.BasePath + p.URL,
		}
		if c.Q850 != nil {
			e.Q850 = append(e.Q850, *c.Q850)
		}
		if c.Status != "current" {
			e.Status = c.Status
		}
		entries = append(entries, e)
	}
	for _, cv := range v.causes {
		e := search.Entry{Cause: cv.Cause, Reason: cv.Name, Summary: cv.Summary, Aliases: cv.Also, URL: s.BasePath + cv.URL}
		for _, pl := range v.platforms {
			e.Names = append(e.Names, pl.names(cv.Cause)...)
		}
		e.Names = append(e.Names, cv.Octet)
		entries = append(entries, e)
	}
	for _, wv := range v.wild {
		reason := wv.Phrase
		if reason == "" {
			reason = wv.Title
		}
		entries = append(entries, search.Entry{
			Code: wv.Code, Reason: reason, Summary: wv.Summary, Aliases: append([]string{wv.Title}, wv.SeenAs...),
			Status: "unregistered", URL: s.BasePath + wv.URL,
		})
	}
	for _, p := range s.PagesOf("class") {
		entries = append(entries, search.Entry{Reason: p.Title, Summary: p.Summary, Class: p.Meta.(*Class).name, URL: s.BasePath + p.URL})
	}
	if pages := s.PagesOf("warnings"); len(pages) > 0 {
		for _, w := range registry.WarnCodes {
			entries = append(entries, search.Entry{
				Reason: fmt.Sprintf("Warning %d %s", w.Code, w.Text), Summary: w.Meaning,
				Aliases: []string{fmt.Sprintf("Warning: %d", w.Code)}, URL: s.BasePath + pages[0].URL + fmt.Sprintf("#w%d", w.Code),
			})
		}
	}
	for _, kind := range []string{"causes", "wilds", "warnings", "header", "explain", "page"} {
		for _, p := range s.PagesOf(kind) {
			entries = append(entries, search.Entry{Reason: p.Title, Summary: p.Summary, URL: s.BasePath + p.URL})
		}
	}
	return entries
}

// apiCode is one code in the JSON API: the front matter under its own key
// names, plus class and absolute url. Lists are [] rather than null.
type apiCode struct {
	Code
	Class     string         `json:"class"`
	URL       string         `json:"url"`
	Platforms []PlatformView `json:"platforms"`
}

func newAPICode(s *site.Site, p *site.Page, v *views) apiCode {
	c := *p.Meta.(*Code)
	c.AlsoKnownAs = nonNil(c.AlsoKnownAs)
	c.Methods = nonNil(c.Methods)
	c.Related = nonNil(c.Related)
	var platforms []PlatformView
	if cv := v.byCode[c.Code]; cv != nil {
		platforms = cv.Platforms
	}
	return apiCode{Code: c, Class: ClassOf(c.Code), URL: s.BaseURL + p.URL, Platforms: nonNil(platforms)}
}

// apiCause is one cause in the JSON API (/api/cause/N.json): the cause
// page's facts, RFC 3398's two directions and what each platform does.
type apiCause struct {
	Cause       int            `json:"cause"`
	Name        string         `json:"name"`
	Also        []string       `json:"also"`
	Summary     string         `json:"summary"`
	Class       string         `json:"class"`
	Octet       string         `json:"octet"`
	Fault       string         `json:"fault"`
	Nonstandard bool           `json:"nonstandard"`
	National    bool           `json:"national"`
	Reviewed    string         `json:"reviewed"`
	URL         string         `json:"url"`
	ToSIP       []RFCRow       `json:"rfc3398_to_sip"`
	ToSIPRule   string         `json:"rfc3398_to_sip_rule,omitempty"`
	FromSIP     []RFCRow       `json:"rfc3398_from_sip"`
	Default     bool           `json:"rfc3398_default_for_unlisted_codes"`
	Platforms   []PlatformView `json:"platforms"`
}

func newAPICause(s *site.Site, cv *CauseView) apiCause {
	return apiCause{
		Cause: cv.Cause, Name: cv.Name, Also: nonNil(cv.Also), Summary: cv.Summary, Class: cv.Class, Octet: cv.Octet,
		Fault: cv.Fault, Nonstandard: cv.Nonstandard, National: cv.National, Reviewed: cv.Reviewed,
		URL: s.BaseURL + cv.URL, ToSIP: nonNil(cv.ToSIP), ToSIPRule: cv.ToSIPRule, FromSIP: nonNil(cv.FromSIP),
		Default: cv.DefaultFromSIP, Platforms: nonNil(cv.Platforms),
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// redirects lists the aliases people and old links use for a code or class,
// in Netlify's _redirects format: /codes/486 and /sip-486 lead to /486/.
func redirects(s *site.Site) []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by sitegen: aliases of code and class pages.\n")
	for _, p := range s.PagesOf("class") {
		fmt.Fprintf(&b, "%[1]s/classes/%[2]s %[1]s/%[2]s/ 301\n", s.BasePath, p.Meta.(*Class).name)
	}
	for _, p := range s.PagesOf("code") {
		c := p.Meta.(*Code).Code
		fmt.Fprintf(&b, "%[1]s/codes/%[2]d %[1]s/%[2]d/ 301\n%[1]s/sip-%[2]d %[1]s/%[2]d/ 301\n%[1]s/%[2]d.html %[1]s/%[2]d/ 301\n", s.BasePath, c)
	}
	return b.Bytes()
}
