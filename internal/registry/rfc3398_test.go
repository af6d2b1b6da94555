package registry

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var rfcDir = flag.String("rfcdir", "", "directory of plain-text RFCs (rfc3398.txt) to check the RFC 3398 tables against")

func TestRFC3398Data(t *testing.T) {
	if _, err := parseISUPToSIP(isupToSIPData); err != nil {
		t.Fatal("rfc3398_isup_sip.csv:", err)
	}
	if _, err := parseSIPToISUP(sipToISUPData); err != nil {
		t.Fatal("rfc3398_sip_isup.csv:", err)
	}
	for _, r := range ISUPToSIPTable {
		if _, ok := LookupCause(r.Cause); !ok {
			t.Errorf("§7.2.4.1 row %+v: cause %d is not in causes.csv", r, r.Cause)
		}
		if _, ok := Lookup(r.Code); r.Code != 0 && !ok {
			t.Errorf("§7.2.4.1 row %+v: code %d is not in codes.csv", r, r.Code)
		}
	}
	for _, r := range SIPToISUPTable {
		if _, ok := Lookup(r.Code); !ok {
			t.Errorf("§8.2.6.1 row %+v: code %d is not in codes.csv", r, r.Code)
		}
		if _, ok := LookupCause(r.Cause); r.Cause != 0 && !ok {
			t.Errorf("§8.2.6.1 row %+v: cause %d is not in causes.csv", r, r.Cause)
		}
		// The one row the RFC misnumbers: "504 Version Not Supported" is 505's phrase.
		if r.Printed != r.Code && (r.Code != 505 || r.Printed != 504) {
			t.Errorf("§8.2.6.1 row %+v: printed as %d", r, r.Printed)
		}
	}
	for _, n := range []int{DefaultCause, WarningCause, WarningBearerCause, UntranslatableCause} {
		if _, ok := LookupCause(n); !ok {
			t.Errorf("cause %d is not in causes.csv", n)
		}
	}
	if _, ok := Lookup(DefaultCode); !ok {
		t.Errorf("code %d is not in codes.csv", DefaultCode)
	}
}

// TestRFC3398Transcription holds the data files to a second transcription,
// made from the RFC's text separately, of which cause each row pairs with
// which code (0 for "---").
func TestRFC3398Transcription(t *testing.T) {
	// RFC 3398 §7.2.4.1: "If a cause value other than those listed below is
	// received, the default response '500 Server internal error' SHOULD be
	// used." And of cause 44: "receipt of cause code 44 should not result in
	// any SIP status code being sent; effectively, the cause code is
	// untranslatable."
	isup := [][2]int{
		{1, 404}, {2, 404}, {3, 404}, {16, 0}, {17, 486}, {18, 408}, {19, 480}, {20, 480},
		{21, 403}, {22, 410}, {22, 301}, {23, 410}, {26, 404}, {27, 502}, {28, 484}, {29, 501},
		{31, 480},                                             // normal event
		{34, 503}, {38, 503}, {41, 503}, {42, 503}, {47, 503}, // resource unavailable
		{55, 403}, {57, 403}, {58, 503}, // service or option not available
		{65, 488}, {70, 488}, {79, 501}, // headed "Service or option not available" again
		{87, 403}, {88, 503}, // invalid message
		{102, 504}, {111, 500}, // protocol error
		{127, 500}, // interworking
	}
	// RFC 3398 §8.2.6.1: "Any SIP status codes not listed below [...] should
	// be mapping to cause code 31 "Normal, unspecified"." For 488 and 606,
	// "by Warning header": "'31 Normal, unspecified' SHOULD by default be
	// used for most currently assigned Warning codes. If the Warning code
	// speaks to an unavailable bearer capability, cause code '65 Bearer
	// Capability Not Implemented' is a RECOMMENDED mapping."
	sip := [][2]int{
		{400, 41}, {401, 21}, {402, 21}, {403, 21}, {404, 1}, {405, 63}, {406, 79}, {407, 21},
		{408, 102}, {410, 22}, {413, 127}, {414, 127}, {415, 79}, {416, 127}, {420, 127},
		{421, 127}, {423, 127}, {480, 18}, {481, 41}, {482, 25}, {483, 25}, {484, 28},
		{485, 1}, {486, 17}, {487, 0}, {488, 0}, {500, 41}, {501, 79}, {502, 38}, {503, 41},
		{504, 102}, {505, 127}, {513, 127}, {600, 17}, {603, 21}, {604, 1}, {606, 0},
	}
	var gotISUP, gotSIP [][2]int
	for _, r := range ISUPToSIPTable {
		gotISUP = append(gotISUP, [2]int{r.Cause, r.Code})
	}
	for _, r := range SIPToISUPTable {
		gotSIP = append(gotSIP, [2]int{r.Code, r.Cause})
	}
	comparePairs(t, "§7.2.4.1 (cause, code)", gotISUP, isup)
	comparePairs(t, "§8.2.6.1 (code, cause)", gotSIP, sip)
}

func comparePairs(t *testing.T, what string, got, want [][2]int) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w [2]int
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s row %d = %v, want %v", what, i+1, g, w)
		}
	}
}

func TestISUPToSIP(t *testing.T) {
	for _, tt := range []struct {
		cause, code int
		rule        Rule
	}{
		{1, 404, RuleRow},
		{16, 0, RuleNone},
		{17, 486, RuleRow},
		{21, 403, RuleRow},
		{22, 410, RuleRow}, // the row without a diagnostic comes first
		{31, 480, RuleRow},
		{44, 0, RuleNone},
		{102, 504, RuleRow},
		{127, 500, RuleRow},
		{24, 500, RuleDefault},
		{99, 500, RuleDefault},
		{52, 500, RuleDefault},
		{0, 500, RuleDefault},
	} {
		code, rule := ISUPToSIP(tt.cause)
		if code != tt.code || rule != tt.rule {
			t.Errorf("ISUPToSIP(%d) = %d, %q; want %d, %q", tt.cause, code, rule, tt.code, tt.rule)
		}
	}
	if rows := ISUPToSIPRows(22); len(rows) != 2 || rows[0].Code != 410 || rows[1].Code != 301 {
		t.Errorf("ISUPToSIPRows(22) = %+v; want 410 then 301", rows)
	}
	if rows := ISUPToSIPRows(44); len(rows) != 0 {
		t.Errorf("ISUPToSIPRows(44) = %+v; want none", rows)
	}
}

func TestSIPToISUP(t *testing.T) {
	for _, tt := range []struct {
		code, cause int
		rule        Rule
	}{
		{400, 41, RuleRow},
		{404, 1, RuleRow},
		{486, 17, RuleRow},
		{487, 0, RuleNone},
		{488, 0, RuleWarning},
		{504, 102, RuleRow},
		{505, 127, RuleRow},
		{606, 0, RuleWarning},
		{409, 31, RuleDefault},
		{422, 31, RuleDefault},
		{580, 31, RuleDefault},
		{200, 31, RuleDefault},
	} {
		cause, rule := SIPToISUP(tt.code)
		if cause != tt.cause || rule != tt.rule {
			t.Errorf("SIPToISUP(%d) = %d, %q; want %d, %q", tt.code, cause, rule, tt.cause, tt.rule)
		}
	}
	var codes []int
	for _, r := range SIPToISUPRows(127) {
		codes = append(codes, r.Code)
	}
	if want := []int{413, 414, 416, 420, 421, 423, 505, 513}; !slices.Equal(codes, want) {
		t.Errorf("SIPToISUPRows(127) codes = %v, want %v", codes, want)
	}
	if rows := SIPToISUPRows(0); len(rows) != 0 {
		t.Errorf("SIPToISUPRows(0) = %+v; want none (487, 488 and 606 have no cause)", rows)
	}
}

// TestRFC3398Headings checks the RFC's table headings against CauseClass.
// The RFC heads 65, 70 and 79 "Service or option not available" a second
// time; Q.850's class for 64-79 is "service or option not implemented".
func TestRFC3398Headings(t *testing.T) {
	for _, r := range ISUPToSIPTable {
		want := CauseClass(r.Cause)
		if r.Cause >= 64 && r.Cause <= 79 {
			want = "service or option not available"
		}
		if !strings.EqualFold(r.Heading, want) {
			t.Errorf("cause %d is under %q; its class is %q", r.Cause, r.Heading, CauseClass(r.Cause))
		}
	}
}

func TestParse3398Rejects(t *testing.T) {
	const ih = "heading,cause,label,code,response,mark\n"
	for _, src := range []string{
		"",
		ih + "Normal event,0,x,404,Not Found,\n",
		ih + "Normal event,1,x,40,Not Found,\n",
		ih + "Normal event,16,x,,Gone,\n",
		ih + "Normal event,1,x,404,Not Found,!\n",
		ih + "Normal event,2,x,404,Not found,\nNormal event,1,x,404,Not Found,\n",
		ih + ",1,x,404,Not Found,\n",
	} {
		if _, err := parseISUPToSIP(src); err == nil {
			t.Errorf("parseISUPToSIP(%q) succeeded", src)
		}
	}
	const sh = "code,printed,response,cause,label,mark\n"
	for _, src := range []string{
		"",
		sh + "300,300,Multiple,1,x,\n",
		sh + "400,400,Bad Request,128,x,\n",
		sh + "487,487,Request Terminated,,nothing,\n",
		sh + "401,401,Unauthorized,21,Call rejected,=\n",
		sh + "401,401,Unauthorized,21,x,\n400,400,Bad Request,41,x,\n",
		sh + "400,400,Bad Request,41,x,\n400,400,Bad Request,41,x,\n",
	} {
		if _, err := parseSIPToISUP(src); err == nil {
			t.Errorf("parseSIPToISUP(%q) succeeded", src)
		}
	}
}

// TestRFC3398Text checks both data files, row by row and word for word,
// against the plain text of RFC 3398, given the directory that gen reads:
//
//	go test ./internal/registry -run RFC3398Text -rfcdir DIR
func TestRFC3398Text(t *testing.T) {
	if *rfcDir == "" {
		t.Skip("no -rfcdir: not checking against the RFC text")
	}
	b, err := os.ReadFile(filepath.Join(*rfcDir, "rfc3398.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	prose := strings.Join(strings.Fields(strings.Join(section(t, text, "7.2.4.1 ", "8.2.7 "), "\n")), " ")
	for _, rule := range []string{
		"If a cause value other than those listed below is received, the default response '500 Server internal error' SHOULD be used.",
		"receipt of cause code 44 should not result in any SIP status code being sent",
		`should be mapping to cause code 31 "Normal, unspecified"`,
		"'31 Normal, unspecified' SHOULD by default be used for most currently assigned Warning codes",
		"cause code '65 Bearer Capability Not Implemented' is a RECOMMENDED mapping",
	} {
		if !strings.Contains(prose, rule) {
			t.Errorf("rfc3398.txt does not say %q", rule)
		}
	}

	isup := parseISUPText(section(t, text, "7.2.4.1 ", "7.2.5 "))
	if len(isup) != len(ISUPToSIPTable) {
		t.Errorf("§7.2.4.1 has %d rows in the text, %d in rfc3398_isup_sip.csv", len(isup), len(ISUPToSIPTable))
	}
	for i := range min(len(isup), len(ISUPToSIPTable)) {
		r := ISUPToSIPTable[i]
		code := "---"
		if r.Code != 0 {
			code = strconv.Itoa(r.Code)
		}
		if got := []string{r.Heading, strconv.Itoa(r.Cause), r.Label, code, r.Response, r.Mark}; !slices.Equal(got, isup[i]) {
			t.Errorf("§7.2.4.1 row %d: data %q, text %q", i+1, got, isup[i])
		}
	}

	sip := parseSIPText(section(t, text, "8.2.6.1 ", "8.2.7 "))
	if len(sip) != len(SIPToISUPTable) {
		t.Errorf("§8.2.6.1 has %d rows in the text, %d in rfc3398_sip_isup.csv", len(sip), len(SIPToISUPTable))
	}
	for i := range min(len(sip), len(SIPToISUPTable)) {
		r := SIPToISUPTable[i]
		cause := "---"
		if r.Cause != 0 {
			cause = strconv.Itoa(r.Cause)
		}
		if got := []string{strconv.Itoa(r.Printed), r.Response, cause, r.Label, r.Mark}; !slices.Equal(got, sip[i]) {
			t.Errorf("§8.2.6.1 row %d: data %q, text %q", i+1, got, sip[i])
		}
	}
}

// section returns the lines from the heading that starts with from to the
// one that starts with to, less the page headers and footers.
func section(t *testing.T, text, from, to string) []string {
	t.Helper()
	var lines []string
	in := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, from):
			in = true
		case strings.HasPrefix(line, to):
			return lines
		case in && !strings.HasPrefix(line, "Camarillo, et. al.") && !strings.HasPrefix(line, "RFC 3398 "):
			lines = append(lines, strings.TrimRight(line, " \r\f"))
		}
	}
	t.Fatalf("rfc3398.txt: no section from %q to %q", from, to)
	return nil
}

var (
	// "   22 number changed (w/o diagnostic)      410 Gone", "   16 normal call clearing  --- (*)"
	isupRowRE     = regexp.MustCompile(`^   ([0-9]{1,3}) +(\S.*?)  +([0-9]{3}|---) ?(.*)$`)
	isupHeadingRE = regexp.MustCompile(`^   ([A-Z][a-z]+(?: [a-z]+)*)$`)
	// "   405 Method not allowed                63 Service or option", then "      unavailable"
	sipRowRE = regexp.MustCompile(`^   ([0-9]{3}) (\S.*?)  +([0-9]{1,3}|---) (.*)$`)
	contRE   = regexp.MustCompile(`^      +(\S.*)$`)
	markRE   = regexp.MustCompile(`^(.*?) ?\(([*+=])\)$`)
)

// parseISUPText returns §7.2.4.1's rows as heading, cause, label, code,
// response, mark.
func parseISUPText(lines []string) [][]string {
	var rows [][]string
	heading := ""
	for i, line := range lines {
		if m := isupHeadingRE.FindStringSubmatch(line); m != nil && i+1 < len(lines) && lines[i+1] == "" {
			heading = m[1]
			continue
		}
		if m := isupRowRE.FindStringSubmatch(line); m != nil {
			response, mark := splitMark(m[4])
			if m[3] == "---" {
				response = "---"
			}
			rows = append(rows, []string{heading, m[1], m[2], m[3], response, mark})
			continue
		}
		if m := contRE.FindStringSubmatch(line); m != nil && len(rows) > 0 && i > 0 && lines[i-1] != "" {
			rows[len(rows)-1][2] += " " + m[1]
		}
	}
	return rows
}

// parseSIPText returns §8.2.6.1's rows as printed code, response, cause,
// label, mark.
func parseSIPText(lines []string) [][]string {
	var rows [][]string
	for i, line := range lines {
		if m := sipRowRE.FindStringSubmatch(line); m != nil {
			rows = append(rows, []string{m[1], m[2], m[3], m[4], ""})
			continue
		}
		if m := contRE.FindStringSubmatch(line); m != nil && len(rows) > 0 && i > 0 && lines[i-1] != "" {
			rows[len(rows)-1][3] += " " + m[1]
		}
	}
	for _, r := range rows {
		r[3], r[4] = splitMark(r[3])
	}
	return rows
}

func splitMark(s string) (text, mark string) {
	if m := markRE.FindStringSubmatch(s); m != nil {
		return m[1], m[2]
	}
	return s, ""
}
