package sip

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sipcodes/sipcodes/internal/sitetest"
)

func TestParseRFCLink(t *testing.T) {
	for _, tt := range []struct {
		link    string
		rfc     int
		section string
		problem string
	}{
		{"https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24", 3261, "21.4.24", ""},
		{"https://www.rfc-editor.org/rfc/rfc3261", 3261, "", ""},
		{"https://www.rfc-editor.org/rfc/rfc3261.html#section-16.7", 3261, "16.7", ""},
		{"http://rfc-editor.org/rfc/rfc3261.txt", 3261, "", ""},
		{"https://datatracker.ietf.org/doc/html/rfc3398#section-8.2.6.1", 3398, "8.2.6.1", ""},
		{"https://tools.ietf.org/html/rfc3261#section-A", 3261, "A", ""},
		{"https://www.rfc-editor.org/rfc/rfc3261#appendix-A", 3261, "A", ""},
		{"https://www.rfc-editor.org/rfc/rfc3261#appendix-1", 3261, "", "#appendix-1 names no section; want #section-N (or #appendix-X)"},
		{"https://www.rfc-editor.org/rfc/rfc3261#page-12", 3261, "", "#page-12 names no section; want #section-N (or #appendix-X)"},
		{"https://www.rfc-editor.org/info/rfc3261", 0, "", ""},
		{"https://www.rfc-editor.org/rfc/rfc3261/", 3261, "", ""},
		{"https://example.com/rfc/rfc3261#section-1", 0, "", ""},
		{"/486/#in-short", 0, "", ""},
		{"https://www.iana.org/assignments/sip-parameters", 0, "", ""},
	} {
		rfc, section, problem := parseRFCLink(tt.link)
		if rfc != tt.rfc || section != tt.section || problem != tt.problem {
			t.Errorf("parseRFCLink(%q) = %d, %q, %q; want %d, %q, %q", tt.link, rfc, section, problem, tt.rfc, tt.section, tt.problem)
		}
	}
}

func TestLinkLines(t *testing.T) {
	const link = "https://www.rfc-editor.org/rfc/rfc3261#section-1"
	src := strings.Join([]string{
		"---",
		"title: x",
		"---",
		"[a](" + link + ") and [b](" + link + ")", // 4: twice, once reported
		"[c](" + link + "6.7) is §16.7",           // 5: a longer link
		"[d](" + link + ".2) is §1.2",             // 6: a longer link
		"<" + link + ">.",                         // 7
		"Bare: " + link + ".",                     // 8: the dot ends the sentence
		"[e](" + link + "-x)",                     // 9: another name
	}, "\n")
	if got, want := linkLines([]byte(src), link), []int{4, 7, 8}; !slices.Equal(got, want) {
		t.Errorf("linkLines = %v, want %v", got, want)
	}
	if got := linkLines([]byte(src), "https://nowhere.example"); got != nil {
		t.Errorf("linkLines of a missing link = %v, want none", got)
	}
}

// TestRFCGuards proves that the RFC check catches a wrong section in a
// page's links and references.
func TestRFCGuards(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"wrong reference section", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/486.md", `{rfc: 3261, section: "21.4.24"}`, `{rfc: 3261, section: "21.4.34"}`)
		}, "front matter: references: RFC 3261 has no section 21.4.34"},
		{"unknown RFC", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/486.md", `{rfc: 3398, section: "8.2.6.1"}`, `{rfc: 9999}`)
		}, "RFC 9999 is not in internal/registry/rfcsections.txt; add it"},
		{"wrong link section", func(fsys fstest.MapFS) {
			sitetest.Replace(t, fsys, "content/codes/486.md", "rfc3261#section-21.4.24", "rfc3261#section-21.4.29")
		}, ": RFC link https://www.rfc-editor.org/rfc/rfc3261#section-21.4.29: RFC 3261 has no section 21.4.29"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			tt.change(fsys)
			err := buildErr(fsys)
			if err == nil {
				t.Fatal("the build succeeded; want the RFC check to fail")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant a line containing:\n%s", err, tt.want)
			}
		})
	}
}
