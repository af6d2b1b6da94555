package content

import (
	"fmt"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Keys maps each front-matter key to its line in the file, and so every
// key and list item below it, by its path: "references.0" is the first
// item of references, "cause_to_sip.entries.3.sip" a key of the fourth
// entry of cause_to_sip's entries.
type Keys map[string]int

// Line returns the line of key, or 1 (the opening ---) when the page does
// not set it.
func (k Keys) Line(key string) int {
	if n, ok := k[key]; ok {
		return n
	}
	return 1
}

// A Report gathers the problems a kind of page finds in one file, each at
// its line.
type Report struct {
	File     string
	Keys     Keys
	BodyLine int // the line on which the body starts; set for CheckBody

	errs []error
}

// Bad reports a problem with the value of a front-matter key, at its line:
// "front matter: code: want a number from 100 to 699, got 7".
func (r *Report) Bad(key, format string, args ...any) {
	r.errs = append(r.errs, problem.Errorf(r.File, r.Keys.Line(key), "front matter: %s: %s", key, fmt.Sprintf(format, args...)))
}

// Require reports key as missing unless ok.
func (r *Report) Require(key string, ok bool) {
	if !ok {
		r.errs = append(r.errs, problem.Errorf(r.File, r.Keys.Line(key), "front matter: %s is required", key))
	}
}

// At reports a problem at a line of the file (0 for the file as a whole).
func (r *Report) At(line int, format string, args ...any) {
	r.errs = append(r.errs, problem.Errorf(r.File, line, format, args...))
}

// Failed reports whether any problem has been reported.
func (r *Report) Failed() bool { return len(r.errs) > 0 }
