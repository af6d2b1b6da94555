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
	repositoryAsterisk = "asterisk/asterisk"

	causesFileAsterisk = "include/asterisk/causes.h"
	causePfxAsterisk   = "AST_CAUSE_"

	toSIPFileAsterisk = "channels/chan_pjsip.c"
	toSIPFuncAsterisk = "hangup_cause2sip"

	terminateFileAsterisk = "res/res_pjsip_session.c"
	terminateFuncAsterisk = "ast_sip_session_terminate"

	toCauseFileAsterisk = "res/res_pjsip.c"
	toCauseFuncAsterisk = "ast_sip_hangup_sip2cause"

	rfc3326FileAsterisk     = "res/res_pjsip_rfc3326.c"
	distributorFileAsterisk = "res/res_pjsip/pjsip_distributor.c"
	configFileAsterisk      = "res/res_pjsip/pjsip_configuration.c"
	dialplanFileAsterisk    = "channels/pjsip/dialplan_functions.c"
)

// facts are written by hand from reading the sources at the pinned commit.
// The aliases of causes.h are added to them by the program.
var factsAsterisk = []fact{
	{"A cause that hangup_cause2sip does not list (for example 16 NORMAL_CLEARING, 41 NORMAL_TEMPORARY_FAILURE, 47, 88 or 102) makes it return 0, and ast_sip_session_terminate sends 603 Decline for 0: an unanswered call hung up with such a cause is refused with 603.",
		terminateFileAsterisk, "response = 603;", 1},
	{"The response code is used only while the call is unanswered; an answered call is ended with BYE, whatever the cause.",
		terminateFileAsterisk, "case PJSIP_INV_STATE_CONFIRMED:", 1},
	{"At hangup, chan_pjsip maps the channel's hangup cause with hangup_cause2sip and records the result as the tech cause if none was set.",
		toSIPFileAsterisk, "tech_cause = hangup_cause2sip(cause);", 1},
	{"When a session ends and the channel has no cause yet, the cause is derived from the SIP code of the ending response with ast_sip_hangup_sip2cause.",
		toSIPFileAsterisk, "if (new_cause == 0 && new_tech_cause > 0) {", 1},
	{"A Reason header on a received BYE or CANCEL, or on a received response of 300 or above, sets the hangup cause.",
		rfc3326FileAsterisk, "rfc3326_use_reason_header(session, rdata);", 1},
	{"When a message carries both a Q.850 and a SIP Reason header, the Q.850 cause wins; a SIP cause is mapped with ast_sip_hangup_sip2cause.",
		rfc3326FileAsterisk, "if (code_q850) {", 1},
	{"A received Q.850 cause is kept in its low 7 bits (cause & 0x7f).",
		rfc3326FileAsterisk, "ast_channel_hangupcause_set(session->channel, code_q850 & 0x7f);", 1},
	{"A sent BYE or CANCEL, and a sent response of 300 or above, carries Reason: Q.850;cause=N (N in 0 to 127), unless the endpoint sets suppress_q850_reason_headers.",
		rfc3326FileAsterisk, `snprintf(buf, sizeof(buf), "Q.850;cause=%i", ast_channel_hangupcause(session->channel) & 0x7f);`, 1},
	{"For cause 26 (ANSWERED_ELSEWHERE) a sent BYE, CANCEL or response also carries Reason SIP;cause=200 with the text Call completed elsewhere.",
		rfc3326FileAsterisk, "if (ast_channel_hangupcause(session->channel) == AST_CAUSE_ANSWERED_ELSEWHERE) {", 1},
	{"A request that matches no endpoint is given an artificial endpoint, so that the reply does not reveal which accounts exist.",
		distributorFileAsterisk, "endpoint = ast_sip_get_artificial_endpoint();", 1},
	{"A request that needs authentication, including one on the artificial endpoint, is challenged with 401; an INVITE from a trunk whose identify does not match is therefore challenged, not rejected.",
		distributorFileAsterisk, "pjsip_endpt_create_response(ast_sip_get_pjsip_endpoint(), rdata, 401, NULL, &tdata);", 1},
	{"PJSIPHangup takes a response code of 400 to 699, or a name that ast_sip_str2rc knows; anything else is sent as 603.",
		dialplanFileAsterisk, "if (response_code < 400 || response_code > 699) {", 1},
	{"The endpoint option timers_min_se defaults to 90 seconds.",
		configFileAsterisk, `"timers_min_se", "90"`, 1},
	{"The endpoint option timers_sess_expires defaults to 1800 seconds.",
		configFileAsterisk, `"timers_sess_expires", "1800"`, 1},
}

var commitReAsterisk = regexp.MustCompile(`^[0-9a-f]{40}$`)

func mainAsterisk() {
	src := flag.String("src", "", "directory holding the Asterisk files at their repository paths")
	gitDir := flag.String("git", "", "bare git directory of asterisk/asterisk (read with git show)")
	commit := flag.String("commit", "", "the commit the sources are from (40 hex digits)")
	codes := flag.String("codes", "internal/registry/codes.csv", "the site's SIP response code registry")
	flag.Parse()
	if !commitReAsterisk.MatchString(*commit) || (*src == "") == (*gitDir == "") {
		fmt.Fprintln(os.Stderr, "usage: asterisk (-src DIR | -git GITDIR) -commit HASH [-codes codes.csv]")
		os.Exit(2)
	}
	read := func(path string) ([]byte, error) {
		if *src != "" {
			return os.ReadFile(filepath.Join(*src, filepath.FromSlash(path)))
		}
		return exec.Command("git", "--git-dir", *gitDir, "show", *commit+":"+path).Output()
	}
	registered, err := readCodesAsterisk(*codes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "asterisk:", err)
		os.Exit(1)
	}
	if err := runAsterisk(os.Stdout, read, *commit, registered); err != nil {
		fmt.Fprintln(os.Stderr, "asterisk:", err)
		os.Exit(1)
	}
}

// readCodes returns the codes of the registry CSV (code,reason,...; lines
// starting with # are comments), in ascending order.
func readCodesAsterisk(path string) ([]int, error) {
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
func runAsterisk(w io.Writer, read func(string) ([]byte, error), commit string, registered []int) error {
	src := newSources(read)
	get := src.get
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

	causesSrc, err := get(causesFileAsterisk)
	if err != nil {
		return err
	}
	causes, aliases, err := parseDefinesAsterisk(causesSrc, causePfxAsterisk)
	if err != nil {
		return fmt.Errorf("%s: %w", causesFileAsterisk, err)
	}
	byName := map[string]int{}
	nameOf := map[int]string{}
	for _, c := range causes {
		byName[causePfxAsterisk+c.Name] = c.Value
		nameOf[c.Value] = c.Name
	}
	for _, a := range aliases {
		v, ok := byName[causePfxAsterisk+a.Target]
		if !ok {
			return fmt.Errorf("%s line %d: %s names unknown %s", causesFileAsterisk, a.Line, a.Name, a.Target)
		}
		byName[causePfxAsterisk+a.Name] = v
	}
	value := numberOrName(byName)

	toSIP, err := src.parseSwitch(toSIPFileAsterisk, toSIPFuncAsterisk)
	if err != nil {
		return err
	}
	termSrc, err := get(terminateFileAsterisk)
	if err != nil {
		return err
	}
	zeroSIP, zeroLine, err := parseZeroResponseAsterisk(termSrc, terminateFuncAsterisk)
	if err != nil {
		return fmt.Errorf("%s: %w", terminateFileAsterisk, err)
	}
	toCause, err := src.parseSwitch(toCauseFileAsterisk, toCauseFuncAsterisk)
	if err != nil {
		return err
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, "# Generated by internal/platform/gen/pbx asterisk from %s at the commit below; do not edit by hand.\n", repositoryAsterisk)
	fmt.Fprintf(&out, "platform: Asterisk (PJSIP)\nrepository: %s\ncommit: %s\n", repositoryAsterisk, commit)

	out.WriteString("causes:\n")
	fmt.Fprintf(&out, "  file: %s\n  prefix: %s\n  entries:\n", causesFileAsterisk, causePfxAsterisk)
	for _, c := range causes {
		fmt.Fprintf(&out, "    - {cause: %d, name: %s, line: %d%s}\n", c.Value, c.Name, c.Line, internal(c.Value))
	}
	// Other names for a value (#define AST_CAUSE_BUSY AST_CAUSE_USER_BUSY):
	// logs and dialplans use them too.
	for _, a := range aliases {
		v := byName[causePfxAsterisk+a.Name]
		fmt.Fprintf(&out, "    - {cause: %d, name: %s, line: %d%s, alias: true}\n", v, a.Name, a.Line, internal(v))
	}

	// Cause to SIP: the default returns 0, which the session layer turns
	// into a real response code.
	out.WriteString("cause_to_sip:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toSIPFileAsterisk, toSIPFuncAsterisk)
	def, err := toSIP.onlyDefault()
	if err != nil {
		return fmt.Errorf("%s: %w", toSIPFuncAsterisk, err)
	}
	defSIP, err := value(def.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toSIPFuncAsterisk, err)
	}
	if defSIP != 0 {
		return fmt.Errorf("%s default returns %d, not 0: the 0 -> %d rule no longer explains it", toSIPFuncAsterisk, defSIP, zeroSIP)
	}
	zeroNote := fmt.Sprintf("shares the default's return of 0, for which %s sends %d (%s line %d).", terminateFuncAsterisk, zeroSIP, terminateFileAsterisk, zeroLine)
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", zeroSIP, zeroLine)
	rows, err := toSIP.mappings(toSIPFuncAsterisk, "cause", value)
	if err != nil {
		return err
	}
	for _, m := range rows {
		cause, sip := m.From, m.To
		note := ""
		if sip == 0 {
			sip = zeroSIP
			note = ", note: " + quote(zeroNote)
		}
		fmt.Fprintf(&out, "    - {cause: %d, sip: %d, line: %d%s%s}\n", cause, sip, m.Line, internal(cause), note)
	}

	// SIP to cause: the listed codes, then each registered code that only
	// a class range of the default covers.
	out.WriteString("sip_to_cause:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toCauseFileAsterisk, toCauseFuncAsterisk)
	var (
		plain   *switchCase
		classes []classDefaultAsterisk
	)
	for i, d := range toCause.Default {
		if d.Cond == "" {
			if plain != nil {
				return fmt.Errorf("%s: two unconditional returns in the default", toCauseFuncAsterisk)
			}
			plain = &toCause.Default[i]
			continue
		}
		lo, hi, ok := parseRangeAsterisk(d.Cond)
		if !ok {
			return fmt.Errorf("%s line %d: cannot read condition %q", toCauseFuncAsterisk, d.Line, d.Cond)
		}
		v, err := value(d.Value)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", toCauseFuncAsterisk, d.Line, err)
		}
		classes = append(classes, classDefaultAsterisk{lo, hi, v, d.Line})
	}
	if plain == nil {
		return fmt.Errorf("%s: no unconditional return in the default", toCauseFuncAsterisk)
	}
	defCause, err := value(plain.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toCauseFuncAsterisk, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defCause, plain.Line)
	seen := map[int]bool{}
	rows, err = toCause.mappings(toCauseFuncAsterisk, "SIP", value)
	if err != nil {
		return err
	}
	for _, m := range rows {
		sip, cause := m.From, m.To
		seen[sip] = true
		fmt.Fprintf(&out, "    - {sip: %d, cause: %d, line: %d%s}\n", sip, cause, m.Line, internal(cause))
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
	for _, f := range factsAsterisk {
		n, err := line(f)
		if err != nil {
			return fmt.Errorf("fact %q: %w", f.text, err)
		}
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(f.text), f.file, n)
	}
	for _, cl := range classes {
		text := fmt.Sprintf("A received %d-%d response that the SIP-to-cause switch does not list is recorded as cause %d (%s).", cl.lo, cl.hi-1, cl.cause, nameOf[cl.cause])
		fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(text), toCauseFileAsterisk, cl.line)
	}
	text := fmt.Sprintf("Any other received code outside those classes is recorded as cause %d (%s).", defCause, nameOf[defCause])
	fmt.Fprintf(&out, "  - {text: %s, file: %s, line: %d}\n", quote(text), toCauseFileAsterisk, plain.Line)

	_, err = w.Write(out.Bytes())
	return err
}

// A classDefault is a branch of the default: codes lo <= code < hi give cause.
type classDefaultAsterisk struct {
	lo, hi, cause, line int
}

var (
	rangeLoHiAsterisk = regexp.MustCompile(`^\w+ < (\d+) && \w+ >= (\d+)$`)
	rangeHiLoAsterisk = regexp.MustCompile(`^\w+ >= (\d+) && \w+ < (\d+)$`)
)

// parseRange reads a condition "x < HI && x >= LO" (either order).
func parseRangeAsterisk(cond string) (lo, hi int, ok bool) {
	cond = strings.Join(strings.Fields(strings.NewReplacer("<", " < ", ">=", " >= ", "&&", " && ").Replace(cond)), " ")
	cond = strings.ReplaceAll(cond, "> =", ">=")
	if m := rangeLoHiAsterisk.FindStringSubmatch(cond); m != nil {
		hi, _ = strconv.Atoi(m[1])
		lo, _ = strconv.Atoi(m[2])
		return lo, hi, lo < hi
	}
	if m := rangeHiLoAsterisk.FindStringSubmatch(cond); m != nil {
		lo, _ = strconv.Atoi(m[1])
		hi, _ = strconv.Atoi(m[2])
		return lo, hi, lo < hi
	}
	return 0, 0, false
}

// parseZeroResponse finds, in the body of function fn, the statement that
// replaces a zero response code ("if (!response) response = N;", with or
// without braces) and returns N and the line of the assignment.
func parseZeroResponseAsterisk(src, fn string) (int, int, error) {
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
type defineAsterisk struct {
	Name  string
	Value int
	Line  int
}

// An alias is one "#define PREFIXNAME PREFIXTARGET".
type aliasAsterisk struct {
	Name, Target string
	Line         int
}

// parseDefines returns the numeric defines and the aliases with the given
// prefix, in source order. Numbers may be wrapped in parentheses.
func parseDefinesAsterisk(src, prefix string) ([]defineAsterisk, []aliasAsterisk, error) {
	clean := stripComments(src)
	num := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\s+\(?\s*(\d+)\s*\)?\s*$`)
	ali := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\s+\(?\s*` + regexp.QuoteMeta(prefix) + `(\w+)\s*\)?\s*$`)
	other := regexp.MustCompile(`^\s*#\s*define\s+` + regexp.QuoteMeta(prefix) + `(\w+)\b`)
	var defs []defineAsterisk
	var aliases []aliasAsterisk
	for i, l := range strings.Split(clean, "\n") {
		if m := num.FindStringSubmatch(l); m != nil {
			v, _ := strconv.Atoi(m[2])
			defs = append(defs, defineAsterisk{m[1], v, i + 1})
		} else if m := ali.FindStringSubmatch(l); m != nil {
			aliases = append(aliases, aliasAsterisk{m[1], m[2], i + 1})
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
