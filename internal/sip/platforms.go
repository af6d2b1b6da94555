package sip

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/sipcodes/sipcodes/internal/content"
	"github.com/sipcodes/sipcodes/internal/problem"
	"github.com/sipcodes/sipcodes/internal/registry"
	"github.com/sipcodes/sipcodes/internal/site"
)

// Platform is one file of data/platforms/: what one SIP platform's source
// does with causes and codes, read from its repository at one commit by
// internal/platform/gen. A PBX (FreeSWITCH, Asterisk) has the cause
// tables; a proxy (Kamailio, OpenSIPS) the replies it makes itself.
type Platform struct {
	Platform   string      `yaml:"platform"`   // its name: "FreeSWITCH"
	Repository string      `yaml:"repository"` // on GitHub: "signalwire/freeswitch"
	Commit     string      `yaml:"commit"`     // the commit every line number is at
	Causes     *CauseNames `yaml:"causes"`
	CauseToSIP *Mapping    `yaml:"cause_to_sip"` // the response it sends for a cause
	SIPToCause *Mapping    `yaml:"sip_to_cause"` // the cause it records for a response
	Replies    *Replies    `yaml:"replies"`      // replies it makes itself
	Phrases    *Replies    `yaml:"phrases"`      // its own phrases for registered codes
	Defaults   []Default   `yaml:"defaults"`
	Facts      []Fact      `yaml:"facts"`

	file string       // "data/platforms/freeswitch.yaml"
	keys content.Keys // the line of everything in file
}

// CauseNames are the names a platform's source gives cause values.
type CauseNames struct {
	File    string      `yaml:"file"`
	Prefix  string      `yaml:"prefix"` // of the names in the source: "SWITCH_CAUSE_"
	Entries []CauseName `yaml:"entries"`
}

// CauseName is one name of one cause value.
type CauseName struct {
	Cause    int    `yaml:"cause"`
	Name     string `yaml:"name"` // without the prefix: "USER_BUSY"
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"` // the platform's own number, not a Q.850 value
	Alias    bool   `yaml:"alias"`    // another name for a value named above
}

// Mapping is a function of a platform's source that maps causes to
// responses or back, with its default for what it does not list.
type Mapping struct {
	File        string     `yaml:"file"`
	Function    string     `yaml:"function"`
	Default     int        `yaml:"default"`
	DefaultLine int        `yaml:"default_line"`
	Entries     []MapEntry `yaml:"entries"`
}

// MapEntry is one case of a Mapping.
type MapEntry struct {
	Cause    int    `yaml:"cause"`
	SIP      int    `yaml:"sip"`
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"` // the cause is the platform's own number
	Note     string `yaml:"note"`
}

// Replies are responses a proxy makes itself, with the phrases it puts on
// the wire.
type Replies struct {
	File     string  `yaml:"file"`
	Function string  `yaml:"function"`
	Entries  []Reply `yaml:"entries"`
}

// Reply is one response a proxy makes.
type Reply struct {
	SIP        int    `yaml:"sip"`
	Phrase     string `yaml:"phrase"`
	Line       int    `yaml:"line"`
	File       string `yaml:"file"`     // when not the table's
	Function   string `yaml:"function"` // when not the table's
	Registered bool   `yaml:"registered"`
	When       string `yaml:"when"`
}

// Default is a configuration default of a platform.
type Default struct {
	Name  string `yaml:"name"`
	Value string `yaml:"value"`
	File  string `yaml:"file"`
	Line  int    `yaml:"line"`
	Text  string `yaml:"text"`
}

// Fact is a sentence about the platform's behaviour and the line of its
// source that shows it.
type Fact struct {
	Text string `yaml:"text"`
	File string `yaml:"file"`
	Line int    `yaml:"line"`
}

// Note is a hand-written sentence, in data/platform-notes.yaml, on what
// one row of a platform's tables means for a call: the consequence of a
// departure from RFC 3398, or from the RFC that defines a code.
type Note struct {
	Platform string `yaml:"platform"` // the file's name: "asterisk"
	Table    string `yaml:"table"`    // cause_to_sip or sip_to_cause
	Cause    int    `yaml:"cause"`    // the row's cause, or 0
	SIP      int    `yaml:"sip"`      // the row's code, or 0
	Default  bool   `yaml:"default"`  // the note is on the table's default
	Text     string `yaml:"text"`
}

type notesFile struct {
	Notes []Note `yaml:"notes"`
}

const notesFileName = "data/platform-notes.yaml"

// loadPlatforms decodes data/platforms/*.yaml and the notes, strictly, and
// checks every cause and code they name against the registry.
func loadPlatforms(s *site.Site) ([]*Platform, []Note, []error) {
	var platforms []*Platform
	var errs []error
	failed := map[string]bool{} // platforms whose file has problems, by slug
	for _, name := range slices.Sorted(maps.Keys(s.Data)) {
		if path.Dir(name) != "data/platforms" || path.Ext(name) != ".yaml" {
			continue
		}
		p := &Platform{file: name}
		keys, err := content.DecodeYAML(name, s.Data[name], p)
		if err != nil {
			errs = append(errs, err)
			failed[p.slug()] = true
			continue
		}
		p.keys = keys
		if perrs := p.check(); len(perrs) > 0 {
			errs = append(errs, perrs...)
			failed[p.slug()] = true
			continue
		}
		platforms = append(platforms, p)
	}
	var notes notesFile
	if src, ok := s.Data[notesFileName]; ok {
		keys, err := content.DecodeYAML(notesFileName, src, &notes)
		if err != nil {
			return platforms, nil, append(errs, err)
		}
		errs = append(errs, checkNotes(notes.Notes, keys, platforms, failed)...)
	}
	return platforms, notes.Notes, errs
}

// slug is the platform's file name: "freeswitch".
func (p *Platform) slug() string { return strings.TrimSuffix(path.Base(p.file), ".yaml") }

// check reports a platform file's problems at their lines: a missing
// header, a cause that is neither a registered Q.850 value nor marked
// internal, a code the registry lacks (unless the reply says it is not
// registered).
func (p *Platform) check() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, problem.Errorf(p.file, p.keys.Line(key), format, args...))
	}
	if p.Platform == "" || p.Repository == "" || len(p.Commit) != 40 {
		bad("commit", "want platform, repository and the 40-digit commit its tables were read at")
	}
	cause := func(key string, n int, internal bool) {
		_, known := registry.LookupCause(n)
		switch {
		case internal && n >= 1 && n <= 127:
			bad(key, "cause %d is a Q.850 value; it is not internal", n)
		case !internal && n != 0 && !known:
			bad(key, "cause %d is not in internal/registry/causes.csv; mark the platform's own numbers internal: true", n)
		}
	}
	code := func(key string, n int, registered bool) {
		_, known := registry.Lookup(n)
		switch {
		case n < 100 || n > 699:
			bad(key, "%d is not a SIP response code", n)
		case registered && !known:
			bad(key, "%d is not in internal/registry/codes.csv; say registered: false for a code of the platform's own", n)
		}
	}
	if c := p.Causes; c != nil {
		for i, e := range c.Entries {
			cause(fmt.Sprintf("causes.entries.%d", i), e.Cause, e.Internal)
		}
	}
	for _, m := range []struct {
		key string
		m   *Mapping
	}{{"cause_to_sip", p.CauseToSIP}, {"sip_to_cause", p.SIPToCause}} {
		if m.m == nil {
			continue
		}
		for i, e := range m.m.Entries {
			key := fmt.Sprintf("%s.entries.%d", m.key, i)
			cause(key, e.Cause, e.Internal)
			code(key, e.SIP, true)
		}
	}
	for _, r := range []struct {
		key string
		r   *Replies
	}{{"replies", p.Replies}, {"phrases", p.Phrases}} {
		if r.r == nil {
			continue
		}
		for i, e := range r.r.Entries {
			code(fmt.Sprintf("%s.entries.%d", r.key, i), e.SIP, e.Registered)
		}
	}
	return errs
}

// checkNotes reports a note that names no platform, table or row.
func checkNotes(notes []Note, keys content.Keys, platforms []*Platform, failed map[string]bool) []error {
	var errs []error
	for i, n := range notes {
		if failed[n.Platform] {
			continue // its file's problems are reported
		}
		at := keys.Line(fmt.Sprintf("notes.%d", i))
		i := slices.IndexFunc(platforms, func(p *Platform) bool { return p.slug() == n.Platform })
		if i < 0 {
			errs = append(errs, problem.Errorf(notesFileName, at, "no platform %q in data/platforms/", n.Platform))
			continue
		}
		p := platforms[i]
		var m *Mapping
		switch n.Table {
		case "cause_to_sip":
			m = p.CauseToSIP
		case "sip_to_cause":
			m = p.SIPToCause
		}
		switch {
		case n.Text == "":
			errs = append(errs, problem.Errorf(notesFileName, at, "a note needs its text"))
		case m == nil:
			errs = append(errs, problem.Errorf(notesFileName, at, "%s has no table %q; want cause_to_sip or sip_to_cause", n.Platform, n.Table))
		case n.Default:
		case !slices.ContainsFunc(m.Entries, func(e MapEntry) bool { return e.Cause == n.Cause && e.SIP == n.SIP }):
			errs = append(errs, problem.Errorf(notesFileName, at, "%s's %s has no row for cause %d and code %d", n.Platform, n.Table, n.Cause, n.SIP))
		}
	}
	return errs
}

// Src links a line of the platform's source at its commit.
func (p *Platform) src(file string, line int) string {
	return fmt.Sprintf("https://github.com/%s/blob/%s/%s#L%d", p.Repository, p.Commit, file, line)
}

// names returns every name the platform's source and logs use for cause:
// "USER_BUSY", "SWITCH_CAUSE_USER_BUSY".
func (p *Platform) names(cause int) []string {
	if p.Causes == nil {
		return nil
	}
	var names []string
	for _, e := range p.Causes.Entries {
		if e.Cause == cause {
			names = append(names, e.Name)
			if p.Causes.Prefix != "" {
				names = append(names, p.Causes.Prefix+e.Name)
			}
		}
	}
	return names
}

// name is the platform's first name for cause, or "".
func (p *Platform) name(cause int) string {
	if n := p.names(cause); len(n) > 0 {
		return n[0]
	}
	return ""
}
