// Package sip is the SIP schema of sitegen: what the sipcodes site is
// about, on top of the generic core in package site. It owns
//
//   - the kinds of page: the home page (site settings plus
//     escalation_guide and require_all_codes), class pages
//     (content/classes/Nxx.md at /Nxx/) and code pages
//     (content/codes/NNN.md at /NNN/), with their front matter (Home,
//     Class, Code) and the code page's body rules (CodeSections, the
//     example's status line);
//   - the checks across pages: class pages for the classes in use,
//     related codes, the registry guard (internal/registry), and RFC
//     links and references against the sections the RFCs have;
//   - what layouts see as .Data (Data: classes, the code's facts,
//     neighbours) and the words they show (FaultText, Q850Rule);
//   - the outputs beyond pages: search.json, the JSON API (/api/NNN.json,
//     /api/codes.json) and the Netlify _redirects aliases;
//   - highlighting of ```sip blocks (internal/siplexer).
//
// A new kind of page is an entry in Schema.Kinds, a front-matter struct
// and a layout; if the layouts need more than its front matter, a field of
// Data.
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
	},
	Bind: bind,
}

// bind checks the loaded site as a whole and gives the build the views
// every page shares and the SIP outputs.
func bind(s *site.Site) (site.Hooks, []error) {
	errs := check(s)
	if s.Settings == nil || s.BaseURL == "" { // reported already; nothing to build
		return site.Hooks{}, errs
	}
	out, err := files(s)
	if err != nil {
		errs = append(errs, err)
	}
	return site.Hooks{Data: newViews(s).data, Files: out}, errs
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
