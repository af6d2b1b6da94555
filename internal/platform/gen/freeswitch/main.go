// Command freeswitch writes data/platforms/freeswitch.yaml: FreeSWITCH's
// hangup causes, the SIP response mod_sofia sends for each cause, the cause
// it records for each SIP response it receives, and a few cited facts about
// the behaviour around those tables.
//
// It reads the FreeSWITCH sources at one commit, either from a checkout (or
// a directory holding the needed files at their repository paths) or from a
// bare git directory:
//
//	go run ./internal/platform/gen/freeswitch -git /path/to/freeswitch.git -commit HASH > data/platforms/freeswitch.yaml
//	go run ./internal/platform/gen/freeswitch -src DIR -commit HASH > data/platforms/freeswitch.yaml
//
// The tables are parsed from the C by pattern: the switch_call_cause_t enum,
// and the case labels and returns of hangup_cause_to_sip and
// sofia_glue_sip_cause_to_freeswitch. Each fact is a sentence written here,
// tied to the source by an anchor (a piece of the code it describes); the
// line printed is the line the anchor is on at the given commit, and the
// program fails if an anchor is missing, so a fact cannot silently point
// at the wrong line after the sources move on. An entry's line is the line
// of its case label; a default's line is that of the return giving its
// value. Causes above 127 are marked internal. Only facts are kept: no code
// or prose of FreeSWITCH is copied into the output.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

const (
	repository = "signalwire/freeswitch"

	causesFile = "src/include/switch_types.h"
	causeEnum  = "switch_call_cause_t"
	causePfx   = "SWITCH_CAUSE_"

	toSIPFile = "src/mod/endpoints/mod_sofia/mod_sofia.c"
	toSIPFunc = "hangup_cause_to_sip"

	toCauseFile = "src/mod/endpoints/mod_sofia/sofia_glue.c"
	toCauseFunc = "sofia_glue_sip_cause_to_freeswitch"

	sofiaFile     = "src/mod/endpoints/mod_sofia/sofia.c"
	channelFile   = "src/switch_channel.c"
	originateFile = "src/switch_ivr_originate.c"
)

// A fact is a sentence about the code and the place that shows it: the
// line of the n-th (from 1) occurrence of anchor in file.
type fact struct {
	text   string
	file   string
	anchor string
	n      int
}

// facts are written by hand from reading the sources at the pinned commit.
var facts = []fact{
	{"Any cause above 127 (INTERWORKING) is reported as Q.850 cause 16 (NORMAL_CLEARING), so hangup_cause_q850=16 can stand for an internal cause such as MEDIA_TIMEOUT.",
		channelFile, "if (cause <= SWITCH_CAUSE_INTERWORKING) {", 1},
	{"The source attributes the cause-to-SIP table to RFC 4497 section 8.4.1.",
		toSIPFile, "RFC4497 section 8.4.1", 1},
	{"The source attributes the SIP-to-cause table to RFC 4497 section 8.4.4.",
		toCauseFile, "RFC4497 section 8.4.4", 1},
	{"The cause-to-SIP table is used only to refuse an unanswered inbound INVITE; an answered call is ended with BYE and an unanswered outbound call with CANCEL, whatever the cause.",
		toSIPFile, "if (switch_channel_test_flag(channel, CF_ANSWERED) || sofia_test_flag(tech_pvt, TFLAG_ANS))", 1},
	{"The SIP code from the other leg (last_bridge_proto_specific_hangup_cause, as sip:NNN) replaces the table's answer unless sip_ignore_remote_cause is true.",
		toSIPFile, "sip_ignore_remote_cause", 1},
	{"A response code set earlier on the channel by a redirect or respond request (respond_code) replaces the table's answer.",
		toSIPFile, "sip_cause = tech_pvt->respond_code;", 1},
	{"The outgoing Reason header is Q.850;cause=N with the cause name for causes 1 to 127.",
		toSIPFile, `} else if (cause > 0 && cause < 128) {`, 1},
	{"For causes 128 and above the outgoing Reason header is SIP;cause=N with the internal cause number (for example 804 for MEDIA_TIMEOUT), which is not a SIP status code.",
		toSIPFile, `reason = switch_core_session_sprintf(session, "SIP;cause=%d;text=\"%s\"", cause, switch_channel_cause2str(cause));`, 1},
	{"A picked-up call, or one that lost an originate race (PICKED_OFF, LOSE_RACE), sends Reason SIP;cause=200 with the text Call completed elsewhere, unless ignore_completed_elsewhere is true.",
		toSIPFile, `SIP;cause=200;text=\"Call completed elsewhere\"`, 1},
	{"The variable sip_reason replaces the outgoing Reason header, and disable_q850_reason=true leaves it out.",
		toSIPFile, `val = switch_channel_get_variable(tech_pvt->channel, "disable_q850_reason");`, 1},
	{"The variable sip_603plus_passthrough forwards a received 603+ Reason (ATIS-1000099) when true and strips the Reason header when false.",
		toSIPFile, `const char *passthrough_603plus = switch_channel_get_variable(channel, "sip_603plus_passthrough");`, 1},
	{"On a received BYE, a Reason header whose protocol is Q.850, FreeSWITCH or the profile's sdp_username sets the hangup cause from its cause value instead of the SIP-to-cause table.",
		sofiaFile, `!strcasecmp(sip->sip_reason->re_protocol, "Q.850")`, 1},
	{"The raw Reason header of a received BYE is kept in the variable sip_reason.",
		sofiaFile, `switch_channel_set_variable(channel, "sip_reason", reason_header);`, 1},
	{"A received BYE sets sip_term_status to its status and proto_specific_hangup_cause to sip:NNN.",
		sofiaFile, `switch_channel_set_variable(channel, "sip_term_status", st);`, 1},
	{"On a received final response of 400 or above, a Reason header with protocol Q.850, FreeSWITCH or the profile's sdp_username is stored as the cause for the hangup.",
		sofiaFile, `if (status >= 400 && sip->sip_reason && sip->sip_reason->re_protocol`, 1},
	{"A received final response of 400 or above sets sip_invite_failure_status and sip_invite_failure_phrase, on the channel and on its partner.",
		sofiaFile, `switch_channel_set_variable(channel, "sip_invite_failure_status", status_str);`, 1},
	{"A received 603 with the phrase Network Blocked and a Reason text starting v=analytics1; (603+, ATIS-1000099) is kept in the variable sip_603plus_reason.",
		sofiaFile, `if (status == 603 && phrase && !strcasecmp(phrase, "Network Blocked")`, 1},
	{"When the call ends, a cause stored from a Reason header is used instead of the SIP-to-cause table unless ignore_q850_reason is true.",
		sofiaFile, `if (tech_pvt->q850_cause && !switch_channel_var_true(channel, "ignore_q850_reason")) {`, 1},
	{"A 488 that ends the call in the terminating state stores cause 96 (MANDATORY_IE_MISSING), so the recorded cause for a 488 is 96 rather than 88 unless ignore_q850_reason is true.",
		sofiaFile, "tech_pvt->q850_cause = SWITCH_CAUSE_MANDATORY_IE_MISSING;", 1},
	{"The default originate timeout, used when none is set, is 60 seconds.",
		causesFile, "#define SWITCH_DEFAULT_TIMEOUT 60", 1},
	{"An originate that times out ends with cause NO_ANSWER (19), for which the cause-to-SIP table gives 480.",
		originateFile, "} else if (oglobals.idx == IDX_TIMEOUT) {", 1},
}

// notes qualify single entries of the SIP-to-cause table: the condition
// under which the mapping does not hold, with the anchor that shows it.
var toCauseNotes = map[int]fact{
	488: {"in the terminating state FreeSWITCH stores cause 96 (MANDATORY_IE_MISSING) instead, unless ignore_q850_reason is true",
		sofiaFile, "tech_pvt->q850_cause = SWITCH_CAUSE_MANDATORY_IE_MISSING;", 1},
}

func main() {
	src := flag.String("src", "", "directory holding the FreeSWITCH files at their repository paths")
	gitDir := flag.String("git", "", "bare git directory of signalwire/freeswitch (read with git show)")
	commit := flag.String("commit", "", "the commit the sources are from (40 hex digits)")
	flag.Parse()
	if !isCommit(*commit) || (*src == "") == (*gitDir == "") {
		fmt.Fprintln(os.Stderr, "usage: freeswitch (-src DIR | -git GITDIR) -commit HASH")
		os.Exit(2)
	}
	read := func(path string) ([]byte, error) {
		if *src != "" {
			return os.ReadFile(filepath.Join(*src, filepath.FromSlash(path)))
		}
		return exec.Command("git", "--git-dir", *gitDir, "show", *commit+":"+path).Output()
	}
	if err := run(os.Stdout, read, *commit); err != nil {
		fmt.Fprintln(os.Stderr, "freeswitch:", err)
		os.Exit(1)
	}
}

func isCommit(s string) bool {
	return regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(s)
}

// run reads the sources through read and writes the YAML to w.
func run(w io.Writer, read func(string) ([]byte, error), commit string) error {
	files := map[string]string{}
	get := func(path string) (string, error) {
		if s, ok := files[path]; ok {
			return s, nil
		}
		b, err := read(path)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		files[path] = string(b)
		return string(b), nil
	}

	typesSrc, err := get(causesFile)
	if err != nil {
		return err
	}
	causes, err := parseEnum(typesSrc, causeEnum, causePfx)
	if err != nil {
		return fmt.Errorf("%s: %w", causesFile, err)
	}
	byName := map[string]int{}
	for _, c := range causes {
		byName[causePfx+c.Name] = c.Value
	}
	value := func(tok string) (int, error) {
		if n, err := strconv.Atoi(tok); err == nil {
			return n, nil
		}
		if v, ok := byName[tok]; ok {
			return v, nil
		}
		return 0, fmt.Errorf("unknown name %q", tok)
	}

	toSIPSrc, err := get(toSIPFile)
	if err != nil {
		return err
	}
	toSIP, err := parseSwitch(toSIPSrc, toSIPFunc)
	if err != nil {
		return fmt.Errorf("%s: %w", toSIPFile, err)
	}
	toCauseSrc, err := get(toCauseFile)
	if err != nil {
		return err
	}
	toCause, err := parseSwitch(toCauseSrc, toCauseFunc)
	if err != nil {
		return fmt.Errorf("%s: %w", toCauseFile, err)
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, "# Generated by internal/platform/gen/freeswitch from %s at the commit below; do not edit by hand.\n", repository)
	fmt.Fprintf(&out, "platform: FreeSWITCH\nrepository: %s\ncommit: %s\n", repository, commit)

	out.WriteString("causes:\n")
	fmt.Fprintf(&out, "  file: %s\n  entries:\n", causesFile)
	for _, c := range causes {
		fmt.Fprintf(&out, "    - {cause: %d, name: %s, line: %d%s}\n", c.Value, c.Name, c.Line, internal(c.Value))
	}

	out.WriteString("cause_to_sip:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toSIPFile, toSIPFunc)
	def, err := toSIP.onlyDefault()
	if err != nil {
		return fmt.Errorf("%s: %w", toSIPFunc, err)
	}
	defSIP, err := value(def.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toSIPFunc, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defSIP, def.Line)
	seen := map[int]bool{}
	for _, c := range toSIP.Cases {
		cause, err := value(c.Label)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toSIPFunc, c.Line, err)
		}
		sip, err := value(c.Value)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toSIPFunc, c.Line, err)
		}
		if seen[cause] {
			return fmt.Errorf("%s line %d: cause %d listed twice", toSIPFunc, c.Line, cause)
		}
		seen[cause] = true
		fmt.Fprintf(&out, "    - {cause: %d, sip: %d, line: %d%s}\n", cause, sip, c.Line, internal(cause))
	}

	out.WriteString("sip_to_cause:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toCauseFile, toCauseFunc)
	def, err = toCause.onlyDefault()
	if err != nil {
		return fmt.Errorf("%s: %w", toCauseFunc, err)
	}
	defCause, err := value(def.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toCauseFunc, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defCause, def.Line)
	seen = map[int]bool{}
	for _, c := range toCause.Cases {
		sip, err := value(c.Label)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toCauseFunc, c.Line, err)
		}
		cause, err := value(c.Value)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toCauseFunc, c.Line, err)
		}
		if seen[sip] {
			return fmt.Errorf("%s line %d: SIP %d listed twice", toCauseFunc, c.Line, sip)
		}
		seen[sip] = true
		note := ""
		if f, ok := toCauseNotes[sip]; ok {
			s, err := get(f.file)
			if err != nil {
				return err
			}
			line, err := anchorLine(s, f.anchor, f.n)
			if err != nil {
				return fmt.Errorf("note for %d: %s: %w", sip, f.file, err)
			}
			note = fmt.Sprintf(", note: %s", quote(fmt.Sprintf("%s (%s line %d).", f.text, f.file, line)))
		}
		fmt.Fprintf(&out, "    - {sip: %d, cause: %d, line: %d%s%s}\n", sip, cause, c.Line, internal(cause), note)
	}

	out.WriteString("facts:\n")
	for _, f := range facts {
		s, err := get(f.file)
		if err != nil {
			return err
		}
		line, err := anchorLine(s, f.anchor, f.n)
		if err != nil {
			return fmt.Errorf("fact %q: %s: %w", f.text, f.file, err)
		}
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(f.text), f.file, line)
	}
	_, err = w.Write(out.Bytes())
	return err
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

// An enumerator is one NAME = VALUE of a C enum, with the prefix taken off
// the name, and the line it is on.
type enumerator struct {
	Name  string
	Value int
	Line  int
}

// parseEnum returns the enumerators of the typedef'd enum named typeName,
// in source order. Only enumerators with an explicit decimal value and the
// given prefix are taken; any other enumerator is an error, since its value
// would have to be counted.
func parseEnum(src, typeName, prefix string) ([]enumerator, error) {
	clean := stripComments(src)
	end := regexp.MustCompile(`\}\s*` + regexp.QuoteMeta(typeName) + `\s*;`).FindStringIndex(clean)
	if end == nil {
		return nil, fmt.Errorf("enum %s not found", typeName)
	}
	start := strings.LastIndex(clean[:end[0]], "enum")
	if start < 0 {
		return nil, fmt.Errorf("enum %s: no enum keyword", typeName)
	}
	open := strings.Index(clean[start:end[0]], "{")
	if open < 0 {
		return nil, fmt.Errorf("enum %s: no body", typeName)
	}
	bodyStart := start + open + 1
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(prefix) + `(\w+)\s*=\s*(\d+)\s*$`)
	var out []enumerator
	off := bodyStart
	for _, item := range strings.Split(clean[bodyStart:end[0]], ",") {
		here := off
		off += len(item) + 1
		if strings.TrimSpace(item) == "" {
			continue
		}
		m := re.FindStringSubmatch(item)
		if m == nil {
			return nil, fmt.Errorf("enum %s: cannot read %q", typeName, strings.TrimSpace(item))
		}
		v, _ := strconv.Atoi(m[2])
		lead := len(item) - len(strings.TrimLeft(item, " \t\r\n"))
		out = append(out, enumerator{m[1], v, 1 + strings.Count(clean[:here+lead], "\n")})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("enum %s is empty", typeName)
	}
	return out, nil
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
