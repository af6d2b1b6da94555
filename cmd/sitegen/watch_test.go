package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Commands for scripts that run `sitegen --watch` in the background. They
// poll with a deadline instead of sleeping a fixed time.
var watchCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"waitready": cmdWaitready,
	"httpget":   cmdHTTPGet,
	"waitfor":   cmdWaitfor,
	"replace":   cmdReplace,
	"burst":     cmdBurst,
	"waitglob":  cmdWaitglob,
}

// cmdWaitglob waits until some file matches the glob PATTERN.
//
//	waitglob PATTERN
func cmdWaitglob(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitglob PATTERN")
	}
	poll(ts, "a file matching "+args[0], func() bool {
		m, _ := filepath.Glob(ts.MkAbs(args[0]))
		return len(m) > 0
	})
}

const pollTimeout = 20 * time.Second

// cmdWaitready waits until the server has written its URL to
// $SITEGEN_READY_FILE and sets $URL to it.
func cmdWaitready(ts *testscript.TestScript, neg bool, args []string) {
	file := ts.Getenv(readyFileEnv)
	if neg || len(args) != 0 || file == "" {
		ts.Fatalf("usage: waitready (with $%s set)", readyFileEnv)
	}
	poll(ts, "the server to be ready", func() bool {
		data, err := os.ReadFile(file)
		if err == nil && len(data) > 0 {
			ts.Setenv("URL", strings.TrimSuffix(string(data), "/"))
			return true
		}
		return false
	})
}

// get fetches $URL+path and returns the status and body.
func get(ts *testscript.TestScript, path string) (int, string) {
	resp, err := http.Get(ts.Getenv("URL") + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// cmdHTTPGet fetches PATH once, wants STATUS (default 200) and prints the body.
//
//	httpget [-status N] PATH
func cmdHTTPGet(ts *testscript.TestScript, neg bool, args []string) {
	status, args := statusFlag(ts, args)
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpget [-status N] PATH")
	}
	got, body := get(ts, args[0])
	if got != status {
		ts.Fatalf("GET %s: status %d, want %d", args[0], got, status)
	}
	fmt.Fprint(ts.Stdout(), body)
}

// cmdWaitfor polls PATH until it answers STATUS (default 200) with a body
// that matches REGEXP (when given), or, negated, does not match it.
//
//	[!] waitfor [-status N] PATH [REGEXP]
func cmdWaitfor(ts *testscript.TestScript, neg bool, args []string) {
	status, args := statusFlag(ts, args)
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfor [-status N] PATH [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 2 {
		re = regexp.MustCompile(args[1])
	}
	last := ""
	poll(ts, fmt.Sprintf("GET %s to give %d %v", args[0], status, args[1:]), func() bool {
		got, body := get(ts, args[0])
		last = fmt.Sprintf("%d %.200s", got, body)
		return got == status && (re == nil || re.MatchString(body) != neg)
	}, &last)
}

func statusFlag(ts *testscript.TestScript, args []string) (int, []string) {
	if len(args) >= 2 && args[0] == "-status" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		return n, args[2:]
	}
	return 200, args
}

// cmdReplace replaces the first OLD in FILE with NEW, in place.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	if !strings.Contains(string(data), args[1]) {
		ts.Fatalf("%s does not contain %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(file, []byte(strings.Replace(string(data), args[1], args[2], 1)), 0o644))
}

// cmdBurst saves FILE N times as fast as it can, the last save with the
// text "burst N of N" in place of MARK, as a git checkout or a formatter run
// over many files would.
//
//	burst N FILE MARK
func cmdBurst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: burst N FILE MARK")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	file := ts.MkAbs(args[1])
	data, err := os.ReadFile(file)
	ts.Check(err)
	for i := 1; i <= n; i++ {
		text := strings.Replace(string(data), args[2], fmt.Sprintf("burst %d of %d", i, n), 1)
		ts.Check(os.WriteFile(file, []byte(text), 0o644))
	}
}

func poll(ts *testscript.TestScript, what string, ok func() bool, last ...*string) {
	if !pollUntil(ok) {
		msg := ""
		if len(last) > 0 {
			msg = "; last: " + *last[0]
		}
		ts.Fatalf("timed out after %v waiting for %s%s", pollTimeout, what, msg)
	}
}

// pollUntil calls ok every few milliseconds until it holds or pollTimeout
// has passed, and says whether it held: the one poller of the command's
// tests.
func pollUntil(ok func() bool) bool {
	deadline := time.Now().Add(pollTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
