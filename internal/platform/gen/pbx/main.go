// Command pbx writes the cause tables of the PBXs people run in front of
// SIP trunks, data/platforms/freeswitch.yaml and data/platforms/asterisk.yaml:
// each one's hangup causes, the SIP response it sends for each cause, the
// cause it records for each SIP response it receives, and cited facts about
// the behaviour around those tables. The C switch and enum parsing is
// shared; each platform has a file of its own for its paths and its facts
// (freeswitch.go, asterisk.go).
//
// It reads the sources at one commit, from a directory holding the needed
// files at their repository paths, or from a bare git directory:
//
//	go run ./internal/platform/gen/pbx freeswitch -git /path/to/freeswitch.git -commit HASH > data/platforms/freeswitch.yaml
//	go run ./internal/platform/gen/pbx asterisk -git /path/to/asterisk.git -commit HASH > data/platforms/asterisk.yaml
//
// The tables are parsed from the C by pattern. Each fact is a sentence
// written here, tied to the source by an anchor (a piece of the code it
// describes); the line printed is the line the anchor is on at the given
// commit, and the program fails if an anchor is missing, so a fact cannot
// silently point at the wrong line after the sources move on. An entry's
// line is the line of its case label; a default's line is that of the
// return giving its value.
package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pbx freeswitch|asterisk -git DIR | -src DIR -commit HASH")
		os.Exit(2)
	}
	platform := os.Args[1]
	os.Args = append(os.Args[:1], os.Args[2:]...)
	switch platform {
	case "freeswitch":
		mainFreeSWITCH()
	case "asterisk":
		mainAsterisk()
	default:
		fmt.Fprintf(os.Stderr, "pbx: no platform %q; want freeswitch or asterisk\n", platform)
		os.Exit(2)
	}
}

// A fact is a sentence about the code and the place that shows it: the
// line of the n-th (from 1) occurrence of anchor in file.
type fact struct {
	text   string
	file   string
	anchor string
	n      int
}

// internal marks a cause that is not a Q.850 value.
func internal(cause int) string {
	if cause < 0 || cause > 127 {
		return ", internal: true"
	}
	return ""
}

// quote returns s as a YAML double-quoted scalar.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// anchorLine returns the line (from 1) of the n-th occurrence of anchor.
func anchorLine(src, anchor string, n int) (int, error) {
	off := 0
	for i := 1; ; i++ {
		j := strings.Index(src[off:], anchor)
		if j < 0 {
			return 0, fmt.Errorf("anchor %q occurrence %d not found", anchor, n)
		}
		if i == n {
			return 1 + strings.Count(src[:off+j], "\n"), nil
		}
		off += j + len(anchor)
	}
}

// A switchCase is one case label of a switch, the value returned for it
// (after any labels falling through), and their lines. Label "default"
// is the default label.
type switchCase struct {
	Label     string
	Line      int
	Value     string
	ValueLine int
	Cond      string // the if condition the return sits under, if any
}

// A switchTable is the case labels and returns of a function's switch.
type switchTable struct {
	Cases   []switchCase   // the case labels, in source order, one per value
	Default []switchCase   // the returns reached from the default label
	Labels  map[string]int // every case label and the line it is on
}

// onlyDefault returns the default's return when it is a single
// unconditional one.
func (t switchTable) onlyDefault() (switchCase, error) {
	if len(t.Default) != 1 || t.Default[0].Cond != "" {
		return switchCase{}, fmt.Errorf("default is not a single return (%d returns)", len(t.Default))
	}
	return t.Default[0], nil
}

// numberOrName reads a case label or return value: a number, or a name of
// byName (the enum or #define names of the platform's causes).
func numberOrName(byName map[string]int) func(string) (int, error) {
	return func(tok string) (int, error) {
		if n, err := strconv.Atoi(tok); err == nil {
			return n, nil
		}
		if v, ok := byName[tok]; ok {
			return v, nil
		}
		return 0, fmt.Errorf("unknown name %q", tok)
	}
}

// A mapping is one case of a switch read as numbers: the label, the value
// returned for it, and the line of the label.
type mapping struct {
	From, To, Line int
}

// mappings reads the cases of t, function fn, as numbers with value, and
// refuses a label listed twice; what names the labels in that error
// ("cause", "SIP").
func (t switchTable) mappings(fn, what string, value func(string) (int, error)) ([]mapping, error) {
	var out []mapping
	seen := map[int]bool{}
	for _, c := range t.Cases {
		from, err := value(c.Label)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", fn, c.Line, err)
		}
		to, err := value(c.Value)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", fn, c.Line, err)
		}
		if seen[from] {
			return nil, fmt.Errorf("%s line %d: %s %d listed twice", fn, c.Line, what, from)
		}
		seen[from] = true
		out = append(out, mapping{from, to, c.Line})
	}
	return out, nil
}

var (
	tokRe   = regexp.MustCompile(`\bcase\s+([^:;]+?)\s*:|\bdefault\s*:|\breturn\s+([^;]+?)\s*;|\bbreak\s*;|\b(?:else\s+)?if\s*\(|[{}]`)
	rangeRe = regexp.MustCompile(`^(\d+)\s*\.\.\.\s*(\d+)$`)
)

// parseSwitch finds the definition of function fn in src and reads the
// first switch statement in its body: each case label with the value of
// the return it reaches, labels that fall through to the same return each
// getting that return, and GCC ranges (case 400 ... 499:) expanded to one
// label per value. A label that reaches a break instead of a return is
// left out. Comments are ignored.
func parseSwitch(src, fn string) (switchTable, error) {
	clean := stripComments(src)
	def := regexp.MustCompile(`(?m)^[A-Za-z_][\w \t\*]*\b` + regexp.QuoteMeta(fn) + `\s*\([^;{]*\)\s*\{`).FindStringIndex(clean)
	if def == nil {
		return switchTable{}, fmt.Errorf("function %s not found", fn)
	}
	sw := regexp.MustCompile(`\bswitch\s*\(`).FindStringIndex(clean[def[1]:])
	if sw == nil {
		return switchTable{}, fmt.Errorf("%s: no switch", fn)
	}
	open := strings.Index(clean[def[1]+sw[1]:], "{")
	if open < 0 {
		return switchTable{}, fmt.Errorf("%s: switch has no body", fn)
	}
	bodyStart := def[1] + sw[1] + open + 1
	bodyEnd := matchBrace(clean, bodyStart)
	if bodyEnd < 0 {
		return switchTable{}, fmt.Errorf("%s: switch body not closed", fn)
	}
	lineAt := func(off int) int { return 1 + strings.Count(clean[:off], "\n") }

	t := switchTable{Labels: map[string]int{}}
	type label struct {
		name string
		line int
	}
	var pending []label
	inDefault := false
	cond := ""
	body := clean[bodyStart:bodyEnd]
	for _, m := range tokRe.FindAllStringSubmatchIndex(body, -1) {
		tok := body[m[0]:m[1]]
		at := bodyStart + m[0]
		switch {
		case strings.HasPrefix(tok, "case"):
			name := strings.TrimSpace(body[m[2]:m[3]])
			names := []string{name}
			if r := rangeRe.FindStringSubmatch(name); r != nil {
				lo, _ := strconv.Atoi(r[1])
				hi, _ := strconv.Atoi(r[2])
				if hi < lo || hi-lo > 1000 {
					return t, fmt.Errorf("%s line %d: bad range %q", fn, lineAt(at), name)
				}
				names = names[:0]
				for v := lo; v <= hi; v++ {
					names = append(names, strconv.Itoa(v))
				}
			}
			for _, n := range names {
				if _, dup := t.Labels[n]; dup {
					return t, fmt.Errorf("%s line %d: label %s twice", fn, lineAt(at), n)
				}
				t.Labels[n] = lineAt(at)
				pending = append(pending, label{n, lineAt(at)})
			}
			inDefault = false
			cond = ""
		case strings.HasPrefix(tok, "default"):
			inDefault = true
			cond = ""
		case strings.HasPrefix(tok, "return"):
			val := strings.TrimSpace(body[m[4]:m[5]])
			val = strings.TrimSuffix(strings.TrimPrefix(val, "("), ")")
			for _, p := range pending {
				t.Cases = append(t.Cases, switchCase{Label: p.name, Line: p.line, Value: val, ValueLine: lineAt(at), Cond: cond})
			}
			pending = nil
			if inDefault {
				t.Default = append(t.Default, switchCase{Label: "default", Line: lineAt(at), Value: val, ValueLine: lineAt(at), Cond: cond})
			}
			cond = ""
		case strings.HasPrefix(tok, "break"):
			pending = nil
			cond = ""
		case tok == "{" || tok == "}":
			// blocks do not change which labels are pending
		default: // if or else if: remember the condition up to its closing parenthesis
			condStart := m[1]
			condEnd := matchParen(body, condStart)
			if condEnd < 0 {
				return t, fmt.Errorf("%s line %d: if not closed", fn, lineAt(at))
			}
			cond = strings.Join(strings.Fields(body[condStart:condEnd]), " ")
		}
	}
	if len(t.Cases) == 0 {
		return t, fmt.Errorf("%s: no case returns a value", fn)
	}
	return t, nil
}

// matchBrace returns the offset of the } closing the block whose body
// starts at off (just after its {), or -1.
func matchBrace(s string, off int) int {
	depth := 1
	for i := off; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// matchParen returns the offset of the ) closing the ( just before off, or -1.
func matchParen(s string, off int) int {
	depth := 1
	for i := off; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// stripComments replaces C comments, and the contents of string and
// character literals, with spaces, keeping every newline so that offsets
// and line numbers stay those of the source.
func stripComments(src string) string {
	b := []byte(src)
	blank := func(i int) {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			j := i
			for ; j < len(b) && !(b[j] == '*' && j+1 < len(b) && b[j+1] == '/'); j++ {
				blank(j)
			}
			if j < len(b) {
				blank(j)
				j++
				blank(j)
			}
			i = j
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '/':
			for ; i < len(b) && b[i] != '\n'; i++ {
				blank(i)
			}
		case b[i] == '"' || b[i] == '\'':
			q := b[i]
			for i++; i < len(b) && b[i] != q && b[i] != '\n'; i++ {
				if b[i] == '\\' && i+1 < len(b) {
					blank(i)
					i++
				}
				blank(i)
			}
		}
	}
	return string(b)
}

// sources reads a platform's files through read, each once.
type sources struct {
	read  func(string) ([]byte, error)
	files map[string]string
}

func newSources(read func(string) ([]byte, error)) *sources {
	return &sources{read: read, files: map[string]string{}}
}

// get returns the text of the file at path.
func (s *sources) get(path string) (string, error) {
	if text, ok := s.files[path]; ok {
		return text, nil
	}
	b, err := s.read(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	s.files[path] = string(b)
	return string(b), nil
}

// parseSwitch parses the switch of the C function fn in file.
func (s *sources) parseSwitch(file, fn string) (switchTable, error) {
	text, err := s.get(file)
	if err != nil {
		return switchTable{}, err
	}
	t, err := parseSwitch(text, fn)
	if err != nil {
		return switchTable{}, fmt.Errorf("%s: %w", file, err)
	}
	return t, nil
}
