package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// snippet is C written for these tests, in the shapes the FreeSWITCH
// sources use: labels falling through to one return, a default, comments
// holding things that look like code, a one-line case, a range, a break.
const snippet = `/* header */
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

func TestParseEnum(t *testing.T) {
	got, err := parseEnum(snippet, "x_cause_t", "X_CAUSE_")
	if err != nil {
		t.Fatal(err)
	}
	want := []enumerator{{"NONE", 0, 3}, {"BUSY", 17, 4}, {"GONE", 22, 6}, {"BIG", 800, 7}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseEnumErrors(t *testing.T) {
	for _, src := range []string{
		"typedef enum { A_X = 1 } other_t;",
		"typedef enum { A_X = 1, A_Y } a_t;",
		"typedef enum { A_X = 1, B_Y = 2 } a_t;",
		"typedef enum { } a_t;",
	} {
		if _, err := parseEnum(src, "a_t", "A_"); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

func TestParseSwitch(t *testing.T) {
	tb, err := parseSwitch(snippet, "x_cause_to_sip")
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

func TestParseSwitchErrors(t *testing.T) {
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

func TestOnlyDefaultConditional(t *testing.T) {
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

func TestStripCommentsKeepsLines(t *testing.T) {
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

func TestAnchorLine(t *testing.T) {
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

func TestQuote(t *testing.T) {
	var s string
	in := `a "b" c\d`
	if err := yaml.Unmarshal([]byte("v: "+quote(in)), &struct{ V *string }{&s}); err != nil {
		t.Fatal(err)
	}
	if s != in {
		t.Errorf("round trip: %q", s)
	}
}

func TestCommittedData(t *testing.T) {
	p := loadPlatform(t, "freeswitch")
	checkPlatform(t, p)
	if p.Platform != "FreeSWITCH" || p.Repository != repository {
		t.Errorf("platform %q repository %q", p.Platform, p.Repository)
	}
	if p.Causes.File != causesFile || p.CauseToSIP.File != toSIPFile || p.SIPToCause.File != toCauseFile {
		t.Error("a table cites the wrong file")
	}

	// Spot checks, each read by hand from the sources at the pinned commit.
	if p.CauseToSIP.Default != 480 || p.CauseToSIP.DefaultLine != 371 {
		t.Errorf("cause_to_sip default %d line %d, want 480 line 371", p.CauseToSIP.Default, p.CauseToSIP.DefaultLine)
	}
	if p.SIPToCause.Default != 31 || p.SIPToCause.DefaultLine != 1884 {
		t.Errorf("sip_to_cause default %d line %d, want 31 line 1884", p.SIPToCause.Default, p.SIPToCause.DefaultLine)
	}
	for _, c := range []struct {
		toSIP          bool
		key, val, line int
	}{
		{true, 21, 603, 306},
		{true, 17, 486, 299},
		{true, 487, 487, 343},
		{true, 821, 429, 362},
		{false, 603, 21, 1823},
		{false, 500, 41, 1851},
		{false, 488, 88, 1859},
		{false, 429, 821, 1877},
	} {
		e, ok := find(map[bool]mappingTable{true: p.CauseToSIP, false: p.SIPToCause}[c.toSIP], c.key, c.toSIP)
		val := e.Cause
		if c.toSIP {
			val = e.SIP
		}
		if !ok || val != c.val || e.Line != c.line {
			t.Errorf("%d: got %d line %d (found %v), want %d line %d", c.key, val, e.Line, ok, c.val, c.line)
		}
	}
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

// The committed data file, read the way the site will read it: strictly,
// into a struct that mirrors the schema, so a field the schema lacks (or a
// misspelt one) fails here first.

type platformFile struct {
	Platform   string       `yaml:"platform"`
	Repository string       `yaml:"repository"`
	Commit     string       `yaml:"commit"`
	Causes     causeTable   `yaml:"causes"`
	CauseToSIP mappingTable `yaml:"cause_to_sip"`
	SIPToCause mappingTable `yaml:"sip_to_cause"`
	Facts      []factEntry  `yaml:"facts"`
}

type causeTable struct {
	File    string       `yaml:"file"`
	Entries []causeEntry `yaml:"entries"`
}

type causeEntry struct {
	Cause    int    `yaml:"cause"`
	Name     string `yaml:"name"`
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"`
}

type mappingTable struct {
	File        string         `yaml:"file"`
	Function    string         `yaml:"function"`
	Default     int            `yaml:"default"`
	DefaultLine int            `yaml:"default_line"`
	Entries     []mappingEntry `yaml:"entries"`
}

type mappingEntry struct {
	Cause    int    `yaml:"cause"`
	SIP      int    `yaml:"sip"`
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"`
	Note     string `yaml:"note"`
}

type factEntry struct {
	Text string `yaml:"text"`
	File string `yaml:"file"`
	Line int    `yaml:"line"`
}

func loadPlatform(t *testing.T, name string) platformFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "data", "platforms", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var p platformFile
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s.yaml: %v", name, err)
	}
	return p
}

// checkPlatform applies the rules every platform file keeps.
func checkPlatform(t *testing.T, p platformFile) {
	t.Helper()
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(p.Commit) {
		t.Errorf("commit %q is not 40 hex digits", p.Commit)
	}
	if p.Platform == "" || p.Repository == "" {
		t.Errorf("platform %q, repository %q: both are required", p.Platform, p.Repository)
	}
	cause := func(where string, c int, internal bool) {
		if (c < 0 || c > 127) && !internal {
			t.Errorf("%s: cause %d is outside 0..127 and not marked internal", where, c)
		}
		if c >= 0 && c <= 127 && internal {
			t.Errorf("%s: cause %d is a Q.850 value but marked internal", where, c)
		}
	}
	sip := func(where string, s int) {
		if s < 100 || s > 699 {
			t.Errorf("%s: SIP %d is outside 100..699", where, s)
		}
	}
	line := func(where string, l int) {
		if l <= 0 {
			t.Errorf("%s: line %d", where, l)
		}
	}
	file := func(where, f string) {
		if f == "" || strings.HasPrefix(f, "/") || strings.Contains(f, "..") {
			t.Errorf("%s: file %q is not a repository path", where, f)
		}
	}

	file("causes", p.Causes.File)
	if len(p.Causes.Entries) == 0 {
		t.Error("causes: no entries")
	}
	known := map[int]bool{}
	names := map[string]bool{}
	for _, e := range p.Causes.Entries {
		where := fmt.Sprintf("causes %d", e.Cause)
		cause(where, e.Cause, e.Internal)
		line(where, e.Line)
		if e.Name == "" {
			t.Errorf("%s: no name", where)
		}
		if known[e.Cause] {
			t.Errorf("%s: listed twice", where)
		}
		if names[e.Name] {
			t.Errorf("%s: name %s listed twice", where, e.Name)
		}
		known[e.Cause] = true
		names[e.Name] = true
	}

	for _, tb := range []struct {
		name  string
		table mappingTable
		toSIP bool
	}{{"cause_to_sip", p.CauseToSIP, true}, {"sip_to_cause", p.SIPToCause, false}} {
		file(tb.name, tb.table.File)
		if tb.table.Function == "" {
			t.Errorf("%s: no function", tb.name)
		}
		line(tb.name+" default", tb.table.DefaultLine)
		if tb.toSIP {
			sip(tb.name+" default", tb.table.Default)
		} else if !known[tb.table.Default] {
			t.Errorf("%s: default cause %d is not in the causes table", tb.name, tb.table.Default)
		}
		if len(tb.table.Entries) == 0 {
			t.Errorf("%s: no entries", tb.name)
		}
		seen := map[int]bool{}
		for _, e := range tb.table.Entries {
			key := e.SIP
			if tb.toSIP {
				key = e.Cause
			}
			where := fmt.Sprintf("%s %d", tb.name, key)
			cause(where, e.Cause, e.Internal)
			sip(where, e.SIP)
			line(where, e.Line)
			if !known[e.Cause] {
				t.Errorf("%s: cause %d is not in the causes table", where, e.Cause)
			}
			if seen[key] {
				t.Errorf("%s: listed twice", where)
			}
			seen[key] = true
		}
	}

	if len(p.Facts) == 0 {
		t.Error("facts: none")
	}
	for i, f := range p.Facts {
		where := fmt.Sprintf("fact %d", i+1)
		if strings.TrimSpace(f.Text) == "" {
			t.Errorf("%s: no text", where)
		}
		file(where, f.File)
		line(where, f.Line)
	}
}

// find returns the entry of a mapping table for key (a cause in
// cause_to_sip, a SIP code in sip_to_cause).
func find(tb mappingTable, key int, toSIP bool) (mappingEntry, bool) {
	for _, e := range tb.Entries {
		if (toSIP && e.Cause == key) || (!toSIP && e.SIP == key) {
			return e, true
		}
	}
	return mappingEntry{}, false
}
