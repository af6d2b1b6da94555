package content

// Body is the rendering of a page's Markdown body, the part of a parse
// that takes time (goldmark and highlighting). Its lines count from 1 at
// the body's first line, so it depends on the body's text alone, not on
// the front matter above it.
type Body struct {
	HTML     string
	Headings []Heading
	Blocks   []Block
	Links    []string
}

// A BodyCache remembers bodies' renderings between builds (sitegen's
// persistent build cache). Body returns the rendering of body when the
// cache holds it; SetBody offers it one that was rendered. Both are called
// from several goroutines at once.
type BodyCache interface {
	Body(body []byte) (*Body, bool)
	SetBody(body []byte, b *Body)
}

// ParseCached is Parse with the body's rendering taken from cache when it
// holds it. The front matter is decoded and every check runs as in Parse,
// so the Doc and the problems are those Parse gives.
func ParseCached(file string, src []byte, meta any, cache BodyCache) (*Doc, error) {
	return parse(file, src, meta, cache)
}

// renderCached is render, through cache when there is one.
func renderCached(body []byte, cache BodyCache) (*document, error) {
	if cache == nil {
		return render(body)
	}
	if b, ok := cache.Body(body); ok {
		return &document{html: b.HTML, headings: b.Headings, blocks: b.Blocks, links: b.Links}, nil
	}
	d, err := render(body)
	if err == nil {
		cache.SetBody(body, &Body{HTML: d.html, Headings: d.headings, Blocks: d.blocks, Links: d.links})
	}
	return d, err
}
