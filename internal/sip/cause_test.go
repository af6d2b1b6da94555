package sip

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sipcodes/sipcodes/internal/search"
	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/sitetest"
)

// A cause page, and a platform table, that disagree with the registry or
// break their format fail the build, each problem at its line.
func TestCauseAndPlatformGuards(t *testing.T) {
	for _, tt := range []struct {
		name, file, old, new, want string
	}{
		{"cause name", "content/cause/17.md", "name: User busy", "name: Busy",
			`content/cause/17.md:3: front matter: name: "Busy" differs from the registry's name "User busy" (internal/registry/causes.csv)`},
		{"unknown cause", "content/cause/17.md", "cause: 17", "cause: 33",
			"content/cause/17.md:2: front matter: cause: 33 is not a cause value of internal/registry/causes.csv (Q.850, plus 52 and 54)"},
		{"nonstandard flag", "content/cause/17.md", "fault: callee", "fault: callee\nnonstandard: true",
			"content/cause/17.md:6: front matter: nonstandard: cause 17 is a Q.850 value; leave nonstandard out"},
		{"file name", "content/cause/17.md", "cause: 17\nname: User busy", "cause: 18\nname: No user responding",
			"content/cause/17.md:2: front matter: cause 18 must live in cause/18.md, not 17.md"},
		{"sections", "content/cause/17.md", "## What the caller hears", "## What you hear",
			`content/cause/17.md:12: section "What you hear" where "## What the caller hears" belongs; cause pages have the sections In short, What it means, What the caller hears, How to fix, Related, in that order`},
		{"platform cause", "data/platforms/pbx.yaml", "{cause: 21, name: CALL_REJECTED, line: 5}", "{cause: 33, name: CALL_REJECTED, line: 5}",
			"data/platforms/pbx.yaml:10: cause 33 is not in internal/registry/causes.csv; mark the platform's own numbers internal: true"},
		{"platform code", "data/platforms/pbx.yaml", "{cause: 17, sip: 486, line: 11}", "{cause: 17, sip: 499, line: 11}",
			"data/platforms/pbx.yaml:17: 499 is not in internal/registry/codes.csv; say registered: false for a code of the platform's own"},
		{"platform key", "data/platforms/pbx.yaml", "function: cause_to_sip", "funktion: cause_to_sip",
			`data/platforms/pbx.yaml:13: unknown key "funktion"; want one of file, function, default, default_line, entries`},
		{"wild registered", "content/wild/478.md", "code: 478\nphrase: Unresolvable destination", "code: 486\nphrase: Busy Here",
			"content/wild/478.md:4: front matter: code: 486 Busy Here is registered: a wild page is for a code or phrase the registry lacks (give the phrase as sent)"},
		{"wild platform", "content/wild/478.md", "emitted_by: [pbx]", "emitted_by: [pbx, nope]",
			`content/wild/478.md:8: front matter: emitted_by: no platform "nope" in data/platforms/`},
		{"wild read_as", "content/wild/478.md", "read_as: 486", "read_as: 499",
			"content/wild/478.md:9: front matter: read_as: 499 is not a registered code (internal/registry/codes.csv)"},
		{"wild source", "content/wild/478.md", "{platform: pbx, file: error.c, line: 58}", "{title: A page, url: http://x.example/}",
			"content/wild/478.md:11: front matter: sources: want {platform, file, line} or {title, url} with an https URL"},
		{"code's cause", "content/codes/486.md", "q850: 17", "q850: 18",
			"content/codes/486.md:10: q850: 18, but RFC 3398 §8.2.6.1 maps 486 to cause 17"},
		{"code's causes from", "content/codes/486.md", "q850_from: [17]", "q850_from: [18]",
			"content/codes/486.md:11: q850_from: RFC 3398 §7.2.4.1 turns cause 18 into 408, not 486"},
		{"note row", "data/platform-notes.yaml", "cause: 21", "cause: 22",
			"data/platform-notes.yaml:2: pbx's cause_to_sip has no row for cause 22 and code 600"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.Archive(t, "testdata/basic.txtar")
			sitetest.Replace(t, fsys, tt.file, tt.old, tt.new)
			err := buildErr(fsys)
			if err == nil || !slices.Contains(strings.Split(err.Error(), "\n"), tt.want) {
				t.Errorf("error:\n%v\nwant the line\n%s", err, tt.want)
			}
		})
	}
}

// Search finds a cause by its number and by every name a platform gives
// it, and the cause index comes first among causes.
func TestCauseSearchEntry(t *testing.T) {
	out := build(t, sitetest.Archive(t, "testdata/basic.txtar"), site.Options{})
	var entries []search.Entry
	if err := json.Unmarshal(out["search.json"], &entries); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(entries, func(e search.Entry) bool { return e.Cause == 17 })
	if i < 0 {
		t.Fatal("no entry for cause 17")
	}
	e := entries[i]
	if e.Reason != "User busy" || e.URL != "/cause/17/" || e.Code != 0 {
		t.Errorf("cause 17's entry: %+v", e)
	}
	for _, name := range []string{"USER_BUSY", "PBX_USER_BUSY", "BUSY", "PBX_BUSY", "0x91"} {
		if !slices.Contains(e.Names, name) {
			t.Errorf("cause 17's names %v lack %s", e.Names, name)
		}
	}
}
