package problem

import (
	"errors"
	"testing"
)

func TestJoinSortsAndDedupes(t *testing.T) {
	err := Join([]error{
		Errorf("b.md", 2, "two"),
		nil,
		errors.Join(Errorf("a.md", 9, "nine"), Errorf("b.md", 2, "two")),
		Errorf("a.md", 0, "whole file"),
		errors.New("unlocated"),
	})
	want := "a.md: whole file\na.md:9: nine\nb.md:2: two\nunlocated"
	if err == nil || err.Error() != want {
		t.Errorf("Join = %v, want:\n%s", err, want)
	}
	if Join(nil) != nil || Join([]error{nil}) != nil {
		t.Error("Join of no errors is not nil")
	}
}

// A column, when a parser gives one, is printed after the line and orders
// problems of one line.
func TestColumn(t *testing.T) {
	err := Join([]error{
		&Error{File: "a.css", Line: 3, Col: 9, Err: errors.New("nine")},
		&Error{File: "a.css", Line: 3, Col: 2, Err: errors.New("two")},
		&Error{File: "a.css", Line: 3, Err: errors.New("no column")},
	})
	want := "a.css:3: no column\na.css:3:2: two\na.css:3:9: nine"
	if err == nil || err.Error() != want {
		t.Errorf("Join = %v, want:\n%s", err, want)
	}
}
