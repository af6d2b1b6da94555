package site

import (
	"slices"
	"testing"
)

// Warnings print as editors read them, in file and line order, once each.
func TestWarnings(t *testing.T) {
	ws := sortWarnings([]Warning{
		{File: "content/b.md", Line: 1, Msg: "two"},
		{File: "content/a.md", Line: 9, Msg: "nine"},
		{File: "content/b.md", Line: 1, Msg: "two"},
		{File: "content/a.md", Msg: "whole file"},
	})
	var got []string
	for _, w := range ws {
		got = append(got, w.String())
	}
	want := []string{"content/a.md: warning: whole file", "content/a.md:9: warning: nine", "content/b.md:1: warning: two"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
