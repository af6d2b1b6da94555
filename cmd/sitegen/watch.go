package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sipcodes/sipcodes/internal/server"
	"github.com/sipcodes/sipcodes/internal/site"
	"github.com/sipcodes/sipcodes/internal/watch"
)

// quietPeriod is how long the source trees must be still before a rebuild:
// long enough to gather an editor's write-and-rename or a checkout, short
// enough that a save shows at once.
var quietPeriod = 20 * time.Millisecond

// readyFileEnv names a file that watch mode writes its URL to once it
// serves, so that tests need not guess when it is up.
const readyFileEnv = "SITEGEN_READY_FILE"

// preview is a running `sitegen --watch`.
type preview struct {
	src, out string
	opts     site.Options
	stdout   io.Writer
	stderr   io.Writer
	srv      *server.Server
	last     site.Output // what public/ holds now; nil before the first good build
}

// serveAndWatch builds, serves out on addr and rebuilds on every change
// under src's content/, layouts/ and assets/, until ctx is done.
func serveAndWatch(ctx context.Context, src, out, addr string, opts site.Options, quiet bool, stdout, stderr io.Writer) error {
	if quiet {
		stdout = io.Discard
	}
	opts.Cache = site.NewCache()
	p := &preview{src: src, out: out, opts: opts, stdout: stdout, stderr: stderr, srv: server.New(out, addr)}

	// Watch first, so that nothing saved during the first build is missed.
	roots := []string{filepath.Join(src, "content"), filepath.Join(src, "layouts"), filepath.Join(src, "assets")}
	w, err := watch.New(roots, ignoredBy(out))
	if err != nil {
		return err
	}
	defer w.Close()

	p.rebuild(nil)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(stderr, "sitegen: serving on %s, which other machines can reach\n", host)
	}
	fmt.Fprintf(stdout, "serving %s on %s (Ctrl-C to stop)\n", out, url)
	if file := os.Getenv(readyFileEnv); file != "" {
		if err := os.WriteFile(file, []byte(url), 0o644); err != nil {
			return err
		}
	}

	hs := p.srv.HTTPServer() // its Shutdown ends the event streams first
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	watched := make(chan error, 1)
	go func() { watched <- w.Run(ctx, quietPeriod, p.rebuild) }()

	select {
	case err = <-served:
	case err = <-watched:
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := hs.Shutdown(shutdownCtx); err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	fmt.Fprintln(stdout, "stopped")
	return err
}

// rebuild builds the site, writes what changed and tells the browsers. A
// failed build is printed and shown in the browsers; public/ keeps the last
// good site. It never panics: a bug in a build is reported like a problem.
func (p *preview) rebuild(changed []string) {
	start := time.Now()
	out, st, err := p.build()
	if err == nil {
		err = out.WriteChanged(p.out, p.last)
	}
	if err != nil {
		fmt.Fprintln(p.stderr, err)
		p.srv.Hub.Failed(strings.Split(err.Error(), "\n"))
		return
	}
	p.last = out
	what := "built"
	if changed != nil {
		what = fmt.Sprintf("rebuilt after %d change%s:", len(changed), plural(len(changed)))
	}
	fmt.Fprintf(p.stdout, "%s %d pages (%d codes, %d classes) in %v\n", what, st.Pages, st.Codes, st.Classes, since(start))
	p.srv.Hub.Reload()
}

func (p *preview) build() (out site.Output, st site.Stats, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sitegen: internal error during the build: %v (the last good site is still served; please report it)", r)
		}
	}()
	s, err := site.Load(os.DirFS(p.src), p.opts)
	if err != nil {
		return nil, st, err
	}
	out, err = s.Render()
	if err != nil {
		return nil, st, err
	}
	return out, s.Stats(len(out)), nil
}

// ignoredBy hides editor leftovers and, should it sit inside a watched
// tree, the output directory.
func ignoredBy(out string) func(string) bool {
	outName := filepath.Base(filepath.Clean(out))
	return func(name string) bool { return site.Ignored(name) || name == outName && name != "." }
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
