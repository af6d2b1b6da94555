package registry

import (
	"regexp"
	"slices"
	"strings"
)

// Extracted is what ExtractSections finds in the plain text of one RFC.
// Headings are the sections the RFC has; TOC is kept to compare with them
// (an RFC's table of contents can be wrong: RFC 3903's lists a section 18.2
// whose heading says 19.2).
type Extracted struct {
	Headings []string // section numbers of the headings, in document order
	TOC      []string // section numbers listed in the table of contents, in order
}

var (
	// A numbered heading starts at column 0: "21.4.24 486 Busy Here",
	// "8.2.6.1.  Title" (xml2rfc puts a dot after the number).
	numberedRE = regexp.MustCompile(`^([0-9]{1,2}(?:\.[0-9]{1,3})*)\.?[ \t]+(\S.*)$`)
	// Some RFCs leave out the blank: "15.Normative References".
	numberedTightRE = regexp.MustCompile(`^([0-9]{1,2}(?:\.[0-9]{1,3})*)\.([A-Za-z].*)$`)
	// An appendix heading: "Appendix A.  Title", "Appendix B: Title",
	// "A.1.  Title", "B.2 Title", or a lone letter: "A Table of Timer Values".
	appendixWordRE = regexp.MustCompile(`^Appendix ([A-Z])(?:[.:]?(?:[ \t]+(\S.*))?)$`)
	appendixSubRE  = regexp.MustCompile(`^([A-Z](?:\.[0-9]{1,3})+)\.?(?:[ \t]+(\S.*))?$`)
	appendixTopRE  = regexp.MustCompile(`^([A-Z])\.?[ \t]+([A-Z0-9"'(\[].*)$`)
	// A table-of-contents entry is indented and may end in leader dots and
	// a page number: "   21.4.24 486 Busy Here ....... 183",
	// "     10.1.  Normative References", "   Appendix A.  Title".
	tocRE = regexp.MustCompile(`^[ \t]+(?:Appendix[ \t]+)?([0-9]{1,2}(?:\.[0-9]{1,3})*|[A-Z](?:\.[0-9]{1,3})*)(?:\.?[ \t]+|\.)([A-Za-z0-9"'(\[].*)$`)
	// Page furniture: "Rosenberg, et. al.   Standards Track   [Page 12]"
	// and "RFC 3261        SIP: Session Initiation Protocol        June 2002".
	footerRE = regexp.MustCompile(`\[Page [0-9]+\][ \t]*$`)
	headerRE = regexp.MustCompile(`^RFC [0-9]+[ \t]{2,}.*[0-9]{4}[ \t]*$`)
	// A line of the table of contents written at column 0 ends in leader
	// dots or a page number after a run of blanks.
	tocTailRE = regexp.MustCompile(`(?:\.{3,}|[ \t]{2,})[ \t]*[0-9]+[ \t]*$`)
)

// ExtractSections reads the plain text of an RFC and returns the section
// numbers of its headings and of its table of contents.
//
// A heading is a line that starts at column 0 with a section number (1,
// 21.4.24, A, B.1) and a title, as the RFC Editor's formats write them, or
// an indented line with a number and title that the table of contents
// lists (older RFCs indent subsections). Page headers and footers, form
// feeds and other indented text are skipped. A heading that is a lone
// letter ("A Table of Timer Values") counts only in the order appendices
// come (A, then B, ...), after the first numbered heading, when the table
// of contents (if there is one) lists it, and when its title has no run of
// blanks, so a column-0 line of a diagram is not taken for one.
func ExtractSections(text string) Extracted {
	lines := pageLines(text)
	toc, titles, body := readTOC(lines)
	x := Extracted{TOC: toc}
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			x.Headings = append(x.Headings, s)
		}
	}
	var next byte = 'A' // the letter the next top-level appendix must have
	for _, line := range lines[body:] {
		switch {
		case line == "":
		case line[0] == ' ' || line[0] == '\t':
			if s := indentedHeading(line, titles); s != "" && len(x.Headings) > 0 {
				add(s)
			}
		case tocTailRE.MatchString(line):
			// a table-of-contents line at column 0
		case numbered(line) != "":
			add(numbered(line))
		case len(x.Headings) == 0:
			// appendices come after the body
		default:
			if m := appendixWordRE.FindStringSubmatch(line); m != nil && m[1][0] <= next {
				add(m[1])
				next = max(next, m[1][0]+1)
			} else if m := appendixSubRE.FindStringSubmatch(line); m != nil && m[1][0] < next {
				add(m[1])
			} else if m := appendixTopRE.FindStringSubmatch(line); m != nil && m[1][0] == next &&
				!strings.Contains(m[2], "   ") && (len(toc) == 0 || slices.Contains(toc, m[1])) {
				add(m[1])
				next++
			}
		}
	}
	return x
}

// numbered returns the section number of a numbered heading at column 0,
// or "".
func numbered(line string) string {
	if m := numberedRE.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	if m := numberedTightRE.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	return ""
}

// readTOC finds the table of contents: the indented lines after a "Table
// of Contents" line, up to the next line at column 0 that is not part of
// it. It returns the section numbers listed, the title of each, and the
// index of the first line after the table (0 when there is none).
func readTOC(lines []string) (toc []string, titles map[string]string, body int) {
	titles = map[string]string{}
	start := slices.IndexFunc(lines, func(l string) bool {
		t := strings.TrimSpace(l)
		return l != "" && l[0] != ' ' && (strings.EqualFold(t, "Table of Contents") || strings.EqualFold(t, "Contents"))
	})
	if start < 0 {
		return nil, titles, 0
	}
	i := start + 1
	for ; i < len(lines); i++ {
		l := lines[i]
		if l != "" && l[0] != ' ' && l[0] != '\t' && !tocTailRE.MatchString(l) {
			break
		}
		m := tocRE.FindStringSubmatch(l)
		if m == nil && l != "" && l[0] != ' ' {
			m = tocRE.FindStringSubmatch(" " + l) // a column-0 entry with a page number
		}
		if m != nil && titles[m[1]] == "" {
			toc = append(toc, m[1])
			titles[m[1]] = normTitle(tocTailRE.ReplaceAllString(m[2], ""))
		}
	}
	return toc, titles, i
}

// indentedHeading returns the section number of an indented line that
// reads as the table of contents lists it ("   1.1 Example Uses"), or "".
func indentedHeading(line string, titles map[string]string) string {
	m := tocRE.FindStringSubmatch(line)
	if m == nil || titles[m[1]] == "" || strings.HasPrefix(strings.TrimSpace(line), "Appendix") {
		return ""
	}
	got, want := normTitle(m[2]), titles[m[1]]
	n := min(len(got), len(want), 20)
	if n < 3 || got[:n] != want[:n] {
		return ""
	}
	return m[1]
}

// normTitle lower-cases a title and collapses its blanks, for comparing a
// heading with its table-of-contents entry.
func normTitle(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(s, ". ")), " "))
}

// pageLines splits text into lines without the page furniture: form feeds,
// carriage returns, a byte-order mark, page headers and page footers.
func pageLines(text string) []string {
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(text, "\r", "")
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(strings.ReplaceAll(line, "\f", ""), " \t")
		if footerRE.MatchString(line) || headerRE.MatchString(line) {
			continue
		}
		out = append(out, line)
	}
	return out
}
