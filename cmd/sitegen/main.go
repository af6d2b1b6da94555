// Command sitegen builds the sipcodes site: Markdown pages under content/,
// html/template layouts under layouts/ and files under assets/ become a
// static site in public/.
//
// Usage:
//
//	sitegen [flags]          build ./content, ./layouts, ./assets into ./public
//	sitegen --watch [flags]  build, serve with live reload, rebuild on every change
//	sitegen check [flags]    check everything, write nothing
//	sitegen version          print the version
//
// Flags:
//
//	--src DIR        site source directory (default ".")
//	--out DIR        output directory (default "public" under --src)
//	--base-url URL   absolute URL the site is served at; overrides base_url
//	--addr HOST:PORT where --watch serves (default 127.0.0.1:1313)
//	--cache-dir DIR  build cache (default ".sitegen-cache" under --src)
//	--no-cache       read and write no build cache
//	--quiet          print nothing on success
//	--strict         fail on a warning, as on an error
//
// Problems are printed as file:line: message, all of them at once, and the
// exit status is 1; the previous output directory is left as it was. A
// mistake on the command line exits with status 2. Warnings (a page
// unreachable from the home page) are printed as file:line: warning:
// message, even with --quiet, and the build succeeds unless --strict.
package main

import (
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/sipcodes/sipcodes/internal/sip"
	"github.com/sipcodes/sipcodes/internal/site"
)

// stopGrace is how long a stopped command may take to end by itself before
// main ends it: a build that is stuck (a bug, or an input nothing bounds
// yet) must not outlive Ctrl-C or SIGTERM.
const stopGrace = time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- run(ctx, os.Args[1:], os.Stdout, os.Stderr) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		stop() // a second Ctrl-C ends the process at once
		select {
		case err = <-done:
		case <-time.After(stopGrace):
			site.RemoveTemporaries()
			fmt.Fprintln(os.Stderr, "sitegen: stopped before the build ended; the output directory is as it was")
			os.Exit(1)
		}
	}
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// errUsage is a mistake on the command line, already explained on stderr.
var errUsage = errors.New("usage")

const usage = `usage: sitegen [flags]          build the site into public/
       sitegen --watch [flags]  build, serve with live reload, rebuild on every change
       sitegen check [flags]    check everything, write nothing
       sitegen version          print the version

flags:
  --src DIR        site source directory, holding content/, layouts/, assets/ and data/ (default ".")
  --out DIR        output directory (default "public" under --src)
  --base-url URL   absolute URL the site is served at; overrides base_url in content/_index.md
  --watch          serve the site and rebuild it whenever a source file changes
  --addr HOST:PORT where --watch serves (default 127.0.0.1:1313; loopback unless you say otherwise)
  --cache-dir DIR  where builds keep their cache for the next build (default ".sitegen-cache" under --src)
  --no-cache       read and write no build cache
  --quiet          print nothing when the build succeeds (warnings excepted)
  --strict         fail on a warning (a page unreachable from the home page) as on an error
`

// run is the whole command; main only prints its error and exits.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sitegen: internal error: %v (please report it, with the input that caused it)", r)
		}
	}()
	cmd := "build"
	if len(args) > 0 && (args[0] == "check" || args[0] == "version") {
		cmd, args = args[0], args[1:]
	}
	fl := flag.NewFlagSet("sitegen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, usage) }
	src := fl.String("src", ".", "")
	out := fl.String("out", "", "")
	baseURL := fl.String("base-url", "", "")
	quiet := fl.Bool("quiet", false, "")
	watchMode := fl.Bool("watch", false, "")
	addr := fl.String("addr", "127.0.0.1:1313", "")
	strict := fl.Bool("strict", false, "")
	cpuprofile := fl.String("cpuprofile", "", "") // hidden: for profiling builds
	cacheDir := fl.String("cache-dir", "", "")
	noCache := fl.Bool("no-cache", false, "")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen: unexpected argument %q\n", fl.Arg(0))
		fl.Usage()
		return errUsage
	}
	if *cpuprofile != "" {
		if f, err := os.Create(*cpuprofile); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if *watchMode && cmd != "build" {
		fmt.Fprintf(stderr, "sitegen: --watch goes with a build, not with %s\n", cmd)
		fl.Usage()
		return errUsage
	}
	if *baseURL != "" {
		if err := site.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "sitegen: --base-url: %v\n", err)
			return errUsage
		}
	}
	opts := site.Options{BaseURL: *baseURL, Minify: true, Strict: *strict, Context: ctx}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "sitegen", version())
		return nil
	case "check":
		start := time.Now()
		st, err := buildOnce(*src, "", opts, nil) // check writes nothing, the cache included
		if err != nil {
			return err
		}
		printWarnings(stderr, st)
		if !*quiet {
			verdict := "no problems"
			if n := len(st.Warnings); n > 0 {
				verdict = fmt.Sprintf("no errors, %d warning%s", n, plural(n))
			}
			fmt.Fprintf(stdout, "checked %s in %v: %s\n", summary(st), since(start), verdict)
		}
		return nil
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*src, "public")
	}
	if err := site.CheckOutDir(*src, dir); err != nil {
		fmt.Fprintf(stderr, "sitegen: %v\n", err)
		return errUsage
	}
	var cache func() *site.Cache // opens the cache for a build; nil for none
	if *noCache && *cacheDir != "" {
		fmt.Fprintln(stderr, "sitegen: --cache-dir and --no-cache: give one or the other")
		return errUsage
	}
	if !*noCache {
		cdir := *cacheDir
		if cdir == "" {
			cdir = filepath.Join(*src, site.CacheDirName)
		}
		if err := site.CheckCacheDir(*src, dir, cdir); err != nil {
			fmt.Fprintf(stderr, "sitegen: %v\n", err)
			return errUsage
		}
		cache = func() *site.Cache {
			return site.OpenCache(cdir, buildID(), func(msg string) { fmt.Fprintln(stderr, msg) })
		}
	}
	if *watchMode {
		if _, _, err := net.SplitHostPort(*addr); err != nil {
			fmt.Fprintf(stderr, "sitegen: --addr %s: want HOST:PORT, like 127.0.0.1:1313\n", *addr)
			return errUsage
		}
		return serveAndWatch(ctx, *src, dir, *addr, opts, cache, *quiet, stdout, stderr)
	}
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// A one-shot build lets the heap grow to 2.5 times what is live
		// between collections, not 2: a cold build of 10,000 pages took
		// 3.44 s and 216 MiB at its peak instead of 3.66 s and 181 MiB
		// (codes corpus; 4.78 s and 240 MiB against 4.93 s and 211 MiB for
		// prose), medians of five side by side. Watch mode, which stays,
		// keeps Go's default.
		debug.SetGCPercent(150)
	}
	st, err := buildOnce(*src, dir, opts, cache)
	if err != nil {
		return err
	}
	printWarnings(stderr, st)
	if !*quiet {
		fmt.Fprintf(stdout, "built %s, %d files in %v → %s\n", summary(st), st.Files, since(start), dir)
	}
	return nil
}

// buildOnce builds the site in the directory src into dir, or, when dir
// is "", only checks it; cache, unless nil, opens the build cache.
func buildOnce(src, dir string, opts site.Options, cache func() *site.Cache) (site.Stats, error) {
	fsys, err := site.OpenSource(src)
	if err != nil {
		return site.Stats{}, err
	}
	defer fsys.Close()
	b := site.NewBuilder(sip.Schema, opts)
	if dir == "" {
		return b.Build(fsys, func(string, []byte) error { return nil })
	}
	if cache != nil {
		b.UseCache(cache())
	}
	return b.BuildDir(fsys, dir)
}

// buildID identifies this sitegen executable for the build cache, which
// trusts only what the same executable wrote. The Go toolchain stamps
// every executable it links with a build ID that ends in a hash of the
// executable's content (go tool buildid); where the executable is ELF
// (Linux) it is read from its note at once: hashing the 22 MB file took 15
// ms of every build. An id that is not of the go command's making (go
// build -ldflags=-buildid=X stamps X, the same in every build, as
// reproducible-build setups do) is not used. Otherwise, or without the
// note, the id is the SHA-256 of the file; when the file cannot be read,
// every build gets an id of its own, which reuses nothing.
func buildID() string {
	if exe, err := os.Executable(); err == nil {
		if id, ok := goBuildID(exe); ok && madeByGo(id) {
			return "go " + id
		}
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return hex.EncodeToString(h.Sum(nil))
			}
		}
	}
	return fmt.Sprintf("unknown %d %d", os.Getpid(), time.Now().UnixNano())
}

// madeByGo reports whether id has the shape of the build IDs the go
// command gives executables: four hashes of 20 URL-safe base64
// characters, joined by slashes, the last of the content.
func madeByGo(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if len(p) != 20 || strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return false
		}
	}
	return true
}

// goBuildID reads the Go build ID from the ELF note the linker writes
// (".note.go.buildid": owner "Go", type 4), as cmd/go's buildid package
// does.
func goBuildID(exe string) (string, bool) {
	f, err := elf.Open(exe)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return "", false
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return "", false
	}
	order := f.ByteOrder
	nameSize, descSize, typ := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	if nameSize != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(descSize) > uint64(len(note)-16) || descSize == 0 {
		return "", false
	}
	return string(note[16 : 16+descSize]), true
}

// summary is "164 pages (77 codes, 6 classes, 74 causes)"; a site
// without cause pages leaves them out.
func summary(st site.Stats) string {
	causes := ""
	if n := st.Kinds["cause"]; n > 0 {
		causes = fmt.Sprintf(", %d causes", n)
	}
	return fmt.Sprintf("%d pages (%d codes, %d classes%s)", st.Pages, st.Kinds["code"], st.Kinds["class"], causes)
}

// printWarnings prints the warnings of a build, one a line.
func printWarnings(w io.Writer, st site.Stats) {
	for _, warning := range st.Warnings {
		fmt.Fprintln(w, warning)
	}
}

func since(t time.Time) time.Duration {
	return time.Since(t).Round(time.Millisecond)
}

// version is the module version, or the VCS revision of a local build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v + " " + info.GoVersion
}
