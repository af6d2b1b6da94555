// Package registry holds the SIP response codes that the site must document,
// as data: codes.csv, taken from the IANA "Response Codes" registry plus the
// obsolete RFC 2543 codes that equipment still sends. The site generator
// checks every code page against it, so a wrong phrase, status or defining
// RFC, or a missing page, fails the build.
//
// It also holds rfcsections.txt, the section numbers of every RFC the site
// cites, so that a link or reference to a section an RFC lacks fails the
// build too (KnownRFC, HasSection). The file is made by ./gen from the
// plain-text RFCs, whose source its header names; to add an RFC, put its
// rfcNNNN.txt with the others and run gen again.
//
// For the ISUP side of gateways it holds causes.csv, every ISDN/ISUP cause
// value of ITU-T Q.850 with Wireshark's name for it, plus the Q.931 values
// 52 and 54 marked as not Q.850 (Causes, LookupCause, Q850Cause, with
// CauseClass and Cause.Octet for a cause page), and the two tables of RFC
// 3398 as the RFC prints them: §7.2.4.1, the SIP response a gateway sends
// for an ISUP cause (rfc3398_isup_sip.csv: ISUPToSIPTable, ISUPToSIP), and
// §8.2.6.1, the cause it sends for a SIP response (rfc3398_sip_isup.csv:
// SIPToISUPTable, SIPToISUP). Each lookup also says whether the answer is
// a row, a row that gives none or defers to the Warning header, or the
// RFC's rule for values the table leaves out (Rule). Every row names a cause
// in Causes and a code in All, which the tests hold it to.
package registry

import (
	_ "embed"
	"fmt"
	"strconv"
)

// Entry is one row of the registry.
type Entry struct {
	Code   int
	Reason string // the registered reason phrase, exactly
	Status string // current, deprecated or obsolete
	RFC    int    // the RFC that defines the code
	Source string // where the row comes from
}

//go:embed codes.csv
var data string

// All lists every entry, in code order.
var All = mustParse(data)

var byCode = index(All)

// Lookup returns the entry for code.
func Lookup(code int) (Entry, bool) {
	e, ok := byCode[code]
	return e, ok
}

func index(all []Entry) map[int]Entry {
	m := make(map[int]Entry, len(all))
	for _, e := range all {
		m[e.Code] = e
	}
	return m
}

func mustParse(s string) []Entry {
	all, err := parse(s)
	if err != nil {
		panic("registry: codes.csv: " + err.Error()) // embedded data; TestParse guards it
	}
	return all
}

func parse(s string) ([]Entry, error) {
	rows, err := readCSV(s, "code,reason,status,rfc,source")
	if err != nil {
		return nil, err
	}
	var all []Entry
	for _, row := range rows {
		code, err1 := strconv.Atoi(row[0])
		rfc, err2 := strconv.Atoi(row[3])
		if err1 != nil || err2 != nil || code < 100 || code > 699 {
			return nil, fmt.Errorf("row %v: want a code from 100 to 699 and an RFC number", row)
		}
		if len(all) > 0 && all[len(all)-1].Code >= code {
			return nil, fmt.Errorf("row %v: codes must be in increasing order", row)
		}
		switch row[2] {
		case "current", "deprecated", "obsolete":
		default:
			return nil, fmt.Errorf("row %v: unknown status %q", row, row[2])
		}
		all = append(all, Entry{Code: code, Reason: row[1], Status: row[2], RFC: rfc, Source: row[4]})
	}
	return all, nil
}
