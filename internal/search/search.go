// Package search builds the index that the site's search box loads
// (/search.json). It knows nothing of templates or pages: the site hands it
// entries, and it writes them as compact JSON in a stable order.
//
// Each entry has:
//
//	code     response code (0 and omitted for pages that are not codes)
//	cause    Q.850 cause value, on a cause page (omitted elsewhere)
//	reason   reason phrase, the cause's name, or the page title
//	summary  one sentence
//	aliases  other reason phrases (also_known_as), other spellings of a cause
//	names    what platforms call a cause in code and logs (USER_BUSY,
//	         AST_CAUSE_BUSY) and the octet a trace shows (0x91)
//	q850     Q.850 cause values mapped to or from the code
//	class    "4xx"
//	status   "deprecated" or "obsolete"; omitted when current
//	url      site-relative URL, e.g. "/486/"
//
// The script ranks matches: exact code, the cause of that number, code
// prefix, reason words, aliases, names and Q.850 causes, then summary
// words; "cause 34" and "q850 34" put the cause page first and the codes
// that map to it after.
package search

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/sipcodes/sipcodes/internal/jsonenc"
)

// Entry is one searchable page.
type Entry struct {
	Code    int      `json:"code,omitempty"`
	Cause   int      `json:"cause,omitempty"`
	Reason  string   `json:"reason"`
	Summary string   `json:"summary,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Names   []string `json:"names,omitempty"`
	Q850    []int    `json:"q850,omitempty"`
	Class   string   `json:"class,omitempty"`
	Status  string   `json:"status,omitempty"`
	URL     string   `json:"url"`
}

// Index returns the JSON index of entries: codes in numeric order first,
// then causes in numeric order, then other pages by URL, so that the
// output is the same on every build.
func Index(entries []Entry) []byte {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int {
		if (a.Code == 0) != (b.Code == 0) {
			if a.Code == 0 {
				return 1
			}
			return -1
		}
		if (a.Cause == 0) != (b.Cause == 0) {
			if a.Cause == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Cause, b.Cause), cmp.Compare(a.URL, b.URL))
	})
	for i := range sorted {
		q := slices.Clone(sorted[i].Q850)
		slices.Sort(q)
		sorted[i].Q850 = slices.Compact(q)
	}
	return encode(sorted)
}

// encode writes entries as json.Marshal does (FuzzEncode holds it to
// that), by hand: encoding/json's reflection took 8 ms of every watch-mode
// rebuild of a 10,000-page site.
func encode(entries []Entry) []byte {
	n := 2
	for _, e := range entries {
		n += 64 + len(e.Reason) + len(e.Summary) + len(e.URL)
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if e.Code != 0 {
			b = strconv.AppendInt(append(b, `"code":`...), int64(e.Code), 10)
			b = append(b, ',')
		}
		if e.Cause != 0 {
			b = strconv.AppendInt(append(b, `"cause":`...), int64(e.Cause), 10)
			b = append(b, ',')
		}
		b = jsonenc.AppendString(append(b, `"reason":`...), e.Reason)
		if e.Summary != "" {
			b = jsonenc.AppendString(append(b, `,"summary":`...), e.Summary)
		}
		if len(e.Aliases) > 0 {
			b = appendStrings(append(b, `,"aliases":`...), e.Aliases)
		}
		if len(e.Names) > 0 {
			b = appendStrings(append(b, `,"names":`...), e.Names)
		}
		if len(e.Q850) > 0 {
			b = append(b, `,"q850":[`...)
			for j, q := range e.Q850 {
				if j > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(q), 10)
			}
			b = append(b, ']')
		}
		if e.Class != "" {
			b = jsonenc.AppendString(append(b, `,"class":`...), e.Class)
		}
		if e.Status != "" {
			b = jsonenc.AppendString(append(b, `,"status":`...), e.Status)
		}
		b = jsonenc.AppendString(append(b, `,"url":`...), e.URL)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendStrings appends a JSON array of strings; a nil slice is an empty
// array here (omitempty leaves it out before this is called).
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, s)
	}
	return append(b, ']')
}
