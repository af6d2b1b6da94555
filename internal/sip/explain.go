package sip

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// explainData is /explain.json: what the trace explainer (assets/explain.js)
// explains with, written by the build from the same facts as the pages, so
// the script holds no second copy of them.
type explainData struct {
	Codes     map[int]explainCode  `json:"codes"`
	Causes    map[int]explainCause `json:"causes"`
	Locations map[string]string    `json:"locations"` // RFC 8606 token → who released the call
	Warn      map[int]explainWarn  `json:"warn"`
	Wild      []explainWild        `json:"wild"`
	Pages     map[string]string    `json:"pages"` // reason, warning, freeswitchReason: URLs of reference pages
}

type explainCode struct {
	Reason  string `json:"reason"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
}

type explainCause struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type explainWarn struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

type explainWild struct {
	Code    int    `json:"code,omitempty"`
	Warn    int    `json:"warn,omitempty"` // the warn-code of a Warning header seen in the wild
	Phrase  string `json:"phrase,omitempty"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
}

var warnSeenRE = regexp.MustCompile(`^Warning: (\d{3})\b`)

// explainFile builds /explain.json, or returns no file for a site without
// an explainer page.
func explainFile(s *site.Site, v *views) ([]site.File, error) {
	pages := s.PagesOf("explain")
	if len(pages) == 0 {
		return nil, nil
	}
	d := explainData{
		Codes: map[int]explainCode{}, Causes: map[int]explainCause{}, Locations: map[string]string{},
		Warn: map[int]explainWarn{}, Wild: []explainWild{}, Pages: map[string]string{},
	}
	for _, c := range v.codes {
		d.Codes[c.Code] = explainCode{c.Reason, c.Summary, c.URL}
	}
	for _, c := range v.causes {
		d.Causes[c.Cause] = explainCause{c.Name, c.URL}
	}
	for _, l := range registry.Locations {
		d.Locations[l.Token] = l.Name
	}
	if w := s.PagesOf("warnings"); len(w) > 0 {
		d.Pages["warning"] = w[0].URL
		for _, c := range registry.WarnCodes {
			d.Warn[c.Code] = explainWarn{c.Text, fmt.Sprintf("%s#w%d", w[0].URL, c.Code)}
		}
	}
	if r := s.PagesOf("header"); len(r) > 0 {
		d.Pages["reason"] = r[0].URL
	}
	for _, w := range v.wild {
		e := explainWild{Code: w.Code, Phrase: w.Phrase, Summary: w.Summary, URL: w.URL}
		for _, seen := range w.SeenAs {
			if m := warnSeenRE.FindStringSubmatch(seen); m != nil {
				e.Warn, _ = strconv.Atoi(m[1])
			}
			if strings.HasPrefix(seen, "Reason: SIP;cause=8") && len(seen) > len("Reason: SIP;cause=8") {
				d.Pages["freeswitchReason"] = w.URL
			}
		}
		d.Wild = append(d.Wild, e)
	}
	data, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("explain.json: %v", err)
	}
	return []site.File{{Name: "explain.json", Data: append(data, '\n'), Type: "application/json"}}, nil
}
