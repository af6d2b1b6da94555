package registry

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
)

// Rule says how an RFC 3398 mapping table answers for a value.
type Rule string

const (
	RuleRow     Rule = ""        // a row of the table gives the answer
	RuleNone    Rule = "none"    // the RFC gives no answer: cause 16 (a BYE or CANCEL instead) and 44, code 487 ("no mapping")
	RuleWarning Rule = "warning" // the row says the Warning header decides (488, 606): WarningCause or WarningBearerCause
	RuleDefault Rule = "default" // the table has no row, and the RFC's rule for those applies
)

// What RFC 3398 says for values its tables leave out.
const (
	DefaultCode         = 500 // §7.2.4.1: the response for a cause the table does not list
	UntranslatableCause = 44  // §7.2.4.1: a cause that gets no response; the gateway picks another circuit
	DefaultCause        = 31  // §8.2.6.1: the cause for a response the table does not list
	WarningCause        = 31  // §8.2.6.1: the cause for a 488 or 606 with most Warning codes
	WarningBearerCause  = 65  // §8.2.6.1: the cause when the Warning code speaks to an unavailable bearer capability
)

// ISUPToSIPRow is a row of RFC 3398 §7.2.4.1, the response a gateway sends
// for the cause in an ISUP REL.
type ISUPToSIPRow struct {
	Heading  string // the RFC's heading over the table: "Normal event"
	Cause    int
	Label    string // the RFC's words for the cause: "no route to network"
	Code     int    // 0 where the RFC prints "---" (cause 16)
	Response string // the RFC's words for the response: "Not found", or "---"
	Mark     string // the RFC's footnote mark: "*", "+", "=" or ""
	Rule     Rule   // RuleRow, or RuleNone where Code is 0
}

// Note is the footnote the row's mark refers to, in short, or "".
func (r ISUPToSIPRow) Note() string {
	switch r.Mark {
	case "*":
		return "Cause 16 usually results in a BYE or CANCEL, not a response."
	case "+":
		return "If the cause location is user, the 6xx can be sent instead of the 4xx: 403 becomes 603."
	case "=":
		return "ANSI networks overload cause 26 to mean a misrouted ported number."
	}
	return ""
}

// SIPToISUPRow is a row of RFC 3398 §8.2.6.1, the cause a gateway sends in
// the REL for a rejection of its INVITE.
type SIPToISUPRow struct {
	Code     int    // 505 for the row the RFC prints as "504 Version Not Supported"
	Printed  int    // the code as the RFC prints it
	Response string // the RFC's words for the response: "Not found"
	Cause    int    // 0 where the RFC prints "---" (487, 488, 606)
	Label    string // the RFC's words for the cause, or "(no mapping)" or "by Warning header"
	Mark     string // the RFC's footnote mark: "*", "+" or ""
	Rule     Rule   // RuleRow, RuleNone (487) or RuleWarning (488, 606)
}

// Note is the footnote the row's mark refers to, in short, or "".
func (r SIPToISUPRow) Note() string {
	switch r.Mark {
	case "*":
		return "A gateway that can authenticate itself should do so and go on with the call; only if it cannot should it send cause 21."
	case "+":
		return "A gateway should first try to remedy the error and re-originate the session; only if that fails should it release the ISUP call."
	}
	return ""
}

var (
	//go:embed rfc3398_isup_sip.csv
	isupToSIPData string
	//go:embed rfc3398_sip_isup.csv
	sipToISUPData string
)

// ISUPToSIPTable and SIPToISUPTable list the rows of RFC 3398 §7.2.4.1 and
// §8.2.6.1, in the RFC's order. Cause 22 has two rows, without and with a
// diagnostic (the new number).
var (
	ISUPToSIPTable = mustParse3398(isupToSIPData, parseISUPToSIP)
	SIPToISUPTable = mustParse3398(sipToISUPData, parseSIPToISUP)
)

// ISUPToSIP returns the response RFC 3398 §7.2.4.1 has a gateway send for
// cause, and how the RFC gives it. Where the table has a row, rule is
// RuleRow; for cause 22 the row without a diagnostic (410; with the new
// number a gateway sends 301), for 21 the 403 (603 when the location is the
// user). For cause 16, which usually ends the call with a BYE or CANCEL, and
// for UntranslatableCause, 44, which the RFC's prose says gets no response
// though its tables do not list it, code is 0 and rule RuleNone. Any other
// cause gets DefaultCode and RuleDefault.
func ISUPToSIP(cause int) (code int, rule Rule) {
	for _, r := range ISUPToSIPTable {
		if r.Cause == cause {
			return r.Code, r.Rule
		}
	}
	if cause == UntranslatableCause {
		return 0, RuleNone
	}
	return DefaultCode, RuleDefault
}

// SIPToISUP returns the cause RFC 3398 §8.2.6.1 has a gateway send for a
// response code, and how the RFC gives it: RuleRow where a row names the
// cause; cause 0 and RuleNone for 487 (no mapping), and RuleWarning for 488
// and 606 (the Warning header decides: WarningCause or WarningBearerCause);
// DefaultCause and RuleDefault for a code the table does not list.
func SIPToISUP(code int) (cause int, rule Rule) {
	for _, r := range SIPToISUPTable {
		if r.Code == code {
			return r.Cause, r.Rule
		}
	}
	return DefaultCause, RuleDefault
}

// ISUPToSIPRows returns the §7.2.4.1 rows for cause, in the RFC's order.
func ISUPToSIPRows(cause int) []ISUPToSIPRow {
	var rows []ISUPToSIPRow
	for _, r := range ISUPToSIPTable {
		if r.Cause == cause {
			rows = append(rows, r)
		}
	}
	return rows
}

// SIPToISUPRows returns the §8.2.6.1 rows that map a response code to
// cause, in the RFC's order: the codes that map to a cause page's cause.
func SIPToISUPRows(cause int) []SIPToISUPRow {
	var rows []SIPToISUPRow
	for _, r := range SIPToISUPTable {
		if r.Rule == RuleRow && r.Cause == cause {
			rows = append(rows, r)
		}
	}
	return rows
}

func mustParse3398[T any](s string, parse func(string) ([]T, error)) []T {
	rows, err := parse(s)
	if err != nil {
		panic("registry: RFC 3398 table: " + err.Error()) // embedded data; TestRFC3398Data guards it
	}
	return rows
}

func parseISUPToSIP(s string) ([]ISUPToSIPRow, error) {
	rows, err := readCSV(s, "heading,cause,label,code,response,mark")
	if err != nil {
		return nil, err
	}
	var all []ISUPToSIPRow
	for _, row := range rows {
		r := ISUPToSIPRow{Heading: row[0], Label: row[2], Response: row[4], Mark: row[5]}
		var ok bool
		if r.Cause, ok = number(row[1], 1, 127); !ok {
			return nil, fmt.Errorf("row %v: want a cause value from 1 to 127", row)
		}
		if len(all) > 0 && all[len(all)-1].Cause > r.Cause {
			return nil, fmt.Errorf("row %v: causes must be in order", row)
		}
		switch {
		case row[3] == "" && r.Response == "---":
			r.Rule = RuleNone
		case row[3] == "":
			return nil, fmt.Errorf("row %v: a row without a code must say ---", row)
		default:
			if r.Code, ok = number(row[3], 100, 699); !ok {
				return nil, fmt.Errorf("row %v: want a response code", row)
			}
		}
		if !markOK(r.Mark, "*", "+", "=") || r.Heading == "" || r.Label == "" || r.Response == "" {
			return nil, fmt.Errorf("row %v: want a heading, label, response and a mark of *, + or =", row)
		}
		all = append(all, r)
	}
	return all, nil
}

func parseSIPToISUP(s string) ([]SIPToISUPRow, error) {
	rows, err := readCSV(s, "code,printed,response,cause,label,mark")
	if err != nil {
		return nil, err
	}
	var all []SIPToISUPRow
	for _, row := range rows {
		r := SIPToISUPRow{Response: row[2], Label: row[4], Mark: row[5]}
		var ok1, ok2 bool
		r.Code, ok1 = number(row[0], 400, 699)
		r.Printed, ok2 = number(row[1], 400, 699)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("row %v: want failure response codes", row)
		}
		if len(all) > 0 && all[len(all)-1].Code >= r.Code {
			return nil, fmt.Errorf("row %v: codes must be in increasing order", row)
		}
		switch {
		case row[3] == "" && r.Label == "(no mapping)":
			r.Rule = RuleNone
		case row[3] == "" && r.Label == "by Warning header":
			r.Rule = RuleWarning
		case row[3] == "":
			return nil, fmt.Errorf("row %v: a row without a cause must say (no mapping) or by Warning header", row)
		default:
			var ok bool
			if r.Cause, ok = number(row[3], 1, 127); !ok {
				return nil, fmt.Errorf("row %v: want a cause value from 1 to 127", row)
			}
		}
		if !markOK(r.Mark, "*", "+") || r.Response == "" || r.Label == "" {
			return nil, fmt.Errorf("row %v: want a response, label and a mark of * or +", row)
		}
		all = append(all, r)
	}
	return all, nil
}

func number(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && lo <= n && n <= hi
}

func markOK(mark string, marks ...string) bool {
	return mark == "" || slices.Contains(marks, mark)
}
