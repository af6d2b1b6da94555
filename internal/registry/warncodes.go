package registry

import (
	_ "embed"
	"fmt"
	"strconv"
)

// WarnCode is a registered Warning header code (RFC 3261 §20.43).
type WarnCode struct {
	Code    int    // 300-399
	Text    string // the warn-text the defining RFC recommends: "Incompatible media format"
	RFC     int    // the RFC that defines it
	Section string // and its section
	Meaning string // in this site's words
}

//go:embed warncodes.csv
var warnData string

// WarnCodes lists the registered warn-codes, in code order.
var WarnCodes = mustParseWarn(warnData)

func mustParseWarn(s string) []WarnCode {
	rows, err := readCSV(s, "code,text,rfc,section,meaning")
	if err != nil {
		panic("registry: warncodes.csv: " + err.Error()) // embedded data; TestWarnCodes guards it
	}
	var all []WarnCode
	for _, r := range rows {
		code, err1 := strconv.Atoi(r[0])
		rfc, err2 := strconv.Atoi(r[2])
		if err1 != nil || err2 != nil || code < 300 || code > 399 || len(all) > 0 && all[len(all)-1].Code >= code || r[1] == "" || r[4] == "" {
			panic(fmt.Sprintf("registry: warncodes.csv: row %v: want code 300-399 in order, text, rfc, section and meaning", r))
		}
		all = append(all, WarnCode{code, r[1], rfc, r[3], r[4]})
	}
	return all
}
