package sip

import (
	"fmt"

	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// CauseView is a cause page's facts, as the layouts see them.
type CauseView struct {
	Cause       int
	Name        string
	Also        []string // other spellings decoders print
	Summary     string
	Fault       string
	Reviewed    string
	Nonstandard bool
	National    bool   // Q.850 marks it for national use
	Class       string // Q.850's class: "resource unavailable"
	Octet       string // as a trace prints it: "0xA2"
	URL         string

	// ToSIP is RFC 3398 §7.2.4.1's answer: the response a gateway sends
	// when the ISDN or ISUP side releases with this cause.
	ToSIP     []RFCRow
	ToSIPRule string // "none": no response; "default": the table's default, 500
	// FromSIP are the responses §8.2.6.1 turns into this cause.
	FromSIP []RFCRow
	// DefaultFromSIP: §8.2.6.1 gives this cause for every response its
	// table does not list (cause 31).
	DefaultFromSIP bool

	Platforms []PlatformView
}

// RFCRow is one row of an RFC 3398 table, for a cause page.
type RFCRow struct {
	Code    int    `json:"code"`
	CodeURL string `json:"-"`     // its page, or ""
	Label   string `json:"label"` // the RFC's words: "Service unavailable", "number changed (w/ diagnostic)"
	Note    string `json:"note,omitempty"`
}

// FaultText says in words whose side a cause usually points at.
func (c *CauseView) FaultText() string { return faultText(c.Fault) }

// CauseClassView is a Q.850 class and its causes, for the index.
type CauseClassView struct {
	Name   string // "resource unavailable"
	Range  string // "32-47"
	Causes []*CauseView
}

// causeViews builds the views of every cause page.
func (v *views) addCauses(s *site.Site, pv *platformViews) {
	v.byCause = map[int]*CauseView{}
	for _, p := range s.PagesOf("cause") {
		c := p.Meta.(*Cause)
		if v.byCause[c.Cause] != nil {
			continue // two pages at one URL: the core reports it
		}
		e, _ := registry.LookupCause(c.Cause)
		cv := &CauseView{
			Cause: c.Cause, Name: c.Name, Also: e.Also, Summary: c.Summary, Fault: c.Fault, Reviewed: c.Reviewed,
			Nonstandard: c.Nonstandard, National: e.National, Class: registry.CauseClass(c.Cause),
			Octet: fmt.Sprintf("0x%02X", e.Octet()), URL: p.URL,
		}
		v.causes = append(v.causes, cv)
		v.byCause[c.Cause] = cv
	}
	for _, cv := range v.causes {
		for _, r := range registry.ISUPToSIPRows(cv.Cause) {
			if r.Rule == registry.RuleRow {
				cv.ToSIP = append(cv.ToSIP, RFCRow{Code: r.Code, CodeURL: v.codeURL(r.Code), Label: r.Label, Note: r.Note()})
			}
		}
		if len(cv.ToSIP) == 0 {
			code, rule := registry.ISUPToSIP(cv.Cause)
			cv.ToSIPRule = string(rule)
			if rule == registry.RuleDefault {
				cv.ToSIP = []RFCRow{{Code: code, CodeURL: v.codeURL(code)}}
			}
		}
		for _, r := range registry.SIPToISUPRows(cv.Cause) {
			cv.FromSIP = append(cv.FromSIP, RFCRow{Code: r.Code, CodeURL: v.codeURL(r.Code), Label: r.Response, Note: r.Note()})
		}
		cv.DefaultFromSIP = cv.Cause == registry.DefaultCause
		cv.Platforms = pv.forCause(cv.Cause)
	}
	for lo := 0; lo < 128; lo += 16 {
		name := registry.CauseClass(lo)
		if len(v.causeClasses) > 0 && v.causeClasses[len(v.causeClasses)-1].Name == name {
			v.causeClasses[len(v.causeClasses)-1].Range = fmt.Sprintf("0-%d", lo+15)
		} else {
			v.causeClasses = append(v.causeClasses, &CauseClassView{Name: name, Range: fmt.Sprintf("%d-%d", lo, lo+15)})
		}
		cl := v.causeClasses[len(v.causeClasses)-1]
		for _, cv := range v.causes {
			if cv.Cause >= lo && cv.Cause < lo+16 {
				cl.Causes = append(cl.Causes, cv)
			}
		}
	}
}

func (v *views) codeURL(code int) string {
	if cv := v.byCode[code]; cv != nil {
		return cv.URL
	}
	return ""
}

func (v *views) causeURL(n int) string {
	if cv := v.byCause[n]; cv != nil {
		return cv.URL
	}
	return ""
}
