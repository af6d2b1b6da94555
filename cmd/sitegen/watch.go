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
	"slices"
	"strings"
	"time"

	"github.com/sipcodes/sipcodes/internal/server"
	"github.com/sipcodes/sipcodes/internal/sip"
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
	builder  *site.Builder // remembers its work from one build to the next
	stdout   io.Writer
	stderr   io.Writer
	srv      *server.Server
	last     site.Output // what public/ held after the last good build; nil before it
	stamp    site.Stamp  // public/ as that build left it
}

// serveAndWatch builds, serves out on addr and rebuilds on every change
// under src's content/, layouts/, assets/ and data/, until ctx is done.
//
// The first build uses the build cache (cache, unless nil); the rebuilds
// keep their work in memory.
func serveAndWatch(ctx context.Context, src, out, addr string, opts site.Options, cache func() *site.Cache, quiet bool, stdout, stderr io.Writer) error {
	if quiet {
		stdout = io.Discard
	}
	rules, err := server.LoadNetlify(src) // the headers and redirects production has
	if err != nil {
		return err
	}
	p := &preview{src: src, out: out, builder: site.NewBuilder(sip.Schema, opts).Incremental(), stdout: stdout, stderr: stderr, srv: server.New(out, addr).WithRules(rules)}

	// Watch first, so that nothing saved during the first build is missed.
	var roots []string
	for _, r := range sourceRoots {
		roots = append(roots, filepath.Join(src, r))
	}
	w, err := watch.New(roots, out, ignored)
	if err != nil {
		return err
	}
	defer w.Close()

	// Listen before the first build, so that a port in use is reported
	// before anything is written.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if cache != nil {
		c := cache()
		c.PagesIn(out) // where p.write puts them
		p.builder.UseCache(c)
	}
	p.rebuild(nil)

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
	if changed != nil {
		p.tellChanged(changed)
	}
	out, st, err := p.build()
	if err == nil {
		err = p.write(out)
	}
	if err != nil {
		fmt.Fprintln(p.stderr, err)
		p.srv.Hub.Failed(strings.Split(err.Error(), "\n"))
		return
	}
	p.last = out
	p.srv.SetBasePath(st.BasePath)
	printWarnings(p.stderr, st)
	what := "built"
	if changed != nil {
		what = fmt.Sprintf("rebuilt after %d change%s:", len(changed), plural(len(changed)))
	}
	fmt.Fprintf(p.stdout, "%s %s in %v\n", what, summary(st), since(start))
	p.srv.Hub.Reload()
}

// write brings public/ to out. It writes only what changed when public/ is
// as the last build left it; when anything else removed it or built into
// it meanwhile (a one-shot build, rm -rf), or writing the changes fails,
// it writes the whole site (reliability review F5).
func (p *preview) write(out site.Output) error {
	if now, ok := site.StampOf(p.out); !ok || !now.Same(p.stamp) {
		p.last = nil
	}
	err := out.WriteChanged(p.out, p.last)
	if err != nil && p.last != nil {
		err = out.WriteDir(p.out)
	}
	if err == nil {
		p.stamp, _ = site.StampOf(p.out)
	}
	return err
}

// tellChanged passes the paths the watcher reported to the builder, which
// then reads only those again; a path it cannot place in the source
// directory, or the watcher's word that events were lost, has it read
// everything.
func (p *preview) tellChanged(changed []string) {
	src, err := filepath.Abs(p.src)
	var rel []string
	for _, c := range changed {
		r, rerr := filepath.Rel(src, c)
		r = filepath.ToSlash(r)
		root, _, _ := strings.Cut(r, "/")
		if err != nil || rerr != nil || !filepath.IsAbs(c) || !slices.Contains(sourceRoots, root) || linkedRoot(src, root) {
			p.builder.Changed(nil, true) // watch.Everything, or a path through a link
			return
		}
		rel = append(rel, r)
	}
	p.builder.Changed(rel, false)
}

// sourceRoots are the trees watch mode watches in the source directory.
var sourceRoots = []string{"content", "layouts", "assets", "data"}

// linkedRoot reports whether the tree root of src is a symbolic link,
// whose files the watcher may report by another name than the build reads.
func linkedRoot(src, root string) bool {
	info, err := os.Lstat(filepath.Join(src, root))
	return err != nil || info.Mode()&os.ModeSymlink != 0
}

func (p *preview) build() (out site.Output, st site.Stats, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sitegen: internal error during the build: %v (the last good site is still served; please report it)", r)
		}
	}()
	src, err := site.OpenSource(p.src)
	if err != nil {
		return nil, st, err
	}
	defer src.Close()
	return p.builder.BuildOutput(src)
}

// ignored is what the loader leaves out of a site, except .well-known/,
// which it publishes: edits there must rebuild too.
func ignored(name string) bool { return name != ".well-known" && site.Ignored(name) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
