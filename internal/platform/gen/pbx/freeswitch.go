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
	repositoryFreeSWITCH = "signalwire/freeswitch"

	causesFileFreeSWITCH = "src/include/switch_types.h"
	causeEnumFreeSWITCH  = "switch_call_cause_t"
	causePfxFreeSWITCH   = "SWITCH_CAUSE_"

	toSIPFileFreeSWITCH = "src/mod/endpoints/mod_sofia/mod_sofia.c"
	toSIPFuncFreeSWITCH = "hangup_cause_to_sip"

	toCauseFileFreeSWITCH = "src/mod/endpoints/mod_sofia/sofia_glue.c"
	toCauseFuncFreeSWITCH = "sofia_glue_sip_cause_to_freeswitch"

	sofiaFileFreeSWITCH     = "src/mod/endpoints/mod_sofia/sofia.c"
	channelFileFreeSWITCH   = "src/switch_channel.c"
	originateFileFreeSWITCH = "src/switch_ivr_originate.c"
)

// facts are written by hand from reading the sources at the pinned commit.
var factsFreeSWITCH = []fact{
	{"Any cause above 127 (INTERWORKING) is reported as Q.850 cause 16 (NORMAL_CLEARING), so hangup_cause_q850=16 can stand for an internal cause such as MEDIA_TIMEOUT.",
		channelFileFreeSWITCH, "if (cause <= SWITCH_CAUSE_INTERWORKING) {", 1},
	{"The source attributes the cause-to-SIP table to RFC 4497 section 8.4.1.",
		toSIPFileFreeSWITCH, "RFC4497 section 8.4.1", 1},
	{"The source attributes the SIP-to-cause table to RFC 4497 section 8.4.4.",
		toCauseFileFreeSWITCH, "RFC4497 section 8.4.4", 1},
	{"The cause-to-SIP table is used only to refuse an unanswered inbound INVITE; an answered call is ended with BYE and an unanswered outbound call with CANCEL, whatever the cause.",
		toSIPFileFreeSWITCH, "if (switch_channel_test_flag(channel, CF_ANSWERED) || sofia_test_flag(tech_pvt, TFLAG_ANS))", 1},
	{"The SIP code from the other leg (last_bridge_proto_specific_hangup_cause, as sip:NNN) replaces the table's answer unless sip_ignore_remote_cause is true.",
		toSIPFileFreeSWITCH, "sip_ignore_remote_cause", 1},
	{"A response code set earlier on the channel by a redirect or respond request (respond_code) replaces the table's answer.",
		toSIPFileFreeSWITCH, "sip_cause = tech_pvt->respond_code;", 1},
	{"The outgoing Reason header is Q.850;cause=N with the cause name for causes 1 to 127.",
		toSIPFileFreeSWITCH, `} else if (cause > 0 && cause < 128) {`, 1},
	{"For causes 128 and above the outgoing Reason header is SIP;cause=N with the internal cause number (for example 804 for MEDIA_TIMEOUT), which is not a SIP status code.",
		toSIPFileFreeSWITCH, `reason = switch_core_session_sprintf(session, "SIP;cause=%d;text=\"%s\"", cause, switch_channel_cause2str(cause));`, 1},
	{"A picked-up call, or one that lost an originate race (PICKED_OFF, LOSE_RACE), sends Reason SIP;cause=200 with the text Call completed elsewhere, unless ignore_completed_elsewhere is true.",
		toSIPFileFreeSWITCH, `SIP;cause=200;text=\"Call completed elsewhere\"`, 1},
	{"The variable sip_reason replaces the outgoing Reason header, and disable_q850_reason=true leaves it out.",
		toSIPFileFreeSWITCH, `val = switch_channel_get_variable(tech_pvt->channel, "disable_q850_reason");`, 1},
	{"The variable sip_603plus_passthrough forwards a received 603+ Reason (ATIS-1000099) when true and strips the Reason header when false.",
		toSIPFileFreeSWITCH, `const char *passthrough_603plus = switch_channel_get_variable(channel, "sip_603plus_passthrough");`, 1},
	{"On a received BYE, a Reason header whose protocol is Q.850, FreeSWITCH or the profile's sdp_username sets the hangup cause from its cause value instead of the SIP-to-cause table.",
		sofiaFileFreeSWITCH, `!strcasecmp(sip->sip_reason->re_protocol, "Q.850")`, 1},
	{"The raw Reason header of a received BYE is kept in the variable sip_reason.",
		sofiaFileFreeSWITCH, `switch_channel_set_variable(channel, "sip_reason", reason_header);`, 1},
	{"A received BYE sets sip_term_status to its status and proto_specific_hangup_cause to sip:NNN.",
		sofiaFileFreeSWITCH, `switch_channel_set_variable(channel, "sip_term_status", st);`, 1},
	{"On a received final response of 400 or above, a Reason header with protocol Q.850, FreeSWITCH or the profile's sdp_username is stored as the cause for the hangup.",
		sofiaFileFreeSWITCH, `if (status >= 400 && sip->sip_reason && sip->sip_reason->re_protocol`, 1},
	{"A received final response of 400 or above sets sip_invite_failure_status and sip_invite_failure_phrase, on the channel and on its partner.",
		sofiaFileFreeSWITCH, `switch_channel_set_variable(channel, "sip_invite_failure_status", status_str);`, 1},
	{"A received 603 with the phrase Network Blocked and a Reason text starting v=analytics1; (603+, ATIS-1000099) is kept in the variable sip_603plus_reason.",
		sofiaFileFreeSWITCH, `if (status == 603 && phrase && !strcasecmp(phrase, "Network Blocked")`, 1},
	{"When the call ends, a cause stored from a Reason header is used instead of the SIP-to-cause table unless ignore_q850_reason is true.",
		sofiaFileFreeSWITCH, `if (tech_pvt->q850_cause && !switch_channel_var_true(channel, "ignore_q850_reason")) {`, 1},
	{"A 488 that ends the call in the terminating state stores cause 96 (MANDATORY_IE_MISSING), so the recorded cause for a 488 is 96 rather than 88 unless ignore_q850_reason is true.",
		sofiaFileFreeSWITCH, "tech_pvt->q850_cause = SWITCH_CAUSE_MANDATORY_IE_MISSING;", 1},
	{"The default originate timeout, used when none is set, is 60 seconds.",
		causesFileFreeSWITCH, "#define SWITCH_DEFAULT_TIMEOUT 60", 1},
	{"An originate that times out ends with cause NO_ANSWER (19), for which the cause-to-SIP table gives 480.",
		originateFileFreeSWITCH, "} else if (oglobals.idx == IDX_TIMEOUT) {", 1},
}

// notes qualify single entries of the SIP-to-cause table: the condition
// under which the mapping does not hold, with the anchor that shows it.
var toCauseNotesFreeSWITCH = map[int]fact{
	488: {"in the terminating state FreeSWITCH stores cause 96 (MANDATORY_IE_MISSING) instead, unless ignore_q850_reason is true",
		sofiaFileFreeSWITCH, "tech_pvt->q850_cause = SWITCH_CAUSE_MANDATORY_IE_MISSING;", 1},
}

func mainFreeSWITCH() {
	src := flag.String("src", "", "directory holding the FreeSWITCH files at their repository paths")
	gitDir := flag.String("git", "", "bare git directory of signalwire/freeswitch (read with git show)")
	commit := flag.String("commit", "", "the commit the sources are from (40 hex digits)")
	flag.Parse()
	if !isCommitFreeSWITCH(*commit) || (*src == "") == (*gitDir == "") {
		fmt.Fprintln(os.Stderr, "usage: freeswitch (-src DIR | -git GITDIR) -commit HASH")
		os.Exit(2)
	}
	read := func(path string) ([]byte, error) {
		if *src != "" {
			return os.ReadFile(filepath.Join(*src, filepath.FromSlash(path)))
		}
		return exec.Command("git", "--git-dir", *gitDir, "show", *commit+":"+path).Output()
	}
	if err := runFreeSWITCH(os.Stdout, read, *commit); err != nil {
		fmt.Fprintln(os.Stderr, "freeswitch:", err)
		os.Exit(1)
	}
}

func isCommitFreeSWITCH(s string) bool {
	return regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(s)
}

// run reads the sources through read and writes the YAML to w.
func runFreeSWITCH(w io.Writer, read func(string) ([]byte, error), commit string) error {
	src := newSources(read)
	get := src.get

	typesSrc, err := get(causesFileFreeSWITCH)
	if err != nil {
		return err
	}
	causes, err := parseEnumFreeSWITCH(typesSrc, causeEnumFreeSWITCH, causePfxFreeSWITCH)
	if err != nil {
		return fmt.Errorf("%s: %w", causesFileFreeSWITCH, err)
	}
	byName := map[string]int{}
	for _, c := range causes {
		byName[causePfxFreeSWITCH+c.Name] = c.Value
	}
	value := numberOrName(byName)

	toSIP, err := src.parseSwitch(toSIPFileFreeSWITCH, toSIPFuncFreeSWITCH)
	if err != nil {
		return err
	}
	toCause, err := src.parseSwitch(toCauseFileFreeSWITCH, toCauseFuncFreeSWITCH)
	if err != nil {
		return err
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, "# Generated by internal/platform/gen/pbx freeswitch from %s at the commit below; do not edit by hand.\n", repositoryFreeSWITCH)
	fmt.Fprintf(&out, "platform: FreeSWITCH\nrepository: %s\ncommit: %s\n", repositoryFreeSWITCH, commit)

	out.WriteString("causes:\n")
	fmt.Fprintf(&out, "  file: %s\n  prefix: %s\n  entries:\n", causesFileFreeSWITCH, causePfxFreeSWITCH)
	for _, c := range causes {
		fmt.Fprintf(&out, "    - {cause: %d, name: %s, line: %d%s}\n", c.Value, c.Name, c.Line, internal(c.Value))
	}

	out.WriteString("cause_to_sip:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toSIPFileFreeSWITCH, toSIPFuncFreeSWITCH)
	def, err := toSIP.onlyDefault()
	if err != nil {
		return fmt.Errorf("%s: %w", toSIPFuncFreeSWITCH, err)
	}
	defSIP, err := value(def.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toSIPFuncFreeSWITCH, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defSIP, def.Line)
	rows, err := toSIP.mappings(toSIPFuncFreeSWITCH, "cause", value)
	if err != nil {
		return err
	}
	for _, m := range rows {
		cause, sip := m.From, m.To
		fmt.Fprintf(&out, "    - {cause: %d, sip: %d, line: %d%s}\n", cause, sip, m.Line, internal(cause))
	}

	out.WriteString("sip_to_cause:\n")
	fmt.Fprintf(&out, "  file: %s\n  function: %s\n", toCauseFileFreeSWITCH, toCauseFuncFreeSWITCH)
	def, err = toCause.onlyDefault()
	if err != nil {
		return fmt.Errorf("%s: %w", toCauseFuncFreeSWITCH, err)
	}
	defCause, err := value(def.Value)
	if err != nil {
		return fmt.Errorf("%s default: %w", toCauseFuncFreeSWITCH, err)
	}
	fmt.Fprintf(&out, "  default: %d\n  default_line: %d\n  entries:\n", defCause, def.Line)
	rows, err = toCause.mappings(toCauseFuncFreeSWITCH, "SIP", value)
	if err != nil {
		return err
	}
	for _, m := range rows {
		sip, cause := m.From, m.To
		note := ""
		if f, ok := toCauseNotesFreeSWITCH[sip]; ok {
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
		fmt.Fprintf(&out, "    - {sip: %d, cause: %d, line: %d%s%s}\n", sip, cause, m.Line, internal(cause), note)
	}

	out.WriteString("facts:\n")
	for _, f := range factsFreeSWITCH {
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

// An enumerator is one NAME = VALUE of a C enum, with the prefix taken off
// the name, and the line it is on.
type enumeratorFreeSWITCH struct {
	Name  string
	Value int
	Line  int
}

// parseEnum returns the enumerators of the typedef'd enum named typeName,
// in source order. Only enumerators with an explicit decimal value and the
// given prefix are taken; any other enumerator is an error, since its value
// would have to be counted.
func parseEnumFreeSWITCH(src, typeName, prefix string) ([]enumeratorFreeSWITCH, error) {
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
	var out []enumeratorFreeSWITCH
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
		out = append(out, enumeratorFreeSWITCH{m[1], v, 1 + strings.Count(clean[:here+lead], "\n")})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("enum %s is empty", typeName)
	}
	return out, nil
}
