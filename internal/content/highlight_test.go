package content

import (
	"strings"
	"testing"
	"time"
)

func TestFencedBlocks(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"json is highlighted with classes", "```json\n{\"code\": 486}\n```\n",
			`<pre class="chroma"><code><span class="p">{</span><span class="nt">&#34;code&#34;</span><span class="p">:</span> <span class="mi">486</span>`},
		{"a language highlight does not know is plain", "```nosip\nSIP/2.0 486 Busy Here\n```\n",
			"<div class=\"code-block\"><pre><code class=\"language-nosip\">SIP/2.0 486 Busy Here\n</code></pre></div>\n"},
		{"unknown language is escaped, labelled", "```no-such-lang\n<b>&</b>\n```\n",
			"<pre><code class=\"language-no-such-lang\">&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>"},
		{"no language", "```\nplain <text>\n```\n", "<pre><code>plain &lt;text&gt;\n</code></pre>"},
		{"language names ignore case", "```JSON\n[200]\n```\n", `<span class="mi">200</span>`},
	}
	for _, tt := range tests {
		doc, err := render([]byte(tt.md))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc.html), tt.want) {
			t.Errorf("%s:\n%s\nwant it to contain\n%s", tt.name, doc.html, tt.want)
		}
		if strings.Contains(string(doc.html), "style=") {
			t.Errorf("%s: inline style in %s", tt.name, doc.html)
		}
	}
}

// BenchmarkUnknownLanguage renders a page of 20 code blocks in a language
// chroma does not know: each lookup after the first is a map hit, not a
// search through every lexer (about 13 ms a block).
func BenchmarkUnknownLanguage(b *testing.B) {
	page := []byte(strings.Repeat("```no-such-lang\nsome code\n```\n\n", 20))
	for b.Loop() {
		if _, err := render(page); err != nil {
			b.Fatal(err)
		}
	}
}

// A block in a language with a lexer known to loop forever is shown as
// plain text, and the page renders.
func TestUnsafeLanguageIsPlain(t *testing.T) {
	done := make(chan string, 1)
	go func() {
		doc, err := render([]byte("```jungle\n/\n```\n"))
		if err != nil {
			t.Error(err)
		}
		done <- doc.html
	}()
	select {
	case html := <-done:
		if want := "<div class=\"code-block\"><pre><code class=\"language-jungle\">/\n</code></pre></div>\n"; string(html) != want {
			t.Errorf("jungle block: %s, want %s", html, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a jungle block did not render in 30 s (chroma#1377)")
	}
}
