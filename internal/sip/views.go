package sip

import (
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// Data is what the layouts see as .Data on every page.
type Data struct {
	Classes []*ClassView // every class with a page or a code, in order, with its codes
	Class   *ClassView   // the class page's class, or the code's
	Code    *CodeView    // on code pages
	Prev    *CodeView    // neighbours in code order, on code and cause pages
	Next    *CodeView
	Cause   *CauseView // on cause pages
	// On the cause index: every cause by Q.850 class, and the location
	// values a cause carries.
	CauseClasses []*CauseClassView
	Locations    []registry.Location
	PrevCause    *CauseView // neighbours in cause order, on cause pages
	NextCause    *CauseView
	CauseIndex   string      // the URL of the page that lists every cause, or ""
	WildIndex    string      // the URL of the page that lists what is seen in the wild, or ""
	Explain      string      // the URL of the trace explainer, or ""
	Wild         *WildView   // on wild pages
	WildList     []*WildView // on their index, in URL order
	// On the Warning header's page: the registered warn-codes, and the
	// wild pages of unregistered ones.
	WarnCodes    []registry.WarnCode
	WildWarnings []*WildView
	Head         *Head // feed, search, manifest, icons, og:image and JSON-LD, on every page
}

// ClassView is a class and the codes in it.
type ClassView struct {
	Name    string // "4xx"
	Title   string
	Summary string
	URL     string
	Codes   []*CodeView
}

// CodeView is a code page's facts, as the layouts see them.
type CodeView struct {
	Code        int
	Reason      string
	Summary     string
	Status      string
	AlsoKnownAs []string
	References  []Reference
	Q850        *int
	Q850From    []int
	Methods     []string
	Fault       string
	Reviewed    string

	URL     string
	Class   string      // "4xx"
	Related []*CodeView // in the order the page lists them

	EscalationGuide string // the site's page of what to collect before escalating, or ""

	Platforms []PlatformView // what each platform does with the code
	Wild      []*WildView    // unregistered codes and phrases read as this code, or with its number

	causeURL func(int) string
}

// CauseURL is the page of Q.850 cause n, or "" when it has none.
func (c *CodeView) CauseURL(n int) string { return c.causeURL(n) }

// Defining is the reference that defines the code.
func (c *CodeView) Defining() Reference { return c.References[0] }

// Q850Rule says what RFC 3398 §8.2.6.1 has a gateway send for a failure
// code whose page gives no q850: "none" for 487 (the table maps it to
// nothing), "warning" for 488 and 606 (the Warning header decides),
// "default" for a code the table does not list (its rule for those gives
// cause 31), and "" where the page gives the cause or the code is no
// failure.
func (c *CodeView) Q850Rule() string {
	switch {
	case c.Q850 != nil || c.Code < 400:
		return ""
	case c.Code == 487:
		return "none"
	case c.Code == 488 || c.Code == 606:
		return "warning"
	}
	return "default"
}

// Q850Name names a Q.850 cause, for the facts box.
func (c *CodeView) Q850Name(n int) string { return registry.Q850Cause(n) }

// FaultText says in words whose side a code usually points at.
func (c *CodeView) FaultText() string { return faultText(c.Fault) }

func faultText(fault string) string {
	switch fault {
	case "caller":
		return "Caller's side: the request or the calling device"
	case "callee":
		return "Callee's side: the called party or their equipment"
	case "network":
		return "The network between the two ends"
	case "server":
		return "A server on the path (proxy, registrar, gateway)"
	case "none":
		return "No one's: this is not a failure"
	}
	return "Either side; the details decide"
}

// views are the class and code views of one build, which every page
// shares.
type views struct {
	classes []*ClassView
	byClass map[string]*ClassView
	codes   []*CodeView // in code order
	byCode  map[int]*CodeView
	pos     map[int]int // index in codes, by code

	platforms    []*Platform
	causes       []*CauseView // in cause order
	byCause      map[int]*CauseView
	causeClasses []*CauseClassView
	causeIndex   string
	wildIndex    string
	explain      string
	wild         []*WildView // in URL order
	byWildURL    map[string]*WildView
	disc         *discovery
}

func newViews(s *site.Site, platforms []*Platform, notes []Note) *views {
	v := &views{byClass: map[string]*ClassView{}, byCode: map[int]*CodeView{}, pos: map[int]int{}}
	var related [][]int // of each code, in order
	guide := ""
	if h, ok := homeOf(s); ok {
		guide = h.EscalationGuide
	}
	for _, p := range s.PagesOf("code") {
		c := p.Meta.(*Code)
		if v.byCode[c.Code] != nil {
			continue // a second page for one code: reported by check
		}
		cv := &CodeView{
			Code: c.Code, Reason: c.Reason, Summary: c.Summary, Status: c.Status,
			AlsoKnownAs: c.AlsoKnownAs, References: c.References, Q850: c.Q850, Q850From: c.Q850From,
			Methods: c.Methods, Fault: c.Fault, Reviewed: c.Reviewed,
			URL: p.URL, Class: ClassOf(c.Code), EscalationGuide: guide,
		}
		v.pos[c.Code] = len(v.codes)
		v.codes = append(v.codes, cv)
		v.byCode[c.Code] = cv
		related = append(related, c.Related)
	}
	for i, cv := range v.codes {
		for _, r := range related[i] {
			cv.Related = append(cv.Related, v.byCode[r])
		}
	}
	classPages := map[string]*Class{}
	for _, p := range s.PagesOf("class") {
		classPages[p.Meta.(*Class).name] = p.Meta.(*Class)
	}
	for _, name := range classNames {
		c := &ClassView{Name: name, URL: "/" + name + "/"}
		if p := classPages[name]; p != nil {
			c.Title, c.Summary = p.Title, p.Summary
		}
		for _, cv := range v.codes {
			if cv.Class == name {
				c.Codes = append(c.Codes, cv)
			}
		}
		if classPages[name] != nil || len(c.Codes) > 0 {
			v.classes = append(v.classes, c)
			v.byClass[name] = c
		}
	}
	v.platforms = platforms
	if idx := s.PagesOf("causes"); len(idx) > 0 {
		v.causeIndex = idx[0].URL
	}
	if idx := s.PagesOf("wilds"); len(idx) > 0 {
		v.wildIndex = idx[0].URL
	}
	if ex := s.PagesOf("explain"); len(ex) > 0 {
		v.explain = ex[0].URL
	}
	pv := &platformViews{platforms: platforms, notes: notes, codeURL: v.codeURL, causeURL: v.causeURL}
	v.addCauses(s, pv)
	for _, cv := range v.codes {
		cv.causeURL = v.causeURL
		cv.Platforms = pv.forCode(cv.Code)
	}
	v.addWild(s)
	v.disc = newDiscovery(s, v)
	return v
}

var classNames = []string{"1xx", "2xx", "3xx", "4xx", "5xx", "6xx"}

// data returns the layouts' data for page p.
func (v *views) data(p *site.Page) any {
	d := &Data{Classes: v.classes, CauseIndex: v.causeIndex, WildIndex: v.wildIndex, Explain: v.explain, Head: v.disc.head(p)}
	switch p.Kind {
	case "causes":
		d.CauseClasses, d.Locations = v.causeClasses, registry.Locations
	case "wilds":
		d.WildList = v.wild
	case "warnings":
		d.WarnCodes = registry.WarnCodes
		for _, w := range v.wild {
			if len(w.SeenAs) > 0 && strings.HasPrefix(w.SeenAs[0], "Warning:") {
				d.WildWarnings = append(d.WildWarnings, w)
			}
		}
	}
	switch m := p.Meta.(type) {
	case *Class:
		d.Class = v.byClass[m.name]
	case *Cause:
		d.Cause = v.byCause[m.Cause]
		i := slices.Index(v.causes, d.Cause)
		if i > 0 {
			d.PrevCause = v.causes[i-1]
		}
		if i+1 < len(v.causes) {
			d.NextCause = v.causes[i+1]
		}
	case *Wild:
		d.Wild = v.byWildURL[p.URL]
	case *Code:
		d.Code = v.byCode[m.Code]
		d.Class = v.byClass[d.Code.Class]
		i := v.pos[m.Code]
		if i > 0 {
			d.Prev = v.codes[i-1]
		}
		if i+1 < len(v.codes) {
			d.Next = v.codes[i+1]
		}
	}
	return d
}
