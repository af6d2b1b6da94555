package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// snippet is C written for these tests, in the shapes the Asterisk
// sources use: numeric defines and aliases, labels falling through to one
// return (an alias among them), a label sharing the default, class ranges
// in the default, comments holding things that look like code.
const snippetAsterisk = `#ifndef X_H
#define X_CAUSE_ONE        1
#define X_CAUSE_BUSY      17 /* busy */
/* #define X_CAUSE_FAKE 99 */
#define X_CAUSE_BIG      (127)
#define X_CAUSE_ALSO_BUSY  X_CAUSE_BUSY
#define X_CAUSE_NONE       0

static int to_sip(int cause)
{
	switch (cause) {
	case X_CAUSE_ONE:        /* 1 */
	case X_CAUSE_ALSO_BUSY:  /* case 5: return 6; */
		return 486;
	case X_CAUSE_NONE:
	default:
		return 0;
	}
	return 0;
}

const int to_cause(int code)
{
	switch(code) {
	case 486:       /* Busy */
		return X_CAUSE_BUSY;
	default:
		if (code < 500 && code >= 400) {
			return X_CAUSE_BIG;
		} else if (code >= 500 && code < 600) {
			return X_CAUSE_ONE;
		}
		return X_CAUSE_NONE;
	}
}

void terminate(int response)
{
	if (!response) {
		response = 603;
	}
}
`

func TestParseDefinesAsterisk(t *testing.T) {
	defs, aliases, err := parseDefinesAsterisk(snippetAsterisk, "X_CAUSE_")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(defs), fmt.Sprint([]defineAsterisk{{"ONE", 1, 2}, {"BUSY", 17, 3}, {"BIG", 127, 5}, {"NONE", 0, 7}}); got != want {
		t.Errorf("defines %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(aliases), fmt.Sprint([]aliasAsterisk{{"ALSO_BUSY", "BUSY", 6}}); got != want {
		t.Errorf("aliases %s, want %s", got, want)
	}
}

func TestParseDefinesErrorsAsterisk(t *testing.T) {
	for _, src := range []string{
		"#define X_A 1\n#define X_B (X_A + 1)\n",
		"#define X_A 1\n#define X_B 1\n",
		"#define Y_A 1\n",
	} {
		if _, _, err := parseDefinesAsterisk(src, "X_"); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestParseSwitchFallThroughAndDefaultAsterisk(t *testing.T) {
	tb, err := parseSwitch(snippetAsterisk, "to_sip")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tb.Cases {
		got = append(got, fmt.Sprintf("%s=%s@%d", c.Label, c.Value, c.Line))
	}
	want := "X_CAUSE_ONE=486@12 X_CAUSE_ALSO_BUSY=486@13 X_CAUSE_NONE=0@15"
	if strings.Join(got, " ") != want {
		t.Errorf("cases %v, want %s", got, want)
	}
	d, err := tb.onlyDefault()
	if err != nil || d.Value != "0" || d.Line != 17 {
		t.Errorf("default %+v, %v; want 0 at line 17", d, err)
	}
}

func TestParseSwitchClassDefaultsAsterisk(t *testing.T) {
	tb, err := parseSwitch(snippetAsterisk, "to_cause")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Cases) != 1 || tb.Cases[0].Label != "486" || tb.Cases[0].Value != "X_CAUSE_BUSY" || tb.Cases[0].Line != 25 {
		t.Errorf("cases %+v", tb.Cases)
	}
	want := []struct {
		cond, val string
		line      int
	}{
		{"code < 500 && code >= 400", "X_CAUSE_BIG", 29},
		{"code >= 500 && code < 600", "X_CAUSE_ONE", 31},
		{"", "X_CAUSE_NONE", 33},
	}
	if len(tb.Default) != len(want) {
		t.Fatalf("default returns %+v", tb.Default)
	}
	for i, w := range want {
		d := tb.Default[i]
		if d.Cond != w.cond || d.Value != w.val || d.Line != w.line {
			t.Errorf("default return %d = %q %s@%d, want %q %s@%d", i, d.Cond, d.Value, d.Line, w.cond, w.val, w.line)
		}
	}
}

func TestParseRangeAsterisk(t *testing.T) {
	for cond, want := range map[string][2]int{
		"code < 500 && code >= 400": {400, 500},
		"code >= 500 && code < 600": {500, 600},
		"cause<700&&cause>=600":     {600, 700},
	} {
		lo, hi, ok := parseRangeAsterisk(cond)
		if !ok || lo != want[0] || hi != want[1] {
			t.Errorf("%q: %d %d %v, want %v", cond, lo, hi, ok, want)
		}
	}
	for _, cond := range []string{"code > 400", "code < 400 && code >= 500", "a < 5 || a >= 1"} {
		if _, _, ok := parseRangeAsterisk(cond); ok {
			t.Errorf("%q read as a range", cond)
		}
	}
}

func TestParseZeroResponseAsterisk(t *testing.T) {
	n, line, err := parseZeroResponseAsterisk(snippetAsterisk, "terminate")
	if err != nil || n != 603 || line != 40 {
		t.Errorf("got %d at %d, %v; want 603 at 40", n, line, err)
	}
	if _, _, err := parseZeroResponseAsterisk("void terminate(int r)\n{\n\tif (!r) { x = 603; }\n}\n", "terminate"); err == nil {
		t.Error("a rule setting another variable was accepted")
	}
	if _, _, err := parseZeroResponseAsterisk("void other(int r)\n{\n}\n", "terminate"); err == nil {
		t.Error("a missing function was accepted")
	}
}

func TestRunOnSnippetAsterisk(t *testing.T) {
	files := map[string]string{
		causesFileAsterisk:    snippetAsterisk,
		toSIPFileAsterisk:     strings.ReplaceAll(snippetAsterisk, "to_sip", toSIPFuncAsterisk),
		terminateFileAsterisk: strings.ReplaceAll(snippetAsterisk, "terminate", terminateFuncAsterisk),
		toCauseFileAsterisk:   strings.ReplaceAll(snippetAsterisk, "to_cause", toCauseFuncAsterisk),
	}
	// The facts' anchors are not in the snippet; check the tables only.
	saved := factsAsterisk
	factsAsterisk = nil
	defer func() { factsAsterisk = saved }()
	read := func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(s), nil
	}
	var out bytes.Buffer
	if err := runAsterisk(&out, read, strings.Repeat("a", 40), []int{400, 486, 499, 503, 603}); err == nil {
		t.Fatal("the snippet's defines use prefix X_CAUSE_, not AST_CAUSE_; want an error")
	}
	for k, v := range files {
		files[k] = strings.ReplaceAll(v, "X_CAUSE_", causePfxAsterisk)
	}
	out.Reset()
	if err := runAsterisk(&out, read, strings.Repeat("a", 40), []int{400, 486, 499, 503, 603}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"  default: 603\n  default_line: 40\n",
		"    - {cause: 17, sip: 486, line: 13}\n",
		"    - {cause: 0, sip: 603, line: 15, note: ",
		"  default: 0\n  default_line: 33\n",
		"    - {sip: 486, cause: 17, line: 25}\n",
		"    - {sip: 400, cause: 127, line: 29, note: ",
		"    - {sip: 499, cause: 127, line: 29, note: ",
		"    - {sip: 503, cause: 1, line: 31, note: ",
		"  prefix: AST_CAUSE_\n",
		"    - {cause: 17, name: ALSO_BUSY, line: 6, alias: true}\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "sip: 603, cause") {
		t.Errorf("603 is outside every class range and must fall to the plain default:\n%s", got)
	}
	var p platformFile
	dec := yaml.NewDecoder(strings.NewReader(got))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("output does not decode: %v\n%s", err, got)
	}
}

func TestReadCodesAsterisk(t *testing.T) {
	codes, err := readCodesAsterisk(filepath.Join("..", "..", "..", "registry", "codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) < 70 || codes[0] != 100 {
		t.Errorf("%d codes, first %v", len(codes), codes[:1])
	}
}

func TestCommittedDataAsterisk(t *testing.T) {
	p := loadPlatform(t, "asterisk")
	checkPlatform(t, p)
	if p.Platform != "Asterisk (PJSIP)" || p.Repository != repositoryAsterisk {
		t.Errorf("platform %q repository %q", p.Platform, p.Repository)
	}
	if p.Causes.File != causesFileAsterisk || p.CauseToSIP.File != toSIPFileAsterisk || p.SIPToCause.File != toCauseFileAsterisk {
		t.Error("a table cites the wrong file")
	}

	// Spot checks, each read by hand from the sources at the pinned commit.
	if p.CauseToSIP.Default != 603 || p.CauseToSIP.DefaultLine != 3449 {
		t.Errorf("cause_to_sip default %d line %d, want 603 line 3449 (res_pjsip_session.c)", p.CauseToSIP.Default, p.CauseToSIP.DefaultLine)
	}
	if p.SIPToCause.Default != 16 || p.SIPToCause.DefaultLine != 3610 {
		t.Errorf("sip_to_cause default %d line %d, want 16 line 3610", p.SIPToCause.Default, p.SIPToCause.DefaultLine)
	}
	checkSpots(t, p, []spot{
		{true, 21, 403, 2567},
		{true, 34, 503, 2559},
		{true, 38, 500, 2577},
		{true, 0, 603, 2589},
		{false, 603, 21, 3593},
		{false, 500, 38, 3579},
		{false, 503, 34, 3585},
		{false, 483, 19, 3563},
		{false, 400, 127, 3602},
	})
	for _, unlisted := range []int{16, 41, 47, 88, 102} {
		if e, ok := find(p.CauseToSIP, unlisted, true); ok {
			t.Errorf("cause %d is listed (sip %d); it falls to the 603 default", unlisted, e.SIP)
		}
	}
	if n := len(p.Causes.Entries); n != 57 {
		t.Errorf("%d causes, want 49, NOTDEFINED and 7 aliases", n)
	}
	if n := len(p.CauseToSIP.Entries); n != 21 {
		t.Errorf("%d cause_to_sip entries, want the 21 case labels", n)
	}
}
