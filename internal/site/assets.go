package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"slices"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"github.com/sipcodes/sipcodes/internal/highlight"
	"github.com/sipcodes/sipcodes/internal/problem"
)

// renderAssets writes every file under assets/ to out under a fingerprinted
// name (site.css → assets/site.1a2b3c4d.css), so they can be cached forever,
// and returns the URL of each by its name under assets/. The highlighting
// stylesheet is appended to site.css. minify is Minify, or watch mode's
// memo of it (memo.minify).
func (s *Site) renderAssets(out Output, minify func(mediaType string, data []byte) ([]byte, error)) (map[string]string, error) {
	files := map[string][]byte{}
	for name, data := range s.assets {
		files[name] = data
	}
	chromaCSS, err := highlight.CSS()
	if err != nil {
		return nil, err
	}
	files["site.css"] = append(slices.Clip(files["site.css"]), chromaCSS...)

	order, err := assetOrder(files) // scripts after the modules they import
	if err != nil {
		return nil, err
	}
	urls := map[string]string{}
	var errs []error
	for _, name := range order {
		data := files[name]
		if strings.HasSuffix(name, ".js") {
			data = rewriteImports(name, data, urls)
		}
		if s.opts.Minify {
			min, err := minify(mediaTypes[path.Ext(name)], data)
			if err != nil {
				errs = append(errs, problem.Errorf("assets/"+name, 0, "minify: %v", err))
				continue
			}
			data = min
		}
		file := "assets/" + fingerprint(name, data)
		out[file] = data
		urls[name] = "/" + file
	}
	return urls, problem.Join(errs)
}

// fingerprint inserts a hash of data before the extension of name.
func fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

var (
	minifier       = newMinifier(htmlMinifier)
	layoutMinifier = newMinifier(layoutHTMLMinifier)
)

// htmlMinifier keeps the optional tags and quotes: a few bytes buy output
// that every validator and text tool reads the same way.
var htmlMinifier = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true}

// layoutHTMLMinifier minifies html/template layouts, leaving the actions
// as they are.
var layoutHTMLMinifier = func() html.Minifier {
	m := htmlMinifier
	m.TemplateDelims = html.GoTemplateDelims
	return m
}()

func newMinifier(h html.Minifier) *minify.M {
	m := minify.New()
	m.Add("text/html", &h)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("text/xml", xml.Minify)
	return m
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "text/xml",
}

// minifiable are the media types the minifier knows.
var minifiable = func() map[string]bool {
	m := map[string]bool{}
	for _, mt := range mediaTypes {
		m[mt] = true
	}
	return m
}()

// Minify minifies data of media type mt as a build does; data of a type
// without a minifier passes through unchanged.
func Minify(mt string, data []byte) ([]byte, error) {
	if !minifiable[mt] {
		return data, nil
	}
	// The minifiers may write into their input (the JavaScript one renames
	// identifiers in place), and data belongs to the caller: minifying the
	// same asset twice from the same bytes gave broken scripts.
	return minifier.Bytes(mt, bytes.Clone(data))
}
