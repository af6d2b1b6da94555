package registry

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// SectionsFile is where the section numbers of the RFCs the site cites are
// kept, relative to the repository root, for messages that ask for an
// addition.
const SectionsFile = "internal/registry/rfcsections.txt"

//go:embed rfcsections.txt
var sectionsData string

var sections = mustParseSections(sectionsData)

// KnownRFC reports whether rfcsections.txt lists the sections of RFC rfc.
func KnownRFC(rfc int) bool {
	_, ok := sections[rfc]
	return ok
}

// HasSection reports whether RFC rfc has section s: "21.4.24", "A" or
// "B.1", as the RFC numbers its headings. It is false for an RFC that
// rfcsections.txt does not list (see KnownRFC).
func HasSection(rfc int, s string) bool {
	return sections[rfc][s]
}

func mustParseSections(s string) map[int]map[string]bool {
	m, err := parseSections(s)
	if err != nil {
		panic("registry: rfcsections.txt: " + err.Error()) // embedded data; TestSectionsData guards it
	}
	return m
}

// parseSections reads lines of "RFC section section ...", skipping blank
// lines and # comments.
func parseSections(s string) (map[int]map[string]bool, error) {
	m := map[int]map[string]bool{}
	for i, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		rfc, err := strconv.Atoi(f[0])
		if err != nil || rfc <= 0 {
			return nil, fmt.Errorf("line %d: want an RFC number first, got %q", i+1, f[0])
		}
		if m[rfc] != nil {
			return nil, fmt.Errorf("line %d: RFC %d is listed twice", i+1, rfc)
		}
		if len(f) == 1 {
			return nil, fmt.Errorf("line %d: RFC %d has no sections", i+1, rfc)
		}
		set := make(map[string]bool, len(f)-1)
		for _, sec := range f[1:] {
			set[sec] = true
		}
		m[rfc] = set
	}
	return m, nil
}
