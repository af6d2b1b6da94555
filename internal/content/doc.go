// Package content reads one source file of the site: its YAML front
// matter, decoded strictly into the struct of its kind, and its Markdown
// body, rendered to HTML. It does no I/O; every problem is a
// *problem.Error naming the file and line, and Parse reports all of a
// file's problems at once.
//
// # Kinds of page, by path
//
//	content/_index.md       the home page; its front matter is the site's Settings
//	content/classes/Nxx.md  a class page (Class)
//	content/codes/NNN.md    a code page (Code)
//	content/**/*.md         any other page (Plain), at its path: /guides/nat/
//
// # Front matter
//
// Between two --- lines at the top of the file. A key the kind does not
// have, at any depth, is an error at its line (a typo such as titel: is
// never ignored), and so is a value of the wrong type, a key given twice,
// or a missing required key.
//
// Settings (content/_index.md): title (required), description, base_url
// (absolute http or https; --base-url overrides it; one of the two is
// required), repo_url (for "edit this page" and "report a problem"),
// edit_branch (default main), support_text, support_url, escalation_guide
// (the site path of the page every code page links for what to collect
// before escalating), require_all_codes (every registered code needs a
// page).
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
// q850_from, methods, related and class (must agree with the code) are
// optional. Its JSON form is the public API, under the same names.
//
// Plain (any other page): title and summary, both required.
//
// # Body
//
// GitHub Flavored Markdown. Every heading gets an id and a link to itself;
// level-1 headings are errors (the layout writes the page's h1). A code
// page has the level-2 sections of CodeSections, in that order, and an
// "Example" section holding a ```sip block whose status line carries the
// page's code and its phrase (or one listed in also_known_as).
//
// Fenced blocks are highlighted, with CSS classes, in the languages of
// highlight.Languages and in sip; a block in any other language is shown
// as plain text. Raw HTML is left out, and links with a dangerous scheme
// are emptied.
//
// A file is at most MaxFileSize bytes, UTF-8, without NUL bytes. Markdown
// shapes that goldmark takes quadratic time over (see limits.go: deep
// nesting, many unclosed link destinations, [brackets] over many lines of
// one paragraph, very many reference definitions) are refused at their
// line.
package content
