package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type platformFile struct {
	Platform   string       `yaml:"platform"`
	Repository string       `yaml:"repository"`
	Commit     string       `yaml:"commit"`
	Causes     causeTable   `yaml:"causes"`
	CauseToSIP mappingTable `yaml:"cause_to_sip"`
	SIPToCause mappingTable `yaml:"sip_to_cause"`
	Facts      []factEntry  `yaml:"facts"`
}

type causeTable struct {
	File    string       `yaml:"file"`
	Prefix  string       `yaml:"prefix"`
	Entries []causeEntry `yaml:"entries"`
}

type causeEntry struct {
	Cause    int    `yaml:"cause"`
	Name     string `yaml:"name"`
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"`
	Alias    bool   `yaml:"alias"`
}

type mappingTable struct {
	File        string         `yaml:"file"`
	Function    string         `yaml:"function"`
	Default     int            `yaml:"default"`
	DefaultLine int            `yaml:"default_line"`
	Entries     []mappingEntry `yaml:"entries"`
}

type mappingEntry struct {
	Cause    int    `yaml:"cause"`
	SIP      int    `yaml:"sip"`
	Line     int    `yaml:"line"`
	Internal bool   `yaml:"internal"`
	Note     string `yaml:"note"`
}

type factEntry struct {
	Text string `yaml:"text"`
	File string `yaml:"file"`
	Line int    `yaml:"line"`
}

func loadPlatform(t *testing.T, name string) platformFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "data", "platforms", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var p platformFile
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s.yaml: %v", name, err)
	}
	return p
}

// checkPlatform applies the rules every platform file keeps.
func checkPlatform(t *testing.T, p platformFile) {
	t.Helper()
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(p.Commit) {
		t.Errorf("commit %q is not 40 hex digits", p.Commit)
	}
	if p.Platform == "" || p.Repository == "" {
		t.Errorf("platform %q, repository %q: both are required", p.Platform, p.Repository)
	}
	cause := func(where string, c int, internal bool) {
		if (c < 0 || c > 127) && !internal {
			t.Errorf("%s: cause %d is outside 0..127 and not marked internal", where, c)
		}
		if c >= 0 && c <= 127 && internal {
			t.Errorf("%s: cause %d is a Q.850 value but marked internal", where, c)
		}
	}
	sip := func(where string, s int) {
		if s < 100 || s > 699 {
			t.Errorf("%s: SIP %d is outside 100..699", where, s)
		}
	}
	line := func(where string, l int) {
		if l <= 0 {
			t.Errorf("%s: line %d", where, l)
		}
	}
	file := func(where, f string) {
		if f == "" || strings.HasPrefix(f, "/") || strings.Contains(f, "..") {
			t.Errorf("%s: file %q is not a repository path", where, f)
		}
	}

	file("causes", p.Causes.File)
	if len(p.Causes.Entries) == 0 {
		t.Error("causes: no entries")
	}
	known := map[int]bool{}
	names := map[string]bool{}
	for _, e := range p.Causes.Entries {
		where := fmt.Sprintf("causes %d", e.Cause)
		cause(where, e.Cause, e.Internal)
		line(where, e.Line)
		if e.Name == "" {
			t.Errorf("%s: no name", where)
		}
		if e.Alias && !known[e.Cause] {
			t.Errorf("%s: alias %s of a value with no name of its own", where, e.Name)
		}
		if known[e.Cause] && !e.Alias {
			t.Errorf("%s: listed twice", where)
		}
		if names[e.Name] {
			t.Errorf("%s: name %s listed twice", where, e.Name)
		}
		known[e.Cause] = true
		names[e.Name] = true
	}

	for _, tb := range []struct {
		name  string
		table mappingTable
		toSIP bool
	}{{"cause_to_sip", p.CauseToSIP, true}, {"sip_to_cause", p.SIPToCause, false}} {
		file(tb.name, tb.table.File)
		if tb.table.Function == "" {
			t.Errorf("%s: no function", tb.name)
		}
		line(tb.name+" default", tb.table.DefaultLine)
		if tb.toSIP {
			sip(tb.name+" default", tb.table.Default)
		} else if !known[tb.table.Default] {
			t.Errorf("%s: default cause %d is not in the causes table", tb.name, tb.table.Default)
		}
		if len(tb.table.Entries) == 0 {
			t.Errorf("%s: no entries", tb.name)
		}
		seen := map[int]bool{}
		for _, e := range tb.table.Entries {
			key := e.SIP
			if tb.toSIP {
				key = e.Cause
			}
			where := fmt.Sprintf("%s %d", tb.name, key)
			cause(where, e.Cause, e.Internal)
			sip(where, e.SIP)
			line(where, e.Line)
			if !known[e.Cause] {
				t.Errorf("%s: cause %d is not in the causes table", where, e.Cause)
			}
			if seen[key] {
				t.Errorf("%s: listed twice", where)
			}
			seen[key] = true
		}
	}

	if len(p.Facts) == 0 {
		t.Error("facts: none")
	}
	for i, f := range p.Facts {
		where := fmt.Sprintf("fact %d", i+1)
		if strings.TrimSpace(f.Text) == "" {
			t.Errorf("%s: no text", where)
		}
		file(where, f.File)
		line(where, f.Line)
	}
}

// find returns the entry of a mapping table for key (a cause in
// cause_to_sip, a SIP code in sip_to_cause).
func find(tb mappingTable, key int, toSIP bool) (mappingEntry, bool) {
	for _, e := range tb.Entries {
		if (toSIP && e.Cause == key) || (!toSIP && e.SIP == key) {
			return e, true
		}
	}
	return mappingEntry{}, false
}

// A spot is one mapping read by hand from the sources at the pinned
// commit: key maps to val on line, in cause_to_sip when toSIP, else in
// sip_to_cause.
type spot struct {
	toSIP          bool
	key, val, line int
}

// checkSpots wants every spot in p.
func checkSpots(t *testing.T, p platformFile, spots []spot) {
	t.Helper()
	for _, c := range spots {
		e, ok := find(map[bool]mappingTable{true: p.CauseToSIP, false: p.SIPToCause}[c.toSIP], c.key, c.toSIP)
		val := e.Cause
		if c.toSIP {
			val = e.SIP
		}
		if !ok || val != c.val || e.Line != c.line {
			t.Errorf("%d: got %d line %d (found %v), want %d line %d", c.key, val, e.Line, ok, c.val, c.line)
		}
	}
}
