// Package problem is the error type of every layer of sitegen: a problem
// in a source file, printed as "file:line: message" so that editors and
// terminals can jump to it, and Join, which reports every problem of a
// build at once, one per line, in a fixed order.
package problem

import (
	"errors"
	"fmt"
	"sort"
)

// Error is a problem in a source file, printed as "file:line: msg" for editors to jump to.
type Error struct {
	File string // relative to the site root, e.g. "content/codes/486.md"
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based column, in bytes, for a problem a parser places exactly; 0 when unknown
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error for file and line with a formatted message.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Join combines errs into one error whose message has one problem per line,
// sorted by file and line so output is stable, with exact repeats dropped.
// It returns nil when errs holds no non-nil error.
func Join(errs []error) error {
	var flat []error
	for _, err := range errs {
		flat = appendFlat(flat, err)
	}
	if len(flat) == 0 {
		return nil
	}
	sort.SliceStable(flat, func(i, j int) bool { return less(flat[i], flat[j]) })
	out := flat[:0]
	seen := map[string]bool{}
	for _, err := range flat {
		if msg := err.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, err)
		}
	}
	return errors.Join(out...)
}

// appendFlat appends err to list, unpacking errors.Join results.
func appendFlat(list []error, err error) []error {
	if err == nil {
		return list
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			list = appendFlat(list, e)
		}
		return list
	}
	return append(list, err)
}

func less(a, b error) bool {
	var ea, eb *Error
	okA, okB := errors.As(a, &ea), errors.As(b, &eb)
	switch {
	case okA && okB:
		if ea.File != eb.File {
			return ea.File < eb.File
		}
		if ea.Line != eb.Line {
			return ea.Line < eb.Line
		}
		if ea.Col != eb.Col {
			return ea.Col < eb.Col
		}
		return ea.Err.Error() < eb.Err.Error()
	case okA != okB:
		return okA // located problems first
	}
	return a.Error() < b.Error()
}
