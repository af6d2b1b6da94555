package registry

import (
	"slices"
	"strings"
	"testing"
)

func TestExtractSections(t *testing.T) {
	for _, tt := range []struct {
		name     string
		text     string
		headings []string
		toc      []string
	}{{
		name: "headings at column 0, body text indented",
		text: `
1 Introduction

   Some text that mentions 2 things.
   3.1 is not a heading here.

2 Overview
2.1 Details
21.4.24 486 Busy Here
`,
		headings: []string{"1", "2", "2.1", "21.4.24"},
	}, {
		name: "xml2rfc style, dot after the number",
		text: `
1.  Introduction

8.2.6.1.  SIP Status Code to ISDN Cause Code Mapping

10.  References
10.1.  Normative References
`,
		headings: []string{"1", "8.2.6.1", "10", "10.1"},
	}, {
		name: "table of contents with leader dots and page numbers",
		text: `
Table of Contents

   1          Introduction ........................................    8
   21.4.24    486 Busy Here ....................................... 183
   A          Table of Timer Values ............................... 265

1 Introduction

21.4.24 486 Busy Here

A Table of Timer Values
`,
		headings: []string{"1", "21.4.24", "A"},
		toc:      []string{"1", "21.4.24", "A"},
	}, {
		name: "table of contents without page numbers, wrapped titles",
		text: `
Table of Contents

   1.  Introduction
   4.  Use of Provisional Response to Signal Errors without
           Terminating the Call
   Appendix A.  Examples
     A.1.  One

1.  Introduction

4.  Use of Provisional Response to Signal Errors without Terminating the
    Call

Appendix A.  Examples

A.1.  One
`,
		headings: []string{"1", "4", "A", "A.1"},
		toc:      []string{"1", "4", "A", "A.1"},
	}, {
		name: "page header and footer, form feed",
		text: "1 Introduction\n\n   text\n\n" +
			"Rosenberg, et. al.          Standards Track                   [Page 12]\n" +
			"\f\n" +
			"RFC 3261            SIP: Session Initiation Protocol           June 2002\n\n" +
			"2 Overview\n",
		headings: []string{"1", "2"},
	}, {
		name: "a footer whose author looks like an appendix",
		text: "1. Introduction\n\n" +
			"A. Johnston, et al.          Best Current Practice              [Page 5]\n" +
			"\fRFC 5806               Diversion Indication in SIP            March 2010\n\n" +
			"2. Overview\n",
		headings: []string{"1", "2"},
	}, {
		name: "appendices in order, letters only after the body",
		text: `
A Minimal Implementation

1 Introduction

A Minimal Implementation
A.1 Client
A.2 Server
C Not next after A
B Usage of SDP
B.1 Configuring Media Streams
Appendix C.  Summary
D.4 no appendix D yet
`,
		headings: []string{"1", "A", "A.1", "A.2", "B", "B.1", "C"},
	}, {
		name: "a lone letter the table of contents does not list is not an appendix",
		text: `
Table of Contents

   1.  Introduction ...............  2

1.  Introduction

A              P1             P2            B          C
A Table Without Entry
`,
		headings: []string{"1"},
		toc:      []string{"1"},
	}, {
		name: "indented headings count when the table of contents lists them",
		text: `
Table of Contents

   1.    Introduction..........................2
   1.1   Example Uses..........................2
   2.    INFO Method...........................3

1. Introduction

   1.1 Example Uses

   1.2 is indented text, not in the table.

2. INFO Method
`,
		headings: []string{"1", "1.1", "2"},
		toc:      []string{"1", "1.1", "2"},
	}, {
		name: "a table of contents entry without its heading is not a section",
		text: `
Table of Contents

   18.1. Normative References . . . . 30
   18.2. Informative References . . . 31

18.1.  Normative References

19.2.  Informative References
`,
		headings: []string{"18.1", "19.2"},
		toc:      []string{"18.1", "18.2"},
	}, {
		name:     "no blank after the dot, CRLF line ends, byte-order mark",
		text:     "\uFEFF1. Introduction\r\n\r\n15.Normative References\r\n",
		headings: []string{"1", "15"},
	}, {
		name: "years, numbers without titles and title-page lines are not headings",
		text: `
Network Working Group                                       J. Rosenberg
Request for Comments: 3261                                   dynamicsoft
2002
3.
100 Trying is indented in real RFCs; a 3-digit number is not a section
1 Introduction
`,
		headings: []string{"1"},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			x := ExtractSections(strings.TrimPrefix(tt.text, "\n"))
			if !slices.Equal(x.Headings, tt.headings) {
				t.Errorf("headings = %q, want %q", x.Headings, tt.headings)
			}
			if !slices.Equal(x.TOC, tt.toc) {
				t.Errorf("toc = %q, want %q", x.TOC, tt.toc)
			}
		})
	}
}

func TestPageLines(t *testing.T) {
	text := "1 Introduction\r\n" +
		"A. Johnston, et al.          Best Current Practice              [Page 5]\n" +
		"\f\n" +
		"\fRFC 5806               Diversion Indication in SIP            March 2010\n" +
		"   text  \n"
	want := []string{"1 Introduction", "", "   text", ""}
	if got := pageLines(text); !slices.Equal(got, want) {
		t.Errorf("pageLines = %q, want %q", got, want)
	}
}
