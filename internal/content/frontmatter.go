package content

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// splitFrontMatter separates the YAML block between the leading "---" line and
// the next "---" line from the Markdown body. bodyLine is the 1-based line on
// which the body starts. It fails when the file does not open with "---" or
// the block is never closed.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, err error) {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if !isFence(first) {
		return nil, nil, 0, errors.New("front matter: want a --- line at the top of the file")
	}
	line := 2
	for off := len(first) + 1; off < len(src); line++ {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		}
		if isFence(src[off:min(next, len(src))]) {
			return src[len(first)+1 : off], src[next:], line + 1, nil
		}
		off = next
	}
	return nil, nil, 0, errors.New("front matter: the --- on line 1 is never closed; want a second --- line after the last key")
}

// isFence reports whether line is "---", allowing trailing blanks and CR.
func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r\n")) == "---"
}

var (
	yamlLineRE   = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownKeyRE = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	unmarshalRE  = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
	// A list or a mapping where one value is wanted: yaml.v3 quotes no value.
	unmarshalNodeRE = regexp.MustCompile(`^cannot unmarshal !!(\w+) into (\S+)$`)
)

// decodeStrict decodes the YAML in fm into v, which must point to a struct,
// rejecting unknown keys. firstLine is the file line of fm's first line, so
// every problem is reported at its line in the file. It returns the line of
// each top-level key and every problem found.
func decodeStrict(file string, fm []byte, firstLine int, v any) (Keys, []error) {
	lines := Keys{}
	at := func(n int) int { return n + firstLine - 1 }

	var doc yaml.Node
	if flat, ok := flatNode(fm); ok && fastFrontMatter {
		doc = *flat // what yaml.Unmarshal gives, for less (frontmatter_fast.go)
	} else if err := yaml.Unmarshal(fm, &doc); err != nil {
		return lines, []error{yamlError(file, at, lines, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return lines, nil // an empty block: every key takes its zero value
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return lines, []error{problem.Errorf(file, at(top.Line), "front matter: want key: value lines, got a %s", kindName(top.Kind))}
	}
	t := reflect.TypeOf(v).Elem()
	known := yamlKeys(t)
	var errs []error
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if _, dup := lines[k.Value]; dup {
			errs = append(errs, problem.Errorf(file, at(k.Line), "front matter: %s is set twice (first on line %d)", k.Value, lines[k.Value]))
			continue
		}
		lines[k.Value] = at(k.Line)
		nestedKeys(lines, k.Value, top.Content[i+1], at, 0)
		if !slices.Contains(known, k.Value) {
			errs = append(errs, problem.Errorf(file, at(k.Line), "front matter: unknown key %q; want one of %s", k.Value, strings.Join(known, ", ")))
			continue
		}
		field, _ := fieldByKey(t, k.Value)
		errs = append(errs, unknownKeys(file, at, top.Content[i+1], field, 0)...)
	}
	if len(errs) > 0 {
		return lines, errs
	}
	// Decode the tree already parsed; unknown keys were checked above, at
	// every level, so strictness costs no second parse.
	if err := top.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, msg := range te.Errors {
				errs = append(errs, yamlError(file, at, lines, errors.New(msg)))
			}
			return lines, errs
		}
		return lines, []error{yamlError(file, at, lines, err)}
	}
	return lines, nil
}

// nestedKeys records the line of every key and list item under n, whose
// path is path: "references.0", "cause_to_sip.entries.3".
func nestedKeys(lines Keys, path string, n *yaml.Node, at func(int) int, depth int) {
	if depth > 20 { // aliases can nest without end
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for j, item := range n.Content {
			p := path + "." + strconv.Itoa(j)
			lines[p] = at(item.Line)
			nestedKeys(lines, p, item, at, depth+1)
		}
	case yaml.MappingNode:
		for j := 0; j+1 < len(n.Content); j += 2 {
			p := path + "." + n.Content[j].Value
			lines[p] = at(n.Content[j].Line)
			nestedKeys(lines, p, n.Content[j+1], at, depth+1)
		}
	}
}

// unknownKeys reports the keys of mappings in n, at any depth, that the
// type t (a struct, or a slice or pointer of one) has no field for.
func unknownKeys(file string, at func(int) int, n *yaml.Node, t reflect.Type, depth int) []error {
	if depth > 20 { // aliases can nest without end; such a value is wrong anyway
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []error
	switch {
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			errs = append(errs, unknownKeys(file, at, c, t.Elem(), depth+1)...)
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			field, ok := fieldByKey(t, k.Value)
			if !ok {
				errs = append(errs, problem.Errorf(file, at(k.Line), "front matter: unknown key %q; want one of %s", k.Value, strings.Join(yamlKeys(t), ", ")))
				continue
			}
			errs = append(errs, unknownKeys(file, at, n.Content[i+1], field, depth+1)...)
		}
	}
	return errs
}

// fieldByKey returns the type of the field of struct type t whose yaml tag
// names key, looking into the fields of structs inlined with ",inline".
func fieldByKey(t reflect.Type, key string) (reflect.Type, bool) {
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			if ft, ok := fieldByKey(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if name == key {
			return f.Type, true
		}
	}
	return nil, false
}

// yamlError turns a yaml.v3 message into an *problem.Error at the right file line,
// in the words of this package.
func yamlError(file string, at func(int) int, lines Keys, err error) error {
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return problem.Errorf(file, at(1), "front matter: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	n, _ := strconv.Atoi(m[1])
	if parserError(m[2]) {
		n++ // yaml.v3 counts lines from 0 in its parser's errors, from 1 in its scanner's
	}
	line, msg := at(n), m[2]
	if u := unknownKeyRE.FindStringSubmatch(msg); u != nil {
		return problem.Errorf(file, line, "front matter: unknown key %q", u[1])
	}
	if u := unmarshalRE.FindStringSubmatch(msg); u != nil {
		key := keyAt(lines, line)
		return problem.Errorf(file, line, "front matter: %swant %s, got %s %q", key, typeName(u[3]), kindWord(u[1]), u[2])
	}
	if u := unmarshalNodeRE.FindStringSubmatch(msg); u != nil {
		return problem.Errorf(file, line, "front matter: %swant %s, got %s", keyAt(lines, line), typeName(u[2]), kindWord(u[1]))
	}
	return problem.Errorf(file, line, "front matter: %s", msg)
}

// parserError reports whether msg is one of the errors of yaml.v3's
// parser (rather than its scanner).
func parserError(msg string) bool {
	for _, what := range []string{"key", "node content", "',' or ']'", "',' or '}'", "'-' indicator", "<document start>"} {
		if msg == "did not find expected "+what {
			return true
		}
	}
	return false
}

// keyAt names the top-level key that starts on or most recently before line,
// as a "key: " prefix for messages.
func keyAt(lines Keys, line int) string {
	best, bestLine := "", 0
	for k, l := range lines {
		if strings.Contains(k, ".") { // a list item, not a key
			continue
		}
		if l <= line && (l > bestLine || l == bestLine && k < best) {
			best, bestLine = k, l
		}
	}
	if best == "" {
		return ""
	}
	return best + ": "
}

func typeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["), strings.Contains(goType, "."): // a struct of some package
		return "key: value pairs"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "text"
	}
	return goType
}

func kindWord(tag string) string {
	switch tag {
	case "str":
		return "text"
	case "seq":
		return "a list"
	case "map":
		return "key: value pairs"
	case "int", "float":
		return "the number"
	case "bool":
		return "the boolean"
	}
	return tag
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	}
	return "document"
}

// yamlKeys lists the yaml tag names of struct type t's fields.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			keys = append(keys, yamlKeys(f.Type)...)
			continue
		}
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}
