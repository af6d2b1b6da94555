package registry

import (
	"fmt"
	"regexp"
	"testing"
)

func TestSectionsData(t *testing.T) {
	m, err := parseSections(sectionsData)
	if err != nil {
		t.Fatal(err)
	}
	// The RFCs the content cites and the SIP RFCs it is likely to.
	for _, rfc := range []int{2543, 2976, 3261, 3262, 3263, 3264, 3265, 3311, 3312, 3313, 3323, 3325, 3326,
		3329, 3398, 3420, 3428, 3515, 3581, 3608, 3840, 3841, 3891, 3892, 3903, 3960, 3966, 4028, 4032,
		4244, 4320, 4412, 4458, 4474, 4566, 4733, 5009, 5057, 5079, 5360, 5363, 5373, 5393, 5626, 5630,
		5806, 5839, 5922, 6026, 6086, 6228, 6432, 6442, 6665, 6809, 7044, 7090, 7339, 7647, 8030, 8197,
		8224, 8225, 8226, 8599, 8688, 8866, 8876, 9410} {
		if m[rfc] == nil {
			t.Errorf("RFC %d is missing from rfcsections.txt", rfc)
		}
	}
	header := regexp.MustCompile(`(?m)^# .*commit [0-9a-f]{40}`)
	if !header.MatchString(sectionsData) {
		t.Error("rfcsections.txt does not say which commit its texts came from")
	}
}

func TestHasSection(t *testing.T) {
	for _, tt := range []struct {
		rfc     int
		section string
		want    bool
	}{
		{3261, "21.4.24", true}, // 486 Busy Here
		{3261, "21.4.28", true}, // 493 Undecipherable, the last of 21.4
		{3261, "21.4.29", false},
		{3261, "21.4.34", false},
		{3261, "1", true},
		{3261, "30", true},
		{3261, "31", false},
		{3261, "A", true}, // Table of Timer Values
		{3261, "B", false},
		{3261, "16.7", true},
		{3261, "8.1.3.2", true},
		{3261, "21.4.24.", false}, // the dot is not part of the number
		{3261, "", false},
		{3398, "7.2.4.1", true},
		{3398, "8.2.6.1", true},
		{3398, "8.2.6.2", false},
		{2543, "B.7", true},
		{2543, "I", false},    // the table of contents lists it; the text has no such heading
		{2976, "2.5.3", true}, // an indented heading
		{3428, "15", true},    // "15.Normative References", no blank after the dot
		{3903, "19.2", true},  // the heading, which the table of contents misnumbers 18.2
		{3903, "18.2", false},
		{5806, "A", false}, // a column-0 diagram line "A   P1   P2   B"
		{6442, "A.3", true},
		{8224, "6.2.2", true},
		{9410, "10.2", true},
		{9999, "1", false},
	} {
		if got := HasSection(tt.rfc, tt.section); got != tt.want {
			t.Errorf("HasSection(%d, %q) = %v, want %v", tt.rfc, tt.section, got, tt.want)
		}
	}
	if !KnownRFC(3261) || KnownRFC(9999) {
		t.Errorf("KnownRFC(3261), KnownRFC(9999) = %v, %v; want true, false", KnownRFC(3261), KnownRFC(9999))
	}
}

func TestParseSectionsRejects(t *testing.T) {
	for _, src := range []string{
		"x 1 2\n",
		"3261 1 2\n3261 3\n",
		"3261\n",
		"-1 1\n",
	} {
		if _, err := parseSections(src); err == nil {
			t.Errorf("parseSections(%q) succeeded", src)
		}
	}
	m, err := parseSections("# comment\n\n3261 1 21.4.24 A\n")
	if err != nil || !m[3261]["21.4.24"] || !m[3261]["A"] || len(m[3261]) != 3 {
		t.Errorf("parseSections = %v, %v", m, err)
	}
}

func ExampleHasSection() {
	fmt.Println(HasSection(3261, "21.4.24"), HasSection(3261, "21.4.34"), KnownRFC(9999))
	// Output: true false false
}
