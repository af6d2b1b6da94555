package site

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Each syntax error of a stylesheet is reported at its line and column;
// what is valid CSS, nesting and hacks included, is not.
func TestCheckCSS(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"valid", "a:hover { color: red }\n@media (min-width: 40em) { .x { margin: 0 auto; } }\n/* note */\n.a { & .b { c: d } }\n:root { --x: { a: b }; }\n", nil},
		{"unclosed block", "a { color: red;\n\nb { x: y }\n", []string{"a.css:1:3: CSS: unclosed {: the block it opens has no }"}},
		{"unclosed at-rule", "@media (x) {\n  a { b: c }\n", []string{"a.css:1:12: CSS: unclosed {: the block it opens has no }"}},
		{"stray }", "a { color: red }\n}\nb { c: d }\n", []string{"a.css:2:2: CSS: unexpected ending in qualified rule"}},
		{"declarations", "a { color red; 12: x; }\nb { : y }\n", []string{
			"a.css:1:11: CSS: expected colon in declaration",
			"a.css:1:16: CSS: unexpected token '12' in declaration",
			"a.css:2:5: CSS: unexpected token ':' in declaration",
		}},
		{"unclosed string", "a {\n  content: \"x\n}\n", []string{"a.css:2:12: CSS: unclosed string: a line break ends it; close the quote, or write \\A for a line break"}},
		{"bad url", "a { background: url(a b.png) }", []string{"a.css:1:17: CSS: bad url(): quote the address, or escape its spaces, quotes and parentheses"}},
		{"unclosed comment", "a { b: c }\n/* to the end", []string{"a.css:2:1: CSS: unclosed comment: /* with no */"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			if err := problem.Join(checkCSS("a.css", []byte(tt.src))); err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// A stylesheet of errors stops at a bound, and says so.
func TestCheckCSSBound(t *testing.T) {
	errs := checkCSS("a.css", []byte(strings.Repeat("a { : }\n", 1000)))
	if len(errs) != maxCSSErrors+1 || !strings.HasSuffix(errs[len(errs)-1].Error(), "more than 50 errors; fix these first") {
		t.Errorf("%d errors, the last %v", len(errs), errs[len(errs)-1])
	}
}

// The site's own stylesheets are valid.
func TestSiteCSSIsValid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "assets", "*.css"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no stylesheets: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := problem.Join(checkCSS(f, src)); err != nil {
			t.Error(err)
		}
	}
}
