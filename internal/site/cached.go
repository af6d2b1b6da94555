package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A partialCache is the layout function cached, bound to one template
// set:
//
//	{{cached "layouts/partials/header.html" .Kind .NavURL .}}
//
// runs the template named with the last argument as its data the first
// time it is called with those key arguments (the ones between the name
// and the data) in a build, and gives back the same HTML for every later
// call with the same keys, as Hugo's partialCached does. The header of a
// site is the same on every page of a kind and section, and running its
// links through html/template's escapers on each of 10,000 pages was a
// tenth of a build (performance review §2).
//
// The keys must name everything the partial reads that is not the same on
// every page: a key that misses something gives one page another's HTML.
// Keys are text, numbers, booleans or nil, so that two keys are equal
// exactly when their values are. Every page waits for the one run of its
// key, so the output does not depend on which page came first, as long as
// the keys are right; TestCachedPartialsOfTheRepositoryLayouts renders
// the repository's layouts with verifyCached set, which runs the partial
// for every call too and fails the build when a cached copy differs.
//
// A cache serves one build: a set that watch mode keeps for the next build
// has its cache emptied first (layouts.reuse).
type partialCache struct {
	set     *template.Template
	entries sync.Map // key → *cachedPartial
}

type cachedPartial struct {
	once sync.Once
	html template.HTML
	err  error
	url  string // of the page it was run for, for verifyCached's errors
}

// verifyCached makes cached run the partial on every call and compare it
// with the copy it keeps. Tests set it.
var verifyCached = false

// cachedPlaceholder stands for cached while the sets are parsed, before
// each is bound to its own cache.
func cachedPlaceholder(string, ...any) (template.HTML, error) {
	return "", errors.New("cached: not bound to a template set")
}

// bindCached gives the set t its own cache for the function cached.
func bindCached(t *template.Template) *partialCache {
	c := &partialCache{set: t}
	t.Funcs(template.FuncMap{"cached": c.call})
	return c
}

func (c *partialCache) call(name string, args ...any) (template.HTML, error) {
	if len(args) == 0 {
		return "", fmt.Errorf("cached %q: want the keys and then the data, e.g. cached %q .Kind .", name, name)
	}
	key, err := cacheKey(name, args[:len(args)-1])
	if err != nil {
		return "", err
	}
	data := args[len(args)-1]
	v, _ := c.entries.LoadOrStore(key, new(cachedPartial))
	e := v.(*cachedPartial)
	e.once.Do(func() {
		e.html, e.err = c.run(name, data)
		e.url = pageURL(data)
	})
	if verifyCached && e.err == nil {
		html, err := c.run(name, data)
		if err == nil && html != e.html {
			err = fmt.Errorf("cached %q: the pages %s and %s have the same keys (%s) but not the same HTML; add what the partial reads from the page to its keys", name, e.url, pageURL(data), strings.Join(strings.Split(key, "\x00")[1:], ", "))
		}
		if err != nil {
			return "", err
		}
	}
	return e.html, e.err
}

// run executes the template name of c's set for data, bounded in time and
// size as a page is (see runBounded): it runs inside a page's run, whose
// own bounds see none of its output until it ends.
func (c *partialCache) run(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	w := &deadlineBuffer{Buffer: &buf, deadline: time.Now().Add(pageTimeout), limit: maxPageSize}
	if err := c.set.ExecuteTemplate(w, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// cacheKey joins the name and the keys, each written so that two keys
// are the same text exactly when their values are equal.
func cacheKey(name string, keys []any) (string, error) {
	parts := []string{name}
	for i, k := range keys {
		v := reflect.ValueOf(k)
		var s string
		switch v.Kind() {
		case reflect.Invalid:
			s = "nil"
		case reflect.String:
			s = strconv.Quote(v.String())
		case reflect.Bool:
			s = strconv.FormatBool(v.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			s = strconv.FormatInt(v.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			s = strconv.FormatUint(v.Uint(), 10)
		case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
			if v.IsNil() {
				s = "nil"
				break
			}
			fallthrough
		default:
			return "", fmt.Errorf("cached %q: key %d is a %s; want text, a number, true or false (a field of it, such as .Name)", name, i+1, v.Type())
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\x00"), nil
}

// pageURL is the URL of the page whose data d is, or "a page".
func pageURL(d any) string {
	if p, ok := d.(*PageData); ok && p.URL != "" {
		return p.URL
	}
	return "a page"
}

// deadlineBuffer is a buffer that refuses to grow past maxPageSize or to
// be written after its deadline, which ends the template run.
type deadlineBuffer struct {
	*bytes.Buffer
	deadline time.Time
	limit    int
}

func (b *deadlineBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		return 0, errPageSize
	}
	if time.Now().After(b.deadline) {
		return 0, errPageTimeout
	}
	return b.Buffer.Write(p)
}
