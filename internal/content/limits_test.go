package content

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sipcodes/sipcodes/internal/cputime"
)

func repeatLines(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

// The shapes of Markdown that goldmark takes quadratic time over are
// refused at their line (reliability review F3).
func TestLimitsRefuse(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"160 KB of >", strings.Repeat(">", 160_000) + "\n", "content/a.md:6: Markdown nested 160000 deep"},
		{"deep list", repeatLines(1400, func(i int) string { return strings.Repeat("  ", i) + "- x\n" }), "content/a.md:39: line indented 66 columns"},
		{"markers", "ok\n\n" + strings.Repeat("- ", 20) + "x\n", "content/a.md:8: Markdown nested 20 deep"},
		{"[a]( run", strings.Repeat("[a](", 40_000) + "\n", "content/a.md:6: too many links whose ( is never closed"},
		{"[a] lines", strings.Repeat("[a]\n", 40_000), "too many [brackets] on the lines of one paragraph"},
		{"ref defs", repeatLines(120_000, func(i int) string { return fmt.Sprintf("[r%d]: /x\n", i) }), "content/a.md:10006: more than 10000 link reference definitions"},
	}
	for _, tt := range tests {
		_, err := Parse("content/a.md", []byte("---\ntitle: t\nsummary: s\n---\n\n"+tt.body), &plain{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// Pages just inside every limit, up to the 4 MiB a page may have, parse in
// time linear in their size. Each shape is parsed at a quarter of the size
// and at the whole, and the whole may take at most 8 times the CPU time of
// the quarter (linear growth is 4, quadratic 16). CPU time rather than wall
// time, and a ratio rather than a bound, so that a loaded machine neither
// fails it nor hides a quadratic shape.
func TestLimitsBoundTime(t *testing.T) {
	full := MaxFileSize - 1000
	if raceEnabled {
		full /= 16 // the race detector makes parsing several times slower
	}
	shapes := map[string]func(size int) string{
		"blockquotes 16 deep":  func(n int) string { return fill(n, strings.Repeat(">", 16)+" x\n") },
		"list markers 16 deep": func(n int) string { return fill(n, strings.Repeat("- ", 16)+"x\n") },
		"lists indented 64": func(n int) string {
			return fill(n, repeatLines(32, func(i int) string { return strings.Repeat("  ", i) + "- x\n" })+"\n")
		},
		"brackets per paragraph": func(n int) string { return fill(n, strings.Repeat("[a]\n", 900)+"\n") },
		"unclosed destinations":  func(n int) string { return fill(n, strings.Repeat("[a](", 40)+"\n\n") },
		"links":                  func(n int) string { return fill(n, "see [a](/x) and ") },
		"reference definitions": func(n int) string {
			return repeatLines(9_999, func(i int) string { return fmt.Sprintf("[r%d]: /x%d\n", i, i) }) + "\n" + fill(n, "[r1] ")
		},
		"bracket runs":             func(n int) string { return fill(n, "[[[[[[[[ ") },
		"emphasis":                 func(n int) string { return fill(n, "*a _b ") },
		"mixed containers 16 deep": func(n int) string { return fill(n, strings.Repeat("> - ", 8)+"x\n") },
	}
	parse := func(body string) time.Duration {
		src := "---\ntitle: t\nsummary: s\n---\n\n" + body
		if len(src) > MaxFileSize {
			src = src[:MaxFileSize]
		}
		start := cputime.Used(t)
		if _, err := Parse("content/a.md", []byte(src), &plain{}); err != nil {
			t.Fatalf("a page inside the limits is refused: %v", err)
		}
		return cputime.Used(t) - start
	}
	for name, shape := range shapes {
		quarter, whole := parse(shape(full/4)), parse(shape(full))
		t.Logf("%-26s quarter %v, whole %v of CPU", name, quarter.Round(time.Millisecond), whole.Round(time.Millisecond))
		// The 100 ms absorb the collector's and the clock's granularity
		// on shapes that parse in a few milliseconds.
		if whole > 8*quarter+100*time.Millisecond {
			t.Errorf("%s: %v of CPU for %d bytes but %v for a quarter of them: worse than linear", name, whole, full, quarter)
		}
	}
}

// fill repeats unit up to size bytes.
func fill(size int, unit string) string { return strings.Repeat(unit, size/len(unit)) }
