package server

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Rules are what the host is told about serving the site, besides its
// files: the header rules and redirect rules of netlify.toml, read once
// when the preview starts, and the _redirects file the build writes into
// the output directory, read again whenever it changes. The preview
// applies them as Netlify does, so that a page that breaks the
// Content-Security-Policy in production breaks in the preview too, and an
// alias that works in the preview works in production.
type Rules struct {
	Headers   []HeaderRule
	Redirects []Redirect // netlify.toml's [[redirects]]; _redirects' rules come first
}

// HeaderRule is one [[headers]] table: the headers every response to a
// path that matches For gets. When several rules match, they apply in
// order, so a later rule's value replaces an earlier one's.
type HeaderRule struct {
	For    string
	Values map[string]string // canonical header name → value, multi-line values folded
}

// Redirect is one redirect rule, from netlify.toml or a line of _redirects.
type Redirect struct {
	From, To string
	// Status is 301 when the rule names none. 200 serves To's file at
	// From's address, 3xx redirects there, 4xx serves To's file with the
	// status.
	Status int
	// Force applies the rule even when a file exists at the requested
	// path; without it, an existing file shadows the rule.
	Force bool
}

// LoadNetlify reads dir's netlify.toml. A site without one has no rules.
func LoadNetlify(dir string) (*Rules, error) {
	data, err := os.ReadFile(filepath.Join(dir, "netlify.toml"))
	if errors.Is(err, os.ErrNotExist) {
		return &Rules{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseNetlify("netlify.toml", data)
}

// netlifyFile is the part of netlify.toml's schema the preview reads,
// with the other top-level tables Netlify knows declared so that a typo
// ([[header]]) is an error rather than a rule silently dropped.
type netlifyFile struct {
	Build         any `toml:"build"`
	Context       any `toml:"context"`
	Dev           any `toml:"dev"`
	Functions     any `toml:"functions"`
	EdgeFunctions any `toml:"edge_functions"`
	Plugins       any `toml:"plugins"`
	Images        any `toml:"images"`
	Template      any `toml:"template"`
	Headers       []struct {
		For    string         `toml:"for"`
		Values map[string]any `toml:"values"`
	} `toml:"headers"`
	Redirects []struct {
		From       string `toml:"from"`
		To         string `toml:"to"`
		Status     int    `toml:"status"`
		Force      bool   `toml:"force"`
		Query      any    `toml:"query"`
		Conditions any    `toml:"conditions"`
		Headers    any    `toml:"headers"`
		Signed     any    `toml:"signed"`
	} `toml:"redirects"`
}

// ParseNetlify reads the header and redirect rules of a netlify.toml
// named file. Every problem is reported, as file:line.
func ParseNetlify(file string, data []byte) (*Rules, error) {
	var nf netlifyFile
	d := toml.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&nf); err != nil {
		var strict *toml.StrictMissingError
		var de *toml.DecodeError
		switch {
		case errors.As(err, &strict):
			var errs []error
			for i := range strict.Errors {
				e := &strict.Errors[i]
				line, _ := e.Position()
				errs = append(errs, problem.Errorf(file, line, "unknown key %s", strings.Join(e.Key(), ".")))
			}
			return nil, problem.Join(errs)
		case errors.As(err, &de):
			line, _ := de.Position()
			return nil, problem.Errorf(file, line, "%s", de.Error())
		}
		return nil, problem.Errorf(file, 0, "%v", err)
	}
	headerLines := tableLines(data, "headers")
	redirectLines := tableLines(data, "redirects")
	var rules Rules
	var errs []error
	for i, h := range nf.Headers {
		line := headerLines[i]
		if err := checkPattern(h.For); err != nil {
			errs = append(errs, problem.Errorf(file, line, "[[headers]] for: %v", err))
			continue
		}
		rule := HeaderRule{For: h.For, Values: map[string]string{}}
		for name, v := range h.Values {
			s, ok := v.(string)
			if !ok {
				errs = append(errs, problem.Errorf(file, line, "[[headers]] for = %q: %s: want a string, got %v", h.For, name, v))
				continue
			}
			rule.Values[http.CanonicalHeaderKey(name)] = fold(s)
		}
		rules.Headers = append(rules.Headers, rule)
	}
	for i, r := range nf.Redirects {
		line := redirectLines[i]
		rd := Redirect{From: r.From, To: r.To, Status: r.Status, Force: r.Force}
		if rd.Status == 0 {
			rd.Status = http.StatusMovedPermanently
		}
		if err := checkRedirect(rd); err != nil {
			errs = append(errs, problem.Errorf(file, line, "[[redirects]]: %v", err))
			continue
		}
		if r.Query != nil || r.Conditions != nil || r.Signed != nil || r.Headers != nil {
			errs = append(errs, problem.Errorf(file, line, "[[redirects]] from = %q: query, conditions, headers and signed are not previewed; sitegen --watch would serve something else than production", r.From))
			continue
		}
		rules.Redirects = append(rules.Redirects, rd)
	}
	if err := problem.Join(errs); err != nil {
		return nil, err
	}
	return &rules, nil
}

// tableLines returns the line of each [[name]] header in a TOML file, in
// order, for errors about a table's values (the decoder gives no
// positions for what decoded well).
func tableLines(data []byte, name string) []int {
	re := regexp.MustCompile(`^\s*\[\[\s*` + regexp.QuoteMeta(name) + `\s*\]\]`)
	var lines []int
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// fold joins a multi-line header value into one line, as Netlify does.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// ParseRedirects reads a _redirects file named file: one rule a line,
// "from to [status[!]]", # comments.
func ParseRedirects(file string, data []byte) ([]Redirect, error) {
	var rules []Redirect
	var errs []error
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			errs = append(errs, problem.Errorf(file, i+1, "want \"from to [status]\", got %q", line))
			continue
		}
		if len(f) > 3 || strings.Contains(f[1], "=") {
			errs = append(errs, problem.Errorf(file, i+1, "query parameters and conditions are not previewed: %q", line))
			continue
		}
		rd := Redirect{From: f[0], To: f[1], Status: http.StatusMovedPermanently}
		if len(f) == 3 {
			st, force := strings.CutSuffix(f[2], "!")
			n, err := strconv.Atoi(st)
			if err != nil {
				errs = append(errs, problem.Errorf(file, i+1, "status %q: want a number like 301 or 200!", f[2]))
				continue
			}
			rd.Status, rd.Force = n, force
		}
		if err := checkRedirect(rd); err != nil {
			errs = append(errs, problem.Errorf(file, i+1, "%v", err))
			continue
		}
		rules = append(rules, rd)
	}
	return rules, problem.Join(errs)
}

func checkRedirect(r Redirect) error {
	if err := checkPattern(r.From); err != nil {
		return fmt.Errorf("from: %v", err)
	}
	switch {
	case r.To == "":
		return fmt.Errorf("from = %q: to is required", r.From)
	case !strings.HasPrefix(r.To, "/") && !strings.HasPrefix(r.To, "https://") && !strings.HasPrefix(r.To, "http://"):
		return fmt.Errorf("to %q: want a path starting with / or an http(s) URL", r.To)
	case r.Status == 200 && !strings.HasPrefix(r.To, "/"):
		return fmt.Errorf("to %q: a rewrite (200) to another host is a proxy, which the preview does not do", r.To)
	case r.Status != 200 && (r.Status < 300 || r.Status > 308) && (r.Status < 400 || r.Status > 499):
		return fmt.Errorf("status %d: want 200, a redirect (301, 302, 303, 307, 308) or a 4xx", r.Status)
	}
	return nil
}

// checkPattern checks a path pattern: it starts with /, and a * splat
// may only end it.
func checkPattern(p string) error {
	switch {
	case p == "":
		return errors.New("a path pattern is required")
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("%q: want a path starting with /", p)
	case strings.Contains(strings.TrimSuffix(p, "*"), "*"):
		return fmt.Errorf("%q: a * may only end the pattern", p)
	}
	return nil
}

// match reports whether the URL path p matches pattern, as Netlify
// matches: literal segments, :name placeholders for one segment, a final
// * for the rest (splat, possibly empty), a trailing slash on either side
// ignored. It returns what the placeholders and the splat took.
func match(pattern, p string) (map[string]string, bool) {
	pattern, p = trimSlash(pattern), trimSlash(p)
	var params map[string]string
	for pattern != "" {
		pseg, prest := cutSegment(pattern[1:]) // checkPattern: it starts with /
		if pseg == "*" && prest == "" {
			return withParam(params, "splat", strings.TrimPrefix(p, "/")), true
		}
		if !strings.HasPrefix(p, "/") {
			return nil, false
		}
		seg, rest := cutSegment(p[1:])
		switch {
		case strings.HasPrefix(pseg, ":") && len(pseg) > 1 && seg != "":
			params = withParam(params, pseg[1:], seg)
		case pseg != seg:
			return nil, false
		}
		pattern, p = prest, rest
	}
	return params, p == ""
}

func cutSegment(s string) (seg, rest string) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

func withParam(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// target fills To's :splat and :placeholders with what matching took.
func (r Redirect) target(params map[string]string) string {
	if len(params) == 0 || !strings.Contains(r.To, ":") {
		return r.To
	}
	parts := strings.Split(r.To, "/")
	for i, part := range parts {
		if v, ok := params[strings.TrimPrefix(part, ":")]; ok && strings.HasPrefix(part, ":") {
			parts[i] = v
		}
	}
	return strings.Join(parts, "/")
}

// headersFor returns the headers the rules give a response to path p.
func (r *Rules) headersFor(p string) http.Header {
	h := http.Header{}
	if r == nil {
		return h
	}
	for _, rule := range r.Headers {
		if _, ok := match(rule.For, p); ok {
			for k, v := range rule.Values {
				h.Set(k, v)
			}
		}
	}
	return h
}

// WithRules makes s apply rules (see LoadNetlify) besides the _redirects
// file of its directory, which it always applies. Call it before s serves.
func (s *Server) WithRules(r *Rules) *Server {
	s.rules = r
	return s
}

// redirect finds the first rule for the request path reqPath (sitePath
// within the site's base path base; inside says whether it is within):
// _redirects' rules, which carry the base path, then netlify.toml's,
// which are relative to the site. A rule applies when it is forced or
// nothing exists at the path. to is the target as a path on the host
// (with base) or an absolute URL.
func (s *Server) redirect(root *os.Root, reqPath, sitePath, base string, inside, exists bool) (rd Redirect, to string, found bool, err error) {
	generated, err := s.redirects.load(root)
	if err != nil {
		return Redirect{}, "", false, err
	}
	for _, rd := range generated {
		if params, ok := match(rd.From, reqPath); ok && (rd.Force || !exists) {
			return rd, rd.target(params), true, nil
		}
	}
	if s.rules == nil || !inside {
		return Redirect{}, "", false, nil
	}
	for _, rd := range s.rules.Redirects {
		if params, ok := match(rd.From, cmp.Or(sitePath, "/")); ok && (rd.Force || !exists) {
			to := rd.target(params)
			if strings.HasPrefix(to, "/") {
				to = base + to
			}
			return rd, to, true, nil
		}
	}
	return Redirect{}, "", false, nil
}

// redirectsCache holds the rules of the output directory's _redirects,
// read again when its size or modification time changes.
type redirectsCache struct {
	mu    sync.Mutex
	size  int64
	mod   time.Time
	rules []Redirect
	err   error
}

func (c *redirectsCache) load(root *os.Root) ([]Redirect, error) {
	info, err := root.Stat("_redirects")
	if err != nil || !info.Mode().IsRegular() {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if info.Size() == c.size && info.ModTime().Equal(c.mod) {
		return c.rules, c.err
	}
	data, err := root.ReadFile("_redirects")
	if err != nil {
		return nil, err
	}
	c.size, c.mod = info.Size(), info.ModTime()
	c.rules, c.err = ParseRedirects(filepath.Join(filepath.Base(root.Name()), "_redirects"), data)
	return c.rules, c.err
}
