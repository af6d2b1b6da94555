// Package sip is the SIP schema of sitegen: what the sipcodes site is
// about, on top of the generic core in package site. It owns
//
//   - the kinds of page: the home page (site settings plus
//     escalation_guide, require_all_codes and require_all_causes), class
//     pages (content/classes/Nxx.md at /Nxx/), code pages
//     (content/codes/NNN.md at /NNN/), cause pages (content/cause/N.md at
//     /cause/N/) and the cause index (content/cause/_index.md at /cause/),
//     pages for what traces carry but no registry lists
//     (content/wild/SLUG.md at /wild/SLUG/) and their index, with their
//     front matter (Home, Class, Code, Cause, Wild) and body rules
//     (CodeSections and the example's status line, CauseSections,
//     WildSections);
//   - the platform tables of data/platforms/ (Platform: what FreeSWITCH,
//     Asterisk, Kamailio and OpenSIPS do with causes and codes, read from
//     their source at a pinned commit by internal/platform/gen) and the
//     hand-written notes on them (data/platform-notes.yaml), decoded
//     strictly and checked against the registry;
//   - the checks across pages: class pages for the classes in use,
//     related codes, the registry guard (internal/registry: codes and
//     causes), and RFC links and references against the sections the
//     RFCs have;
//   - what layouts see as .Data (Data: classes, the code's or cause's
//     facts, RFC 3398's two directions, what each platform does,
//     neighbours) and the words they show (FaultText, Q850Rule);
//   - the outputs beyond pages: search.json, the JSON API (/api/NNN.json,
//     /api/codes.json, /api/cause/N.json, /api/causes.json), the Atom feed
//     of reviews (feed.xml), the OpenSearch description (opensearch.xml),
//     the web app manifest and the Netlify _redirects aliases; and what
//     every page's head links to them, with its JSON-LD (discovery.go);
//   - highlighting of ```sip blocks (internal/siplexer).
//
// A new kind of page is an entry in Schema.Kinds, a front-matter struct
// and a layout; if the layouts need more than its front matter, a field of
// Data.
//
// # Kinds of page, by path
//
//	content/_index.md       the home page; its front matter is the site's settings (Home)
//	content/classes/Nxx.md  a class page (Class), at /Nxx/
//	content/codes/NNN.md    a code page (Code), at /NNN/
//	content/cause/N.md      a Q.850 cause page (Cause), at /cause/N/
//	content/cause/_index.md the list of causes, at /cause/
//	content/wild/SLUG.md    a code or phrase seen in the wild (Wild), at /wild/SLUG/
//	content/wild/_index.md  the list of them, at /wild/
//	content/warning/_index.md the Warning header's codes, at /warning/
//	content/reason.md       the Reason header, at /reason/ (a plain page kept out of the navigation)
//	content/explain.md      the trace explainer, at /explain/ (its script is assets/explain.js,
//	                        its data /explain.json)
//	content/404.md          the 404 page, if the site wants its own words
//	content/**/*.md         any other page, at its path: /guides/nat/
//
// # Front matter
//
// Keys are checked strictly (see package content): an unknown key, a
// value of the wrong type or a missing required key is an error at its
// line.
//
// Home (content/_index.md): title (required), description, base_url
// (absolute http or https; --base-url overrides it; one of the two is
// required), repo_url (for "edit this page" and "report a problem"),
// edit_branch (default main), support_text, support_url, escalation_guide
// (the site path of the page every code page links for what to collect
// before escalating), require_all_codes (every registered code needs a
// page), require_all_causes (every cause in internal/registry/causes.csv
// needs a page), short_name (the name in 16 characters at most, for
// opensearch.xml and the web app manifest; default: the title, cut at a
// word).
//
// Class (content/classes/Nxx.md): title, summary (both required), class
// (optional; must match the file name).
//
// Code (content/codes/NNN.md): code (100–699, the file name), reason (the
// registered phrase), summary, references (a list of {rfc, section}; the
// first is the defining RFC), fault (caller, callee, network, server,
// either, or none: none for every 1xx and 2xx, never for 4xx to 6xx) and
// reviewed (a date like 2026-11-24) are required; status (current,
// deprecated or obsolete; default current), also_known_as, q850 (1–127),
// q850_from, methods, related, class (must agree with the code) and change
// are optional. Its JSON form is the public API, under the same names.
//
// Code, Cause and Wild pages may say in change what their last review
// changed: one line of at most 300 characters, shown in the feed of
// changes (feed.xml) with the reviewed date.
//
// Cause (content/cause/N.md): cause (the file name; a value of the
// registry), name (the registry's name for it), summary, fault (as for
// codes) and reviewed are required; nonstandard: true marks, and must
// mark exactly, a value Q.850 does not assign (45, 52, 54).
//
// Wild (content/wild/SLUG.md, at /wild/SLUG/): title, summary, seen_as
// (the exact strings traces show), emitted_by (platforms of
// data/platforms/), sources ({platform, file, line} at the platform's
// pinned commit, or {title, url}) and reviewed are required; code (the
// status code on the wire; if registered, phrase must differ from the
// registered phrase), phrase and read_as (a registered code with a page)
// are optional.
//
// content/cause/_index.md, content/wild/_index.md,
// content/warning/_index.md, any other page, and content/404.md: title
// and summary, both required.
//
// # Body
//
// A code page has the level-2 sections of CodeSections, in that order, and
// an "Example" section holding a ```sip block whose status line carries
// the page's code and its phrase (or one listed in also_known_as). A cause
// page has exactly the sections of CauseSections, in order. Every
// link to an RFC, on any page, names an RFC and a section that
// internal/registry/rfcsections.txt lists.
package sip

import (
	"strings"

	"github.com/sipcodes/sipcodes/internal/highlight"
	"github.com/sipcodes/sipcodes/internal/siplexer"
	"github.com/sipcodes/sipcodes/internal/site"
)

// The SIP lexer is tested to end on any input (its fuzz test): highlight
// it.
func init() { highlight.Register(siplexer.New()) }

// Schema is the sipcodes site.
var Schema = site.Schema{
	Kinds: []site.Kind{
		{Name: "home", Path: "_index.md", Meta: func(string) site.Meta { return &Home{} }},
		{Name: "class", Path: "classes/**", URL: site.NameURL, Meta: func(rel string) site.Meta {
			return &Class{name: strings.TrimSuffix(rel[strings.LastIndexByte(rel, '/')+1:], ".md")}
		}},
		{Name: "code", Path: "codes/**", URL: site.NameURL, Meta: func(string) site.Meta { return &Code{} }},
		{Name: "causes", Path: "cause/_index.md", Meta: func(string) site.Meta { return &site.Plain{} }},
		{Name: "cause", Path: "cause/**", Meta: func(string) site.Meta { return &Cause{} }},
		{Name: "wilds", Path: "wild/_index.md", Meta: func(string) site.Meta { return &site.Plain{} }},
		{Name: "warnings", Path: "warning/_index.md", Meta: func(string) site.Meta { return &site.Plain{} }},
		// A reference page at the top level, but not in the navigation.
		{Name: "header", Path: "reason.md", Layout: "page", Meta: func(string) site.Meta { return &site.Plain{} }},
		{Name: "explain", Path: "explain.md", Meta: func(string) site.Meta { return &site.Plain{} }},
		{Name: "wild", Path: "wild/**", Meta: func(string) site.Meta { return &Wild{} }},
	},
	Bind: bind,
}

// bind checks the loaded site as a whole and gives the build the views
// every page shares and the SIP outputs.
func bind(s *site.Site) (site.Hooks, []error) {
	errs := check(s)
	platforms, notes, perrs := loadPlatforms(s)
	errs = append(errs, perrs...)
	errs = append(errs, checkWild(s, platforms)...)
	if s.Settings == nil || s.BaseURL == "" { // reported already; nothing to build
		return site.Hooks{}, errs
	}
	v := newViews(s, platforms, notes)
	// The API, the search index and the feeds are made of front matter
	// and data files alone: kept from build to build in watch mode while
	// those are the same (at 10,000 pages they were 6 ms of a rebuild
	// after a body edit).
	type made struct {
		files []site.File
		err   error
	}
	r := s.Keep("files", func() (any, bool) {
		out, err := files(s, v)
		return made{out, err}, err == nil
	}).(made)
	out, err := r.files, r.err
	if err != nil {
		errs = append(errs, err)
	}
	return site.Hooks{Data: v.data, Files: out}, errs
}

// homeOf returns the SIP settings of the home page.
func homeOf(s *site.Site) (*Home, bool) {
	for _, p := range s.PagesOf("home") {
		if h, ok := p.Meta.(*Home); ok {
			return h, true
		}
	}
	return nil, false
}
