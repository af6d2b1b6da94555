package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// A Warning is something an author should hear of that leaves every page
// as it was written: the build succeeds, and the command prints it. With
// Options.Strict the warnings of a build are its errors instead.
//
// The line between the two: what would put on a page something other than
// what its author wrote (a construct shown literally or left out, a broken
// stylesheet) is an error; what leaves every page right but the site
// lacking (a page unreachable from the home page) is a warning.
type Warning struct {
	File string // relative to the site root, "content/guides/nat.md"
	Line int    // 1-based; 0 when the file as a whole is meant
	Msg  string
}

// String is "file:line: warning: msg", the form editors jump to.
func (w Warning) String() string {
	if w.Line == 0 {
		return fmt.Sprintf("%s: warning: %s", w.File, w.Msg)
	}
	return fmt.Sprintf("%s:%d: warning: %s", w.File, w.Line, w.Msg)
}

// sortWarnings puts ws in the order of the output, by file, line and
// message, and drops exact repeats.
func sortWarnings(ws []Warning) []Warning {
	slices.SortFunc(ws, func(a, b Warning) int {
		return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line, strings.Compare(a.Msg, b.Msg))
	})
	return slices.Compact(ws)
}

// strictErrors returns ws as the errors of a strict build: the same lines,
// each a *problem.Error.
func strictErrors(ws []Warning) error {
	errs := make([]error, len(ws))
	for i, w := range ws {
		errs[i] = problem.Errorf(w.File, w.Line, "warning: %s", w.Msg)
	}
	return problem.Join(errs)
}
