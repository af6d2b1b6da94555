// Command asterisk writes data/platforms/asterisk.yaml: Asterisk's hangup
// causes, the SIP response chan_pjsip sends for each cause, the cause
// res_pjsip records for each SIP response it receives, and a few cited
// facts about the behaviour around those tables.
//
// It reads the Asterisk sources at one commit, either from a checkout (or
// a directory holding the needed files at their repository paths) or from a
// bare git directory, and the site's list of SIP response codes:
//
//	go run ./internal/platform/gen/asterisk -git /path/to/asterisk.git -commit HASH > data/platforms/asterisk.yaml
//	go run ./internal/platform/gen/asterisk -src DIR -commit HASH > data/platforms/asterisk.yaml
//
// The tables are parsed from the C by pattern: the AST_CAUSE_* defines of
// include/asterisk/causes.h (numbers, and aliases that name another cause),
// the case labels and returns of hangup_cause2sip in channels/chan_pjsip.c,
// the "if (!response) response = N;" that ast_sip_session_terminate applies
// to its result, and the case labels, returns and class ranges of
// ast_sip_hangup_sip2cause in res/res_pjsip.c. That function's default
// branch maps whole classes (any other 4xx, 5xx, 6xx); each registered code
// in such a class (from -codes, the site's registry) that the switch does
// not list is written as its own entry, with a note, so that every code a
// page can show has its row.
//
// Each fact is a sentence written here, tied to the source by an anchor (a
// piece of the code it describes); the line printed is the line the anchor
// is on at the given commit, and the program fails if an anchor is
// missing. An entry's line is the line of its case label (for a class
// default, of the return giving the class's cause); a default's line is
// that of the return giving its value. Only facts are kept: no code or prose of Asterisk is copied into
// the output.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

const (
	repository = "asterisk/asterisk"

	causesFile = "include/asterisk/causes.h"
	causePfx   = "AST_CAUSE_"

	toSIPFile = "channels/chan_pjsip.c"
	toSIPFunc = "hangup_cause2sip"

	terminateFile = "res/res_pjsip_session.c"
	terminateFunc = "ast_sip_session_terminate"

	toCauseFile = "res/res_pjsip.c"
	toCauseFunc = "ast_sip_hangup_sip2cause"

	rfc3326File     = "res/res_pjsip_rfc3326.c"
	distributorFile = "res/res_pjsip/pjsip_distributor.c"
	configFile      = "res/res_pjsip/pjsip_configuration.c"
	dialplanFile    = "channels/pjsip/dialplan_functions.c"
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
// The aliases of causes.h are added to them by the program.
var facts = []fact{
	{"A cause that hangup_cause2sip does not list (for example 16 NORMAL_CLEARING, 41 NORMAL_TEMPORARY_FAILURE, 47, 88 or 102) makes it return 0, and ast_sip_session_terminate sends 603 Decline for 0: an unanswered call hung up with such a cause is refused with 603.",
		terminateFile, "response = 603;", 1},
	{"The response code is used only while the call is unanswered; an answered call is ended with BYE, whatever the cause.",
		terminateFile, "case PJSIP_INV_STATE_CONFIRMED:", 1},
	{"At hangup, chan_pjsip maps the channel's hangup cause with hangup_cause2sip and records the result as the tech cause if none was set.",
		toSIPFile, "tech_cause = hangup_cause2sip(cause);", 1},
	{"When a session ends and the channel has no cause yet, the cause is derived from the SIP code of the ending response with ast_sip_hangup_sip2cause.",
		toSIPFile, "if (new_cause == 0 && new_tech_cause > 0) {", 1},
	{"A Reason header on a received BYE or CANCEL, or on a received response of 300 or above, sets the hangup cause.",
		rfc3326File, "rfc3326_use_reason_header(session, rdata);", 1},
	{"When a message carries both a Q.850 and a SIP Reason header, the Q.850 cause wins; a SIP cause is mapped with ast_sip_hangup_sip2cause.",
		rfc3326File, "if (code_q850) {", 1},
	{"A received Q.850 cause is kept in its low 7 bits (cause & 0x7f).",
		rfc3326File, "ast_channel_hangupcause_set(session->channel, code_q850 & 0x7f);", 1},
	{"A sent BYE or CANCEL, and a sent response of 300 or above, carries Reason: Q.850;cause=N (N in 0 to 127), unless the endpoint sets suppress_q850_reason_headers.",
		rfc3326File, `snprintf(buf, sizeof(buf), "Q.850;cause=%i", ast_channel_hangupcause(session->channel) & 0x7f);`, 1},
	{"For cause 26 (ANSWERED_ELSEWHERE) a sent BYE, CANCEL or response also carries Reason SIP;cause=200 with the text Call completed elsewhere.",
		rfc3326File, "if (ast_channel_hangupcause(session->channel) == AST_CAUSE_ANSWERED_ELSEWHERE) {", 1},
	{"A request that matches no endpoint is given an artificial endpoint, so that the reply does not reveal which accounts exist.",
		distributorFile, "endpoint = ast_sip_get_artificial_endpoint();", 1},
	{"A request that needs authentication, including one on the artificial endpoint, is challenged with 401; an INVITE from a trunk whose identify does not match is therefore challenged, not rejected.",
		distributorFile, "pjsip_endpt_create_response(ast_sip_get_pjsip_endpoint(), rdata, 401, NULL, &tdata);", 1},
	{"PJSIPHangup takes a response code of 400 to 699, or a name that ast_sip_str2rc knows; anything else is sent as 603.",
		dialplanFile, "if (response_code < 400 || response_code > 699) {", 1},
	{"The endpoint option timers_min_se defaults to 90 seconds.",
		configFile, `"timers_min_se", "90"`, 1},
	{"The endpoint option timers_sess_expires defaults to 1800 seconds.",
		configFile, `"timers_sess_expires", "1800"`, 1},
}

var commitRe = regexp.MustCompile(`^[0-9a-f]{40}$`)

func main() {
	src := flag.String("src", "", "directory holding the Asterisk files at their repository paths")
	gitDir := flag.String("git", "", "bare git directory of asterisk/asterisk (read with git show)")
	commit := flag.String("commit", "", "the commit the sources are from (40 hex digits)")
	codes := flag.String("codes", "internal/registry/codes.csv", "the site's SIP response code registry")
	flag.Parse()
	if !commitRe.MatchString(*commit) || (*src == "") == (*gitDir == "") {
		fmt.Fprintln(os.Stderr, "usage: asterisk (-src DIR | -git GITDIR) -commit HASH [-codes codes.csv]")
		os.Exit(2)
	}
	read := func(path string) ([]byte, error) {
		if *src != "" {
			return os.ReadFile(filepath.Join(*src, filepath.FromSlash(path)))
		}
		return exec.Command("git", "--git-dir", *gitDir, "show", *commit+":"+path).Output()
	}
	registered, err := readCodes(*codes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "asterisk:", err)
		os.Exit(1)
	}
	if err := run(os.Stdout, read, *commit, registered); err != nil {
		fmt.Fprintln(os.Stderr, "asterisk:", err)
		os.Exit(1)
	}
}

// readCodes returns the codes of the registry CSV (code,reason,...; lines
// starting with # are comments), in ascending order.
func readCodes(path string) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []int
	for i, row := range rows {
		if i == 0 && row[0] == "code" {
			continue
		}
		n, err := strconv.Atoi(row[0])
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", path, i+1, err)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// run reads the sources through read and writes the YAML to w.
func run(w io.Writer, read func(string) ([]byte, error), commit string, registered []int) error {
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
	line := func(f fact) (int, error) {
		s, err := get(f.file)
		if err != nil {
			return 0, err
		}
		n, err := anchorLine(s, f.anchor, f.n)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f.file, err)
		}
		return n, nil
	}

	causesSrc, err := get(causesFile)
	if err != nil {
		return err
	}
	causes, aliases, err := parseDefines(causesSrc, causePfx)
	if err != nil {
		return fmt.Errorf("%s: %w", causesFile, err)
	}
	byName := map[string]int{}
	nameOf := map[int]string{}
	for _, c := range causes {
		byName[causePfx+c.Name] = c.Value
		nameOf[c.Value] = c.Name
	}
	for _, a := range aliases {
		v, ok := byName[causePfx+a.Target]
		if !ok {
			return fmt.Errorf("%s line %d: %s names unknown %s", causesFile, a.Line, a.Name, a.Target)
		}
		byName[causePfx+a.Name] = v
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
	termSrc, err := get(terminateFile)
	if err != nil {
		return err
	}
	zeroSIP, zeroLine, err := parseZeroResponse(termSrc, terminateFunc)
	if err != nil {
		return fmt.Errorf("%s: %w", terminateFile, err)
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
	fmt.Fprintf(&out, "# Generated by internal/platform/gen/asterisk from %s at the commit below; do not edit by hand.\n", repository)
	fmt.Fprintf(&out, "platform: Asterisk (PJSIP)\nrepository: %s\ncommit: %s\n", repository, commit)

	out.WriteString("causes:\n")
	fmt.Fprintf(&out, "  file: %s\n  entries:\n", causesFile)
	for _, c := range causes {
		fmt.Fprintf(&out, "    - {cause: %d, name: %s, line: %d%s}\n", c.Value, c.Name, c.Line, internal(c.Value))
	}

	// Cause to SIP: the default returns 0, which the session layer turns
	// into a real response code.
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
	if defSIP != 0 {
		return fmt.Errorf("%s default returns %d, not 0: the 0 -> %d rule no longer explains it", toSIPFunc, defSIP, zeroSIP)
	}
	zeroNote := fmt.Sprintf("shares the default's return of 0, for which %s sends %d (%s line %d).", terminateFunc, zeroSIP, terminateFile, zeroLine)
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", zeroSIP, zeroLine)
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
		note := ""
		if sip == 0 {
			sip = zeroSIP
			note = ", note: " + quote(zeroNote)
		}
		fmt.Fprintf(&out, "    - {cause: %d, sip: %d, line: %d%s%s}\n", cause, sip, c.Line, internal(cause), note)
	}

	// SIP to cause: the listed codes, then each registered code that only
	// a class range of the default covers.
	out.WriteString("sip_to_cause:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toCauseFile, toCauseFunc)
	var (
		plain   *switchCase
		classes []classDefault
	)
	for i, d := range toCause.Default {
		if d.Cond == "" {
			if plain != nil {
				return fmt.Errorf("%s: two unconditional returns in the default", toCauseFunc)
			}
			plain = &toCause.Default[i]
			continue
		}
		lo, hi, ok := parseRange(d.Cond)
		if !ok {
			return fmt.Errorf("%s line %d: cannot read condition %q", toCauseFunc, d.Line, d.Cond)
		}
		v, err := value(d.Value)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toCauseFunc, d.Line, err)
		}
		classes = append(classes, classDefault{lo, hi, v, d.Line})
	}
	if plain == nil {
		return fmt.Errorf("%s: no unconditional return in the default", toCauseFunc)
	}
	defCause, err := value(plain.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toCauseFunc, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defCause, plain.Line)
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
		fmt.Fprintf(&out, "    - {sip: %d, cause: %d, line: %d%s}\n", sip, cause, c.Line, internal(cause))
	}
	for _, code := range registered {
		if seen[code] {
			continue
		}
		for _, cl := range classes {
			if code >= cl.lo && code < cl.hi {
				note := fmt.Sprintf("not listed in the switch; the default branch records any unlisted %d-%d response as cause %d", cl.lo, cl.hi-1, cl.cause)
				fmt.Fprintf(&out, "    - {sip: %d, cause: %d, line: %d%s, note: %s}\n", code, cl.cause, cl.line, internal(cl.cause), quote(note))
				seen[code] = true
				break
			}
		}
	}

	out.WriteString("facts:\n")
	for _, f := range facts {
		n, err := line(f)
		if err != nil {
			return fmt.Errorf("fact %q: %w", f.text, err)
		}
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(f.text), f.file, n)
	}
	for _, a := range aliases {
		v := byName[causePfx+a.Name]
		text := fmt.Sprintf("%s%s is another name for cause %d (%s).", causePfx, a.Name, v, nameOf[v])
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(text), causesFile, a.Line)
	}
	for _, cl := range classes {
		text := fmt.Sprintf("A received %d-%d response that the SIP-to-cause switch does not list is recorded as cause %d (%s).", cl.lo, cl.hi-1, cl.cause, nameOf[cl.cause])
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(text), toCauseFile, cl.line)
	}
	text := fmt.Sprintf("Any other received code outside those classes is recorded as cause %d (%s).", defCause, nameOf[defCause])
	fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(text), toCauseFile, plain.Line)

	_, err = w.Write(out.Bytes())
	return err
}

// A classDefault is a branch of the default: codes lo <= code < hi give cause.
type classDefault struct {
	lo, hi, cause, line int
}

var (
	rangeLoHi = regexp.MustCompile(`^\w+ < (\d+) && \w+ >= (\d+)$`)
	rangeHiLo = regexp.MustCompile(`^\w+ >= (\d+) && \w+ < (\d+)$`)
)

// parseRange reads a condition "x < HI && x >= LO" (either order).
func parseRange(cond string) (lo, hi int, ok bool) {
	cond = strings.Join(strings.Fields(strings.NewReplacer("<", " < ", ">=", " >= ", "&&", " && ").Replace(cond)), " ")
	cond = strings.ReplaceAll(cond, "> =", ">=")
	if m := rangeLoHi.FindStringSubmatch(cond); m != nil {
		hi, _ = strconv.Atoi(m[1])
		lo, _ = strconv.Atoi(m[2])
		return lo, hi, lo < hi
	}
	if m := rangeHiLo.FindStringSubmatch(cond); m != nil {
		lo, _ = strconv.Atoi(m[1])
		hi, _ = strconv.Atoi(m[2])
		return lo, hi, lo < hi
	}
	return 0, 0, false
}

// parseZeroResponse finds, in the body of function fn, the statement that
// replaces a zero response code ("if (!response) response = N;", with or
// without braces) and returns N and the line of the assignment.
func parseZeroResponse(src, fn string) (int, int, error) {
	clean := stripComments(src)
	def := regexp.MustCompile(`(?m)^[A-Za-z_][\w \t\*]*\b` + regexp.QuoteMeta(fn) + `\s*\([^;{]*\)\s*\{`).FindStringIndex(clean)
	if def == nil {
		return 0, 0, fmt.Errorf("function %s not found", fn)
	}
	end := matchBrace(clean, def[1])
	if end < 0 {
		return 0, 0, fmt.Errorf("%s: body not closed", fn)
	}
	m := regexp.MustCompile(`if\s*\(\s*!\s*(\w+)\s*\)\s*\{?\s*(\w+)\s*=\s*(\d+)\s*;`).FindStringSubmatchIndex(clean[def[1]:end])
	if m == nil {
		return 0, 0, fmt.Errorf("%s: no zero-response rule", fn)
	}
	body := clean[def[1]:end]
	if body[m[2]:m[3]] != body[m[4]:m[5]] {
		return 0, 0, fmt.Errorf("%s: the rule tests %s but sets %s", fn, body[m[2]:m[3]], body[m[4]:m[5]])
	}
	n, _ := strconv.Atoi(body[m[6]:m[7]])
	return n, 1 + strings.Count(clean[:def[1]+m[4]], "\n"), nil
}

// A define is one "#define PREFIXNAME NUMBER" with the prefix taken off the
// name, and the line it is on.
type define struct {
	Name  string
	Value int
	Line  int
}

// An alias is one "#define PREFIXNAME PREFIXTARGET".
type alias struct {
	Name, Target string
	Line         int
}

// parseDefines returns the numeric defines and the aliases with the given
// prefix, in source order. Numbers may be wrapped in parentheses.
func parseDefines(src, prefix string) ([]define, []alias, error) {
	clean := stripComments(src)
	num := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\s+\(?\s*(\d+)\s*\)?\s*$`)
	ali := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\s+\(?\s*` + regexp.QuoteMeta(prefix) + `(\w+)\s*\)?\s*$`)
	other := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\b`)
	var defs []define
	var aliases []alias
	for i, l := range strings.Split(clean, "\n") {
		if m := num.FindStringSubmatch(l); m != nil {
			v, _ := strconv.Atoi(m[2])
			defs = append(defs, define{m[1], v, i + 1})
		} else if m := ali.FindStringSubmatch(l); m != nil {
			aliases = append(aliases, alias{m[1], m[2], i + 1})
		} else if m := other.FindStringSubmatch(l); m != nil {
			return nil, nil, fmt.Errorf("line %d: cannot read the define of %s%s", i+1, prefix, m[1])
		}
	}
	if len(defs) == 0 {
		return nil, nil, fmt.Errorf("no %s defines", prefix)
	}
	seen := map[int]string{}
	for _, d := range defs {
		if prev, dup := seen[d.Value]; dup {
			return nil, nil, fmt.Errorf("line %d: %s%s has the value of %s%s; alias it instead", d.Line, prefix, d.Name, prefix, prev)
		}
		seen[d.Value] = d.Name
	}
	return defs, aliases, nil
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
