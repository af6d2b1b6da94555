package site

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// layouts are a build's parsed layouts, one template set per layout file
// of a kind: base.html and the partials, cloned, plus that layout.
//
// When the build minifies, the sets that run are parsed from layouts
// minified once, as templates, so that pages come out minified without
// minifying each page (about a tenth of a build's CPU time at 10,000
// pages); asWritten, the sets parsed from the files as written, only name
// the line of an error. TestMinifiedPagesMeanTheSame holds the two to the
// same pages.
type layouts struct {
	minified, asWritten map[string]*template.Template // by layout file
	caches              []*partialCache               // of every set
	// abandoned is set when a run was given up on (runBounded): it may go
	// on in the background, calling the sets' functions and filling their
	// cached partials, so the sets must not serve another build.
	abandoned atomic.Bool
	running   sync.WaitGroup // the runs given up on that have not ended
}

// parseLayouts parses the layout files named (each a kind's) with the
// partials and base.html of src, and, when minify is set, their minified
// versions too.
func parseLayouts(src map[string][]byte, names []string, funcs template.FuncMap, minify bool) (*layouts, []error) {
	written, wc, errs := parseSets(src, names, funcs)
	if len(errs) > 0 || !minify {
		return &layouts{minified: written, asWritten: written, caches: wc}, errs
	}
	minified, mc, errs := parseSets(minifyLayouts(src), names, funcs)
	if len(errs) > 0 { // a minifier bug, not the author's problem: go without
		return &layouts{minified: written, asWritten: written, caches: wc}, nil
	}
	return &layouts{minified: minified, asWritten: written, caches: append(wc, mc...)}, nil
}

// reuse readies layouts that a build parsed for the next one: the cached
// partials of the last build are dropped.
func (l *layouts) reuse() *layouts {
	for _, c := range l.caches {
		c.entries.Clear()
	}
	return l
}

// execute renders page data d with the layout file layout. When the run
// fails in minified layouts, whose lines are not the file's, it runs the
// layouts as written, to report the error at its line in the file.
func (l *layouts) execute(layout string, d *PageData) ([]byte, error) {
	t, written := l.minified[layout], l.asWritten[layout]
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	err := runBounded(t, buf, d, &l.running)
	if errors.Is(err, errPageTimeout) || errors.Is(err, errPageSize) {
		// The run may go on writing into buf, and running the sets: never
		// reuse either.
		l.abandoned.Store(true)
		return nil, boundsError(layout, d, err)
	}
	defer pageBuffers.Put(buf)
	if err != nil && written != t {
		if werr := written.ExecuteTemplate(io.Discard, "layouts/base.html", d); werr != nil {
			err = werr
		}
	}
	if err != nil {
		return nil, templateError(err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// pageBuffers hold pages while they are executed; each page keeps an
// exact-size copy, not a buffer grown by doubling with up to half of it
// unused.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// parseSets builds one template set per layout file named.
func parseSets(src map[string][]byte, names []string, funcs template.FuncMap) (map[string]*template.Template, []*partialCache, []error) {
	var errs []error
	base := template.New("layouts/base.html").Funcs(funcs).Funcs(template.FuncMap{"cached": cachedPlaceholder})
	if _, err := base.Parse(string(src["layouts/base.html"])); err != nil {
		return nil, nil, []error{templateError(err)}
	}
	var partials []string
	for name := range src {
		if strings.HasPrefix(name, "layouts/partials/") {
			partials = append(partials, name)
		}
	}
	slices.Sort(partials)
	for _, name := range partials {
		if _, err := base.New(name).Parse(string(src[name])); err != nil {
			errs = append(errs, templateError(err))
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	sets := map[string]*template.Template{}
	var caches []*partialCache
	for _, name := range names {
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(string(src[name]))
		}
		if err != nil {
			errs = append(errs, templateError(err))
			continue
		}
		if rerrs := checkRanges(t); len(rerrs) > 0 {
			errs = append(errs, rerrs...)
			continue
		}
		caches = append(caches, bindCached(t))
		sets[name] = t
	}
	return sets, caches, errs
}

// minifyLayouts minifies each layout as a template: the HTML around the
// actions loses its insignificant whitespace, the actions stay as they
// are. A layout the minifier cannot handle is kept as written.
//
// The text of template comments goes first (blankComments): the minifier
// reads quotes inside an action as a string's, so an apostrophe in a
// comment ("a code's facts") left the rest of the file as written.
func minifyLayouts(src map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(src))
	for name, data := range src {
		out[name] = data
		// On a copy: the minifier decodes entities in place, and watch mode
		// keeps the sources' bytes for the next rebuild.
		if min, err := layoutMinifier.Bytes("text/html", blankComments(data)); err == nil {
			out[name] = min
		}
	}
	return out
}

// blankComments returns a copy of the layout src with the text of each
// template comment taken out ("{{/* a */}}" becomes "{{/**/}}", trim
// markers kept), the comments found as text/template finds them, so that
// nothing else (a "{{/*" in a string) is touched. A layout that does not
// parse is returned as it is: the sets parsed as written report it.
func blankComments(src []byte) []byte {
	t := parse.New("layout")
	t.Mode = parse.ParseComments | parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(string(src), "", "", trees); err != nil {
		return bytes.Clone(src)
	}
	type span struct{ start, end int }
	var comments []span
	for _, tree := range trees {
		walkNodes(tree.Root, func(n parse.Node) bool {
			if c, ok := n.(*parse.CommentNode); ok {
				comments = append(comments, span{int(c.Pos), int(c.Pos) + len(c.Text)})
			}
			return true
		})
	}
	slices.SortFunc(comments, func(a, b span) int { return a.start - b.start })
	blanked := make([]byte, 0, len(src))
	last := 0
	for _, c := range comments {
		if c.start < last || c.end > len(src) || string(src[c.start:c.start+2]) != "/*" {
			return bytes.Clone(src) // not where a comment can be: leave the layout as it is
		}
		blanked = append(append(blanked, src[last:c.start]...), "/**/"...)
		last = c.end
	}
	return append(blanked, src[last:]...)
}

var templateErrRE = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateError turns an html/template error into a *problem.Error naming
// the layout file and line.
func templateError(err error) error {
	msg := err.Error()
	// An error inside a cached partial is at its line in the partial.
	if _, inner, ok := strings.Cut(msg, "error calling cached: "); ok && templateErrRE.MatchString(inner) {
		msg = inner
	}
	m := templateErrRE.FindStringSubmatch(msg)
	if m == nil {
		return problem.Errorf("layouts", 0, "%s", msg)
	}
	line, _ := strconv.Atoi(m[2])
	return problem.Errorf(m[1], line, "%s", m[3])
}
