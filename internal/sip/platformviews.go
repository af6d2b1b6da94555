package sip

import (
	"fmt"

	"github.com/sipcodes/sipcodes/internal/registry"
)

// PlatformView is what one platform does with a code or a cause, as its
// page shows it.
type PlatformView struct {
	Platform string        `json:"platform"` // "FreeSWITCH"
	Source   string        `json:"source"`   // the repository at the commit the rows are read at
	Commit   string        `json:"commit"`   // its first 12 digits
	Rows     []PlatformRow `json:"rows"`
}

// PlatformRow is one thing a platform does.
type PlatformRow struct {
	// What: "sends" (the response for a cause), "records" (the cause for
	// a response), "replies" (a response a proxy makes itself) or
	// "phrase" (its own phrase for a registered code).
	What      string `json:"what"`
	Cause     int    `json:"cause,omitempty"`
	CauseName string `json:"cause_name,omitempty"` // the platform's name for it: "USER_BUSY"
	CauseURL  string `json:"-"`                    // its page, or ""
	Code      int    `json:"code,omitempty"`
	CodeURL   string `json:"-"`                  // its page, or ""
	Phrase    string `json:"phrase,omitempty"`   // of a reply
	When      string `json:"when,omitempty"`     // when a proxy replies; a note on a mapping
	Default   bool   `json:"default,omitempty"`  // the table's default answers, not a row of its own
	Internal  bool   `json:"internal,omitempty"` // the cause is the platform's own number, not Q.850's
	// RFC is what RFC 3398 gives instead, when the platform differs:
	// "403", "cause 41", "no response", "no cause"; "" when it agrees or
	// the RFC does not speak to the row.
	RFC   string   `json:"rfc3398,omitempty"`
	Src   string   `json:"source"`          // the line of the source
	Notes []string `json:"notes,omitempty"` // what the departure means, from data/platform-notes.yaml

	table string // cause_to_sip or sip_to_cause
}

// platformViews builds what each platform does, for code pages and cause
// pages alike.
type platformViews struct {
	platforms []*Platform
	notes     []Note
	codeURL   func(int) string
	causeURL  func(int) string
}

// forCode lists what each platform does with response code c.
func (pv *platformViews) forCode(c int) []PlatformView {
	var out []PlatformView
	for _, p := range pv.platforms {
		var rows []PlatformRow
		if m := p.SIPToCause; m != nil {
			e, ok := findEntry(m, func(e MapEntry) bool { return e.SIP == c })
			if !ok {
				e = MapEntry{SIP: c, Cause: m.Default, Line: m.DefaultLine}
			}
			rows = append(rows, pv.records(p, m, e, !ok))
		}
		if m := p.CauseToSIP; m != nil {
			for _, e := range m.Entries {
				if e.SIP == c {
					rows = append(rows, pv.sends(p, m, e, false, false))
				}
			}
			if m.Default == c {
				rows = append(rows, pv.sends(p, m, MapEntry{SIP: c, Line: m.DefaultLine}, true, false))
			}
		}
		rows = append(rows, pv.replies(p, c)...)
		if len(rows) > 0 {
			out = append(out, pv.view(p, rows))
		}
	}
	return out
}

// forCause lists what each platform does with cause n.
func (pv *platformViews) forCause(n int) []PlatformView {
	var out []PlatformView
	for _, p := range pv.platforms {
		var rows []PlatformRow
		if m := p.CauseToSIP; m != nil {
			e, ok := findEntry(m, func(e MapEntry) bool { return e.Cause == n })
			if !ok {
				e = MapEntry{Cause: n, SIP: m.Default, Line: m.DefaultLine}
			}
			rows = append(rows, pv.sends(p, m, e, !ok, true))
		}
		if m := p.SIPToCause; m != nil {
			for _, e := range m.Entries {
				if e.Cause == n {
					rows = append(rows, pv.records(p, m, e, false))
				}
			}
			if m.Default == n {
				rows = append(rows, pv.records(p, m, MapEntry{Cause: n, Line: m.DefaultLine}, true))
			}
		}
		if len(rows) > 0 {
			out = append(out, pv.view(p, rows))
		}
	}
	return out
}

func (pv *platformViews) view(p *Platform, rows []PlatformRow) PlatformView {
	for i := range rows {
		for _, n := range pv.notes {
			r := rows[i]
			if n.Platform == p.slug() && n.Table == r.table &&
				(n.Default && r.Default || !n.Default && !r.Default && n.Cause == r.Cause && n.SIP == r.Code) {
				rows[i].Notes = append(rows[i].Notes, n.Text)
			}
		}
	}
	return PlatformView{
		Platform: p.Platform, Commit: p.Commit[:12], Rows: rows,
		Source: fmt.Sprintf("https://github.com/%s/tree/%s", p.Repository, p.Commit),
	}
}

// sends is the row of a response sent for a cause. Compared with RFC 3398
// §7.2.4.1 only for a Q.850 cause; a default row on a code page stands for
// many causes, and is not compared.
func (pv *platformViews) sends(p *Platform, m *Mapping, e MapEntry, isDefault, compare bool) PlatformRow {
	r := PlatformRow{
		What: "sends", Cause: e.Cause, CauseName: p.name(e.Cause), CauseURL: pv.causeURL(e.Cause),
		Code: e.SIP, CodeURL: pv.codeURL(e.SIP), When: e.Note, Default: isDefault, Internal: e.Internal,
		Src: p.src(m.File, e.Line), table: "cause_to_sip",
	}
	if r.Cause >= 1 && r.Cause <= 127 && (compare || !isDefault) {
		code, rule := registry.ISUPToSIP(r.Cause)
		switch {
		case rule == registry.RuleNone && r.Code != 0:
			r.RFC = "no response"
		case rule != registry.RuleNone && code != r.Code:
			r.RFC = fmt.Sprint(code)
			for _, row := range registry.ISUPToSIPRows(r.Cause) {
				if row.Mark == "+" && code < 600 {
					r.RFC = fmt.Sprintf("%d, or %d when the cause's location is the user", code, code+200)
				}
			}
		}
	}
	return r
}

// records is the row of a cause recorded for a response, compared with
// RFC 3398 §8.2.6.1 for a Q.850 cause.
func (pv *platformViews) records(p *Platform, m *Mapping, e MapEntry, isDefault bool) PlatformRow {
	r := PlatformRow{
		What: "records", Cause: e.Cause, CauseName: p.name(e.Cause), CauseURL: pv.causeURL(e.Cause),
		Code: e.SIP, CodeURL: pv.codeURL(e.SIP), When: e.Note, Default: isDefault, Internal: e.Internal,
		Src: p.src(m.File, e.Line), table: "sip_to_cause",
	}
	if r.Code != 0 {
		cause, rule := registry.SIPToISUP(r.Code)
		switch rule {
		case registry.RuleNone:
			r.RFC = "no cause"
		case registry.RuleWarning:
			if r.Cause != registry.WarningCause && r.Cause != registry.WarningBearerCause {
				r.RFC = fmt.Sprintf("cause %d, or %d when the Warning header says the bearer capability is unavailable", registry.WarningCause, registry.WarningBearerCause)
			}
		default:
			if cause != r.Cause {
				r.RFC = fmt.Sprintf("cause %d", cause)
			}
		}
	}
	return r
}

// replies are the rows of the responses a proxy makes itself with code c,
// and of its own phrase for c.
func (pv *platformViews) replies(p *Platform, c int) []PlatformRow {
	var rows []PlatformRow
	for _, t := range []struct {
		what string
		r    *Replies
	}{{"replies", p.Replies}, {"phrase", p.Phrases}} {
		if t.r == nil {
			continue
		}
		for _, e := range t.r.Entries {
			if e.SIP != c {
				continue
			}
			file := e.File
			if file == "" {
				file = t.r.File
			}
			rows = append(rows, PlatformRow{What: t.what, Code: c, Phrase: e.Phrase, When: e.When, Src: p.src(file, e.Line)})
		}
	}
	return rows
}

func findEntry(m *Mapping, match func(MapEntry) bool) (MapEntry, bool) {
	for _, e := range m.Entries {
		if match(e) {
			return e, true
		}
	}
	return MapEntry{}, false
}
