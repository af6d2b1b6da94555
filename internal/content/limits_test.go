package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
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

// Pages just inside every limit, up to the 4 MiB a page may have, still
// render in bounded time. The bound is generous, for a shared machine:
// it catches quadratic growth (minutes), not a slow build.
func TestLimitsBoundTime(t *testing.T) {
	size := MaxFileSize - 1000
	if raceEnabled {
		size /= 4 // still minutes for a quadratic shape
	}
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	para := func(unit string, per int) string { return fill(strings.Repeat(unit, per) + "\n\n") }
	shapes := map[string]string{
		"blockquotes 16 deep":      fill(strings.Repeat(">", 16) + " x\n"),
		"list markers 16 deep":     fill(strings.Repeat("- ", 16) + "x\n"),
		"lists indented 64":        fill(repeatLines(32, func(i int) string { return strings.Repeat("  ", i) + "- x\n" }) + "\n"),
		"brackets per paragraph":   para("[a]\n", 30_000),
		"unclosed destinations":    para("[a](", 2400),
		"links":                    fill("see [a](/x) and "),
		"reference definitions":    repeatLines(9_999, func(i int) string { return fmt.Sprintf("[r%d]: /x%d\n", i, i) }) + fill("[r1] "),
		"bracket runs":             fill("[[[[[[[[ "),
		"emphasis":                 fill("*a _b "),
		"mixed containers 16 deep": fill(strings.Repeat("> - ", 8) + "x\n"),
	}
	for name, body := range shapes {
		src := "---\ntitle: t\nsummary: s\n---\n\n" + body
		if len(src) > MaxFileSize {
			src = src[:MaxFileSize]
		}
		start := time.Now()
		_, err := Parse("content/a.md", []byte(src), &plain{})
		took := time.Since(start)
		t.Logf("%-26s %5.1f MiB %v %v", name, float64(len(src))/(1<<20), took.Round(time.Millisecond), err != nil)
		if took > 30*time.Second {
			t.Errorf("%s: %v to parse %d bytes", name, took, len(src))
		}
	}
}
