package registry

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// Cause is one ISUP/ISDN cause value, a row of causes.csv.
type Cause struct {
	Value    int      // 1-127
	Name     string   // Q.850's name, less "(national use)"
	Also     []string // other names decoders print for it (Wireshark's)
	National bool     // Q.850 marks the value "(national use)"
	Standard bool     // Q.850 assigns the value; false for 52 and 54, from Q.931
	Source   string   // where the row comes from
}

//go:embed causes.csv
var causesData string

// Causes lists every cause value, in value order.
var Causes = mustParseCauses(causesData)

var byValue = indexCauses(Causes)

// LookupCause returns cause value n.
func LookupCause(n int) (Cause, bool) {
	c, ok := byValue[n]
	return c, ok
}

// Q850Cause returns the name of cause n, or "" when Causes lacks it.
func Q850Cause(n int) string { return byValue[n].Name }

// CauseClass names the Q.850 class of cause value n, which its top three
// bits give: "normal event" for 0-31 (Q.850 splits it into two classes,
// 0-15 and 16-31, both called normal event), "resource unavailable" 32-47,
// "service or option not available" 48-63, "service or option not
// implemented" 64-79, "invalid message" 80-95, "protocol error" 96-111 and
// "interworking" 112-127. It is "" for a number outside 0-127.
func CauseClass(n int) string {
	if n < 0 || n > 127 {
		return ""
	}
	return causeClasses[n>>4]
}

var causeClasses = [8]string{
	"normal event", "normal event",
	"resource unavailable",
	"service or option not available",
	"service or option not implemented",
	"invalid message",
	"protocol error",
	"interworking",
}

// Octet is the cause value octet as an ISDN or ISUP trace prints it: the
// value in bits 7-1 and the extension bit (bit 8) set, since it is the last
// octet of its group. So cause 34 is 0xA2 and cause 16 is 0x90. A trace's
// "Cause i = 0x82A2" is the location octet (0x82: coding standard ITU-T,
// location 2, public network serving the local user) followed by this one;
// "CAU = 82 90" is the same pair for cause 16. The value is Octet() & 0x7F.
func (c Cause) Octet() byte { return 0x80 | byte(c.Value) }

func indexCauses(all []Cause) map[int]Cause {
	m := make(map[int]Cause, len(all))
	for _, c := range all {
		m[c.Value] = c
	}
	return m
}

func mustParseCauses(s string) []Cause {
	all, err := parseCauses(s)
	if err != nil {
		panic("registry: causes.csv: " + err.Error()) // embedded data; TestCausesData guards it
	}
	return all
}

func parseCauses(s string) ([]Cause, error) {
	rows, err := readCSV(s, "value,name,also,national,standard,source")
	if err != nil {
		return nil, err
	}
	var all []Cause
	for _, row := range rows {
		n, err := strconv.Atoi(row[0])
		if err != nil || n < 1 || n > 127 {
			return nil, fmt.Errorf("row %v: want a cause value from 1 to 127", row)
		}
		if len(all) > 0 && all[len(all)-1].Value >= n {
			return nil, fmt.Errorf("row %v: values must be in increasing order", row)
		}
		national, ok1 := yesNo(row[3])
		standard, ok2 := yesNo(row[4])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("row %v: national and standard must be yes or no", row)
		}
		if row[1] == "" || strings.HasSuffix(row[1], "(national use)") {
			return nil, fmt.Errorf("row %v: want a name, without \"(national use)\"", row)
		}
		var also []string
		if row[2] != "" {
			also = strings.Split(row[2], ";")
		}
		all = append(all, Cause{Value: n, Name: row[1], Also: also, National: national, Standard: standard, Source: row[5]})
	}
	return all, nil
}

func yesNo(s string) (v, ok bool) {
	switch s {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	return false, false
}

// readCSV reads a data file of # comments, the header want and rows of as
// many fields.
func readCSV(s, want string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.Comment = '#'
	r.FieldsPerRecord = strings.Count(want, ",") + 1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != want {
		return nil, fmt.Errorf("want the header %s", want)
	}
	return rows[1:], nil
}
