// Package content reads one source file of a site: its YAML front matter,
// decoded strictly into the struct the caller names, and its Markdown
// body, rendered to HTML. It does no I/O and knows no kind of page: which
// struct a file's front matter goes into is the caller's choice (package
// site's kinds, from the file's path). Every problem is a *problem.Error
// naming the file and line, and Parse reports all of a file's problems at
// once.
//
// # A source file
//
//	---
//	title: NAT and SIP
//	summary: Why one-way audio happens.
//	---
//	## Symptoms
//	...
//
// # Front matter
//
// Between two --- lines at the top of the file, decoded into the struct
// passed to Parse by its yaml tags (",inline" fields included). A key the
// struct does not have, at any depth, is an error at its line (a typo such
// as titel: is never ignored), and so is a value of the wrong type or a
// key given twice. Then, in order: the struct's Default fills in what the
// page left out (Defaulter), its Check reports what is wrong with the
// values (Checker, through a Report, which knows the line of every key
// and of every item of a list), and, if all is well, its CheckBody checks
// the body (BodyChecker). A file whose front matter has a problem is
// returned as nil: nothing can be built from it.
//
// # Body
//
// GitHub Flavored Markdown, with footnotes and definition lists as Hugo
// renders them. Every heading gets an id and a link to itself;
// level-1 headings are errors (the layout writes the page's h1). Parse
// returns the headings, the fenced blocks (with the level-2 section each
// is in) and the target of every link, for checks the caller makes.
//
// Fenced blocks are highlighted, with CSS classes, in the languages
// package highlight knows (highlight.Languages, and lexers added with
// highlight.Register); a block in any other language is shown as plain
// text. Links with a dangerous scheme are emptied.
//
// What would come out other than as written is an error at its line
// (unsupported.go, footnotes.go): raw HTML, which is never rendered, a Hugo
// shortcode, which would be shown braces and all, a footnote reference
// with no definition and a definition nothing refers to. Code spans, code
// blocks and HTML comments are not read for them.
//
// # Limits
//
// A file is at most MaxFileSize bytes, UTF-8, without NUL bytes. Markdown
// shapes that goldmark takes quadratic time over (see limits.go: deep
// nesting, many unclosed link destinations, [brackets] over many lines of
// one paragraph, very many reference definitions) are refused at their
// line.
package content
