package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite cmp targets in testdata/script")

func TestMain(m *testing.M) { testscript.Main(m, map[string]func(){"sitegen": main}) }

func TestScripts(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			return nil
		},
		Cmds: cmds(),
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

func cmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	m := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"skeleton": cmdSkeleton,
		"treehash": cmdTreehash,
		"genfile":  cmdGenfile,
	}
	for name, cmd := range watchCmds {
		m[name] = cmd
	}
	return m
}

// cmdSkeleton fills the work directory with a small valid site (from
// testdata/skeleton.txtar) and the repository's layouts and assets, never
// overwriting a file the script already has, so a script holds only what
// it changes.
func cmdSkeleton(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: skeleton")
	}
	files, err := skeletonFiles(ts.Getenv("REPO"))
	ts.Check(err)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		writeNew(ts, name, files[name])
	}
}

// skeletonFiles returns the small valid site of testdata/skeleton.txtar
// with the repository's layouts and assets, by slash path: the one
// skeleton of the command's tests, scripts and Go tests alike.
func skeletonFiles(repo string) (map[string][]byte, error) {
	a, err := txtar.ParseFile(filepath.Join(repo, "cmd", "sitegen", "testdata", "skeleton.txtar"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range a.Files {
		files[f.Name] = f.Data
	}
	for _, dir := range []string{"layouts", "assets"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			rel, _ := filepath.Rel(repo, path)
			files[filepath.ToSlash(rel)] = data
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func writeNew(ts *testscript.TestScript, name string, data []byte) {
	file := ts.MkAbs(name)
	if _, err := os.Lstat(file); err == nil {
		return
	}
	ts.Check(os.MkdirAll(filepath.Dir(file), 0o755))
	ts.Check(os.WriteFile(file, data, 0o644))
}

// cmdTreehash prints every file under a directory with a hash of its
// content and its mode, so a script can show that a directory did not change.
func cmdTreehash(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: treehash DIR")
	}
	root := ts.MkAbs(args[0])
	ts.Check(filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(ts.Stdout(), "%x %s\n", sha256.Sum256(data), filepath.ToSlash(rel))
		return nil
	}))
}

// cmdGenfile writes files that a txtar archive cannot hold well:
//
//	genfile huge FILE MiB        a valid page of about MiB mebibytes
//	genfile badutf8 FILE LINE    FILE with an invalid byte put on LINE
func cmdGenfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: genfile huge|badutf8 FILE N")
	}
	file := ts.MkAbs(args[1])
	n, err := strconv.Atoi(args[2])
	ts.Check(err)
	switch args[0] {
	case "huge":
		var b bytes.Buffer
		b.WriteString("---\ntitle: Huge\nsummary: A very large page.\n---\n")
		for b.Len() < n<<20 {
			b.WriteString("A line of ordinary Markdown text that repeats to make the file large.\n\n")
		}
		ts.Check(os.MkdirAll(filepath.Dir(file), 0o755))
		ts.Check(os.WriteFile(file, b.Bytes(), 0o644))
	case "badutf8":
		data, err := os.ReadFile(file)
		ts.Check(err)
		lines := strings.SplitAfter(string(data), "\n")
		if n < 1 || n > len(lines) {
			ts.Fatalf("%s has no line %d", args[1], n)
		}
		lines[n-1] = "caf\xe9 " + lines[n-1] // Latin-1 é: not UTF-8
		ts.Check(os.WriteFile(file, []byte(strings.Join(lines, "")), 0o644))
	default:
		ts.Fatalf("genfile: unknown kind %q", args[0])
	}
}

// The cache's id of this executable is the build ID the Go toolchain gave
// it, as go tool buildid reads it.
func TestBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	if got, want := buildID(), "go "+strings.TrimSpace(string(out)); got != want {
		t.Errorf("buildID() = %q, want %q", got, want)
	}
	// An id the go command did not make may be the same for every build.
	for _, id := range []string{"redacted", "", "a/b/c/d", strings.Repeat("A", 20), "XmLQ5NGTp2m8juw2WeCJ/prlxKsKzENaF0C2OUH9d/Tl13aILlpbA3pNXDBgfA/vN1uzpElmXrxltQQI84q/x"} {
		if madeByGo(id) {
			t.Errorf("madeByGo(%q) = true", id)
		}
	}
	if id := "XmLQ5NGTp2m8juw2WeCJ/prlxKsKzENaF0C2OUH9d/Tl13aILlpbA3pNXDBgfA/vN1uzpElmXrxltQQI84q"; !madeByGo(id) {
		t.Errorf("madeByGo(%q) = false", id)
	}
}
