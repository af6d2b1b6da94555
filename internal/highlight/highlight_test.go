package highlight

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/sipcodes/sipcodes/internal/cputime"
)

// Every language of Languages's lexer ends on hostile input: each printable
// character alone, unclosed quotes and comments, deep nesting and random
// bytes. The bound is generous (60 s of CPU): it catches a lexer that
// never ends, not a slow one.
func TestLanguagesEnd(t *testing.T) {
	var inputs []string
	for c := byte(0x20); c < 0x7f; c++ {
		inputs = append(inputs, string(c), string(c)+"\n", "x"+string(c)+"y")
	}
	inputs = append(inputs, `"unclosed`, "'unclosed", "/* open", "<!-- open", "<![CDATA[", "{{{{", "[[[[", "((((",
		strings.Repeat("(", 2000), strings.Repeat(`\`, 2000), strings.Repeat("<a ", 500), "\x00\xff\xfe", "")
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		b := make([]byte, 2000)
		for i := range b {
			b[i] = byte(rnd.IntN(128))
		}
		inputs = append(inputs, string(b))
	}
	for _, lang := range Languages {
		l := Lexer(lang)
		if l == nil {
			t.Errorf("%s: chroma has no lexer for it", lang)
			continue
		}
		done := make(chan error, 1)
		go func() {
			for _, in := range inputs {
				it, err := l.Tokenise(nil, in)
				if err != nil {
					continue
				}
				for tok := it(); tok != chroma.EOF; tok = it() {
				}
			}
			done <- nil
		}()
		// Bounded in CPU time, not wall time: a lexer that never ends
		// burns CPU without end, while a loaded machine only stretches the
		// wall clock of one that ends.
		start := cputime.Used(t)
	wait:
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s: %v", lang, err)
				}
				break wait
			case <-time.After(100 * time.Millisecond):
				if cputime.Used(t)-start > 60*time.Second {
					t.Fatalf("%s: its lexer took over 60 s of CPU on hostile input without ending; take it off Languages", lang)
				}
			}
		}
	}
}

// Every class that WriteTokens emits, in any language and on any input of
// a corpus, has a rule in CSS: no span is written that nothing styles.
func TestEveryClassHasARule(t *testing.T) {
	css, err := CSS()
	if err != nil {
		t.Fatal(err)
	}
	corpus := []string{
		"#!/bin/sh\n# comment\necho \"$HOME\" 'x' 42 | grep -v y > /dev/null\n",
		`{"a": [1, 2.5, true, null, "s"]}`,
		"<?xml version=\"1.0\"?><!-- c --><a b=\"c\">&amp;</a>",
		"package main\n// c\nfunc main() { x := 1 + 2; println(\"s\", 'r', x) }\n",
		"def f(x):\n    \"\"\"doc\"\"\"\n    return x ** 2  # c\n",
		"SELECT a, COUNT(*) FROM t WHERE b = 'x' -- c\n",
		"--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n",
		"key = \"v\" # c\n[section]\nn = 1\n",
	}
	class := regexp.MustCompile(`class="([^"]+)"`)
	seen := 0
	for _, lang := range Languages {
		l := Lexer(lang)
		for _, in := range corpus {
			it, err := l.Tokenise(nil, in)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			WriteTokens(&b, it)
			for _, m := range class.FindAllStringSubmatch(b.String(), -1) {
				seen++
				if !strings.Contains(string(css), ".chroma ."+m[1]+"{") {
					t.Errorf("%s emits class %q, which the stylesheet has no rule for", lang, m[1])
				}
			}
		}
	}
	if seen < 50 {
		t.Errorf("only %d classes emitted over the corpus; the test reads nothing", seen)
	}
}
