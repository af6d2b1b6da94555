package highlight

import (
	"bytes"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// tokens is an iterator over fixed tokens.
func tokens(ts ...chroma.Token) chroma.Iterator {
	i := 0
	return func() chroma.Token {
		if i == len(ts) {
			return chroma.EOF
		}
		i++
		return ts[i-1]
	}
}

var tag = regexp.MustCompile(`<[^>]+>`)

// WriteLines writes exactly the text it is given, split into lines where
// a token holds a line ending, with the start line, the body and marked
// lines wrapped, and every element it opens closed.
func TestWriteLines(t *testing.T) {
	in := []chroma.Token{
		{Type: chroma.KeywordReserved, Value: "SIP/2.0"}, {Type: chroma.TextWhitespace, Value: " "},
		{Type: chroma.LiteralNumberInteger, Value: "503"}, {Type: chroma.TextWhitespace, Value: " "},
		{Type: chroma.NameException, Value: "Service <Unavailable>"},
		{Type: chroma.TextWhitespace, Value: "\r\n"},
		{Type: chroma.NameTag, Value: "Warning"}, {Type: chroma.Punctuation, Value: ":"},
		{Type: chroma.LiteralString, Value: " 399 h"},
		{Type: chroma.TextWhitespace, Value: "\r\n  "}, // a line ending and the next line's indent, one token
		{Type: chroma.LiteralStringDouble, Value: `"text"`},
		{Type: chroma.TextWhitespace, Value: "\r\n\r\n"},
		{Type: chroma.NameTag, Value: "v"}, {Type: chroma.Operator, Value: "="}, {Type: chroma.LiteralNumberInteger, Value: "0"},
		{Type: chroma.TextWhitespace, Value: "\r\n"},
	}
	var want strings.Builder
	for _, tk := range in {
		want.WriteString(tk.Value)
	}
	var b bytes.Buffer
	WriteLines(&b, tokens(in...), Lines{Start: true, Body: 4, Mark: map[int]bool{1: true, 2: true}})
	out := b.String()
	if got := html.UnescapeString(tag.ReplaceAllString(out, "")); got != want.String() {
		t.Errorf("text written %q, want %q", got, want.String())
	}
	for _, s := range []string{
		`<span class="start"><span class="kr">SIP/2.0</span> <span class="mi">503</span> <span class="ne">Service &lt;Unavailable&gt;</span>` + "\r\n</span>",
		"<mark><span class=\"nt\">Warning</span><span class=\"p\">:</span> 399 h\r\n</mark><mark>  <span class=\"s2\">&#34;text&#34;</span>\r\n</mark>\r\n",
		`<span class="body"><span class="nt">v</span><span class="o">=</span><span class="mi">0</span>` + "\r\n</span>",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output\n%q\nwant it to contain\n%q", out, s)
		}
	}
	if strings.Count(out, "<span") != strings.Count(out, "</span>") || strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
		t.Errorf("unbalanced elements: %s", out)
	}
}

// Every role has a colour for each theme, and each reads at 4.5:1 or more
// on its theme's code background (WCAG AA for text): the roles are the
// same in light and dark, only the shade changes.
func TestRolesReadInBothThemes(t *testing.T) {
	const lightPanel, darkPanel = "#f6f8fa", "#161b22"
	for _, r := range allRoles() {
		for _, c := range []struct{ fg, bg string }{{r.light, lightPanel}, {r.dark, darkPanel}} {
			if c.fg == "" {
				t.Errorf("role %s has no colour for background %s", r.name, c.bg)
				continue
			}
			if got := contrast(c.fg, c.bg); got < 4.5 {
				t.Errorf("role %s: %s on %s is %.2f:1, want at least 4.5:1", r.name, c.fg, c.bg, got)
			}
		}
	}
	css, err := CSS()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".chroma .nt{color:var(--hl-name)}", ".chroma .mi{color:var(--hl-value)}", ".chroma .start .mi{"} {
		if !bytes.Contains(css, []byte(want)) {
			t.Errorf("stylesheet has no %s", want)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}
