// Package server serves a built site for preview: the files of one
// directory, as a static host would, plus a live-reload channel. It injects
// a small script into HTML responses (never into the files) that listens on
// server-sent events and reloads the page after each successful build, or
// shows the build's errors over the page.
//
// It answers only requests that name it (see New), so that pages on other
// sites cannot read the preview through DNS rebinding.
package server

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path"
	"strings"
	"sync/atomic"
	"time"
)

// Paths the server answers itself.
const (
	EventsPath = "/__sitegen/events"
	ScriptPath = "/__sitegen/reload.js"
	StatusPath = "/__sitegen/status"
)

//go:embed reload.js
var reloadJS []byte

var reloadTag = []byte(`<script src="` + ScriptPath + `" defer></script>`)

// Server serves the directory Dir and a Hub of browsers to notify.
type Server struct {
	Dir       string
	Hub       *Hub
	hosts     hosts        // what a request's Host may name
	base      atomic.Value // string: the base path, see SetBasePath
	rules     *Rules       // netlify.toml's, see WithRules
	redirects redirectsCache
}

// New returns a server for the files under dir that is to listen on addr,
// as given to --addr ("127.0.0.1:1313", ":1313", "box.lan:1313"). It
// answers only requests that name it: a loopback name (localhost,
// *.localhost, 127.0.0.0/8, [::1]) or addr's host, and when addr is every
// interface or a name, any IP address. Others get 403, and so do requests
// to the /__sitegen/ paths from pages of another origin.
func New(dir, addr string) *Server {
	return &Server{Dir: dir, Hub: NewHub(), hosts: hostsFor(addr)}
}

// HTTPServer returns an http.Server for s with the bounds a preview needs:
// slow and idle clients are cut off, and Shutdown first ends the event
// streams, which otherwise never end. It has no WriteTimeout, which would
// cut a large download on a slow link; the event stream bounds each of its
// writes itself.
func (s *Server) HTTPServer() *http.Server {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second, // lifted once a request is read, so streams go on
		IdleTimeout:       30 * time.Second,
	}
	hs.RegisterOnShutdown(s.Hub.Close)
	return hs
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.checkRequest(w, r) {
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.Hub.ServeHTTP(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", contentType(".js"))
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadJS))
		return
	case StatusPath:
		s.Hub.serveStatus(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	base := s.basePath()
	if base != "" && r.URL.Path == "/" {
		http.Redirect(w, r, base+"/", http.StatusFound)
		return
	}
	s.serveFile(w, r, base)
}

// serveFile answers like the CDN: /x/ is x/index.html, a directory without
// the slash is redirected to it, anything missing is 404.html with status
// 404. The rules of _redirects and netlify.toml apply first, and every
// response gets the headers of netlify.toml's rules (see Rules). Nothing
// outside Dir is reachable: os.Root refuses "..", and symbolic links that
// lead out.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, base string) {
	root, err := os.OpenRoot(s.Dir) // per request: a full build may swap the directory
	if err != nil {
		http.Error(w, "the site has not been built yet", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()
	urlPath, inside := strings.CutPrefix(r.URL.Path, base)
	inside = inside && (urlPath == "" || strings.HasPrefix(urlPath, "/"))
	extra := s.rules.headersFor(cmp.Or(urlPath, "/"))
	name := fileName(urlPath)
	f, info, err := openFile(root, name)
	if !inside || hidden[name] {
		if f != nil {
			f.Close()
		}
		f, err = nil, fs.ErrNotExist
	}
	hasIndex := false
	if err == errIsDir {
		if index, _, err := openFile(root, path.Join(name, "index.html")); err == nil {
			index.Close()
			hasIndex = true
		}
	}
	rd, to, found, rerr := s.redirect(root, r.URL.Path, urlPath, base, inside, err == nil || hasIndex)
	if rerr != nil {
		if f != nil {
			f.Close()
		}
		http.Error(w, "sitegen: "+rerr.Error(), http.StatusInternalServerError)
		return
	}
	if found {
		if f != nil {
			f.Close()
		}
		if rd.Status >= 300 && rd.Status < 400 {
			if r.URL.RawQuery != "" && !strings.Contains(to, "?") {
				to += "?" + r.URL.RawQuery // Netlify passes the query on
			}
			maps.Copy(w.Header(), extra)
			http.Redirect(w, r, to, rd.Status)
			return
		}
		// A rewrite (200) or a 4xx: the target's file, with the status.
		to, in := strings.CutPrefix(to, base)
		in = in && strings.HasPrefix(to, "/")
		name := fileName(to)
		f, info, err = openFile(root, name)
		if err == nil && (hidden[name] || !in) {
			f.Close()
			err = fs.ErrNotExist
		}
		sendOr404(w, r, root, rd.Status, name, f, info, err, extra)
		return
	}
	if hasIndex {
		maps.Copy(w.Header(), extra)
		http.Redirect(w, r, base+"/"+name+"/", http.StatusMovedPermanently)
		return
	}
	sendOr404(w, r, root, http.StatusOK, name, f, info, err, extra)
}

// sendOr404 sends the file name, opened as f, with status; when it could
// not be opened (err), the site's 404 page.
func sendOr404(w http.ResponseWriter, r *http.Request, root *os.Root, status int, name string, f *os.File, info fs.FileInfo, err error, extra http.Header) {
	if err != nil {
		status, name = http.StatusNotFound, "404.html"
		if f, info, err = openFile(root, name); err != nil {
			http.NotFound(w, r)
			return
		}
	}
	defer f.Close()
	send(w, r, status, name, f, info, extra)
}

// fileName is the file under the output directory that the site path p
// names: /486/ is 486/index.html, / is index.html.
func fileName(p string) string {
	name := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") {
		name = path.Join(name, "index.html")
	}
	name = strings.TrimPrefix(name, "/")
	if name == "" {
		name = "index.html"
	}
	return name
}

// hidden are the files of the output directory that Netlify reads as
// configuration and never serves.
var hidden = map[string]bool{"_redirects": true, "_headers": true}

var errIsDir = errors.New("is a directory")

// openFile opens the regular file name under root. A directory is
// errIsDir; anything else that is not a regular file (a FIFO, a device) is
// not found, since reading it could block or never end.
func openFile(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	info, err := root.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return nil, info, errIsDir
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fs.ErrNotExist
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, info, nil
}

// maxInject is the largest HTML file that gets the reload script: it is
// read whole to add it. A larger page is streamed as it is.
const maxInject = 8 << 20

// send writes one file, streamed from disk: HTML with the reload script,
// every response uncached unless extra (netlify.toml's headers) says otherwise, conditional and range requests answered through
// ETag and Last-Modified. The ETag of a page is a hash of what is sent; that
// of any other file is its size and modification time to the nanosecond,
// since a rebuild within the second must not get a 304.
func send(w http.ResponseWriter, r *http.Request, status int, name string, f *os.File, info fs.FileInfo, extra http.Header) {
	ext := strings.ToLower(path.Ext(name))
	h := w.Header()
	h.Set("Content-Type", contentType(ext))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	maps.Copy(h, extra) // netlify.toml's headers replace the defaults, as in production
	var body io.ReadSeeker = f
	etag := fmt.Sprintf(`"%x-%x"`, info.Size(), info.ModTime().UnixNano())
	if (ext == ".html" || ext == ".htm") && info.Size() <= maxInject {
		data, err := io.ReadAll(io.LimitReader(f, maxInject))
		if err != nil {
			http.Error(w, "sitegen: reading "+name+": "+err.Error(), http.StatusInternalServerError)
			return
		}
		data = inject(data)
		sum := sha256.Sum256(data)
		etag = `"` + hex.EncodeToString(sum[:8]) + `"`
		body = bytes.NewReader(data)
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.Copy(w, body)
		}
		return
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, name, info.ModTime(), body)
}

// inject adds the reload script before </head>, or at the start.
func inject(page []byte) []byte {
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		return append(append([]byte(nil), reloadTag...), page...)
	}
	out := make([]byte, 0, len(page)+len(reloadTag))
	out = append(out, page[:i]...)
	out = append(out, reloadTag...)
	return append(out, page[i:]...)
}
