package main

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// snippet is C written for these tests, in the shapes the FreeSWITCH
// sources use: labels falling through to one return, a default, comments
// holding things that look like code, a one-line case, a range, a break.
const snippetFreeSWITCH = `/* header */
typedef enum {
	X_CAUSE_NONE = 0,   /* nothing */
	X_CAUSE_BUSY = 17,
	// X_CAUSE_FAKE = 99,
	X_CAUSE_GONE = 22,
	X_CAUSE_BIG = 800
} x_cause_t;

int x_cause_to_sip(x_cause_t cause);

/* map causes */
static int x_cause_to_sip(x_cause_t cause)
{
	switch (cause) {
	case X_CAUSE_BUSY: /* case X_CAUSE_GONE: return 1; */
		return 486;
	case X_CAUSE_GONE:
	case X_CAUSE_BIG:
		// return 999;
		return 410;
	case 5: return 500;
	case 600 ... 602:
		return (603);
	case 7:
		log("case 8: return 9;");
		break;
	default:
		return 480;
	}
	return 0;
}
`

func TestParseEnumFreeSWITCH(t *testing.T) {
	got, err := parseEnumFreeSWITCH(snippetFreeSWITCH, "x_cause_t", "X_CAUSE_")
	if err != nil {
		t.Fatal(err)
	}
	want := []enumeratorFreeSWITCH{{"NONE", 0, 3}, {"BUSY", 17, 4}, {"GONE", 22, 6}, {"BIG", 800, 7}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseEnumErrorsFreeSWITCH(t *testing.T) {
	for _, src := range []string{
		"typedef enum { A_X = 1 } other_t;",
		"typedef enum { A_X = 1, A_Y } a_t;",
		"typedef enum { A_X = 1, B_Y = 2 } a_t;",
		"typedef enum { } a_t;",
	} {
		if _, err := parseEnumFreeSWITCH(src, "a_t", "A_"); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestParseSwitchFreeSWITCH(t *testing.T) {
	tb, err := parseSwitch(snippetFreeSWITCH, "x_cause_to_sip")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tb.Cases {
		got = append(got, fmt.Sprintf("%s=%s@%d", c.Label, c.Value, c.Line))
	}
	want := []string{
		"X_CAUSE_BUSY=486@16",
		"X_CAUSE_GONE=410@18",
		"X_CAUSE_BIG=410@19",
		"5=500@22",
		"600=603@23", "601=603@23", "602=603@23",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("cases:\n got %v\nwant %v", got, want)
	}
	if _, ok := tb.Labels["7"]; !ok {
		t.Error("label 7 (which breaks) not recorded among the labels")
	}
	d, err := tb.onlyDefault()
	if err != nil {
		t.Fatal(err)
	}
	if d.Value != "480" || d.Line != 29 {
		t.Errorf("default = %s@%d, want 480@29", d.Value, d.Line)
	}
}

func TestParseSwitchErrorsFreeSWITCH(t *testing.T) {
	for name, src := range map[string]string{
		"missing":       "int f(int c) { return 0; }",
		"prototype":     "int g(int c);",
		"no switch":     "int g(int c)\n{\n\treturn 1;\n}\n",
		"no returns":    "int g(int c)\n{\n\tswitch (c) {\n\tcase 1:\n\t\tbreak;\n\t}\n}\n",
		"duplicate":     "int g(int c)\n{\n\tswitch (c) {\n\tcase 1:\n\tcase 1:\n\t\treturn 2;\n\t}\n}\n",
		"not closed":    "int g(int c)\n{\n\tswitch (c) {\n\tcase 1:\n\t\treturn 2;\n",
		"reverse range": "int g(int c)\n{\n\tswitch (c) {\n\tcase 5 ... 1:\n\t\treturn 2;\n\t}\n}\n",
	} {
		if _, err := parseSwitch(src, "g"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestOnlyDefaultConditionalFreeSWITCH(t *testing.T) {
	src := "int g(int c)\n{\n\tswitch (c) {\n\tcase 1:\n\t\treturn 2;\n\tdefault:\n\t\tif (c > 3) {\n\t\t\treturn 4;\n\t\t}\n\t\treturn 5;\n\t}\n}\n"
	tb, err := parseSwitch(src, "g")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Default) != 2 || tb.Default[0].Cond != "c > 3" || tb.Default[1].Cond != "" {
		t.Fatalf("default returns = %+v", tb.Default)
	}
	if _, err := tb.onlyDefault(); err == nil {
		t.Error("a default with two returns passed as a single one")
	}
}

func TestStripCommentsKeepsLinesFreeSWITCH(t *testing.T) {
	src := "a /* b\nc */ d // e\n\"f // g\" 'h'\n"
	got := stripComments(src)
	if len(got) != len(src) || strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatalf("lengths or lines changed: %q", got)
	}
	for _, gone := range []string{"b", "c", "e", "f", "g", "h"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q survived: %q", gone, got)
		}
	}
	if !strings.Contains(got, "a") || !strings.Contains(got, "d") {
		t.Errorf("code removed: %q", got)
	}
}

func TestAnchorLineFreeSWITCH(t *testing.T) {
	src := "x\nfoo\nbar foo\n"
	for n, want := range map[int]int{1: 2, 2: 3} {
		if got, err := anchorLine(src, "foo", n); err != nil || got != want {
			t.Errorf("occurrence %d: %d, %v; want %d", n, got, err, want)
		}
	}
	if _, err := anchorLine(src, "foo", 3); err == nil {
		t.Error("a third occurrence was found")
	}
}

func TestQuoteFreeSWITCH(t *testing.T) {
	var s string
	in := `a "b" c\d`
	if err := yaml.Unmarshal([]byte("v: "+quote(in)), &struct{ V *string }{&s}); err != nil {
		t.Fatal(err)
	}
	if s != in {
		t.Errorf("round trip: %q", s)
	}
}

func TestCommittedDataFreeSWITCH(t *testing.T) {
	p := loadPlatform(t, "freeswitch")
	checkPlatform(t, p)
	if p.Platform != "FreeSWITCH" || p.Repository != repositoryFreeSWITCH {
		t.Errorf("platform %q repository %q", p.Platform, p.Repository)
	}
	if p.Causes.File != causesFileFreeSWITCH || p.CauseToSIP.File != toSIPFileFreeSWITCH || p.SIPToCause.File != toCauseFileFreeSWITCH {
		t.Error("a table cites the wrong file")
	}

	// Spot checks, each read by hand from the sources at the pinned commit.
	if p.CauseToSIP.Default != 480 || p.CauseToSIP.DefaultLine != 371 {
		t.Errorf("cause_to_sip default %d line %d, want 480 line 371", p.CauseToSIP.Default, p.CauseToSIP.DefaultLine)
	}
	if p.SIPToCause.Default != 31 || p.SIPToCause.DefaultLine != 1884 {
		t.Errorf("sip_to_cause default %d line %d, want 31 line 1884", p.SIPToCause.Default, p.SIPToCause.DefaultLine)
	}
	checkSpots(t, p, []spot{
		{true, 21, 603, 306},
		{true, 17, 486, 299},
		{true, 487, 487, 343},
		{true, 821, 429, 362},
		{false, 603, 21, 1823},
		{false, 500, 41, 1851},
		{false, 488, 88, 1859},
		{false, 429, 821, 1877},
	})
	for _, unlisted := range []int{16, 47, 127} {
		if e, ok := find(p.CauseToSIP, unlisted, true); ok {
			t.Errorf("cause %d is listed (sip %d); it falls to the default", unlisted, e.SIP)
		}
	}
	if e, _ := find(p.SIPToCause, 488, false); !strings.Contains(e.Note, "96") {
		t.Errorf("488 has no note about cause 96: %q", e.Note)
	}
	for _, e := range p.Causes.Entries {
		if e.Cause == 17 && (e.Name != "USER_BUSY" || e.Line != 2193) {
			t.Errorf("cause 17 = %s line %d, want USER_BUSY line 2193", e.Name, e.Line)
		}
	}
	if n := len(p.Causes.Entries); n != 82 {
		t.Errorf("%d causes, want 82", n)
	}
}
