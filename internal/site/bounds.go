package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/sipcodes/sipcodes/internal/problem"
)

// Bounds on running a layout for one page, so that no layout can hang a
// build or fill its memory (reliability review F3: {{range 100000000000}}
// hung, with output it grew without bound). A page takes well under a
// millisecond and a few hundred KiB.
var (
	pageTimeout = 10 * time.Second
	maxPageSize = 64 << 20
	maxRange    = 10_000 // the largest number a layout may range over
)

var (
	errPageTimeout = errors.New("took too long")
	errPageSize    = fmt.Errorf("made more than %d MiB", maxPageSize>>20)
)

// checkRanges reports each {{range N}} in t whose N is a number over
// maxRange, or that runs, inside other such ranges (through {{template}}
// calls too), more than maxRange times in all: a loop that big, with no
// output, would run for hours, and nothing can stop a template while it
// runs without writing.
func checkRanges(t *template.Template) []error {
	var errs []error
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		var walk func(tree *parse.Tree, n parse.Node, times int64, depth int)
		walk = func(tree *parse.Tree, n parse.Node, times int64, depth int) {
			walkNodes(n, func(n parse.Node) bool {
				switch n := n.(type) {
				case *parse.RangeNode:
					count, ok := rangeCount(n)
					if !ok {
						return true
					}
					if count*times > int64(maxRange) {
						loc, _ := tree.ErrorContext(n)
						errs = append(errs, templateError(fmt.Errorf("template: %s: range over %d runs %d times with the ranges around it; at most %d, so that no layout can stall the build", loc, count, count*times, maxRange)))
						return false
					}
					walk(tree, n.List, count*times, depth)
					return false // its body is walked with the new count
				case *parse.TemplateNode:
					if called := t.Lookup(n.Name); called != nil && called.Tree != nil && depth < 10 && times > 1 {
						walk(called.Tree, called.Tree.Root, times, depth+1)
					}
				}
				return true
			})
		}
		walk(tt.Tree, tt.Tree.Root, 1, 0)
	}
	return errs
}

// rangeCount is N in {{range N}}, a range over a number literal.
func rangeCount(r *parse.RangeNode) (int64, bool) {
	if r.Pipe == nil || len(r.Pipe.Cmds) != 1 || len(r.Pipe.Cmds[0].Args) != 1 {
		return 0, false
	}
	num, ok := r.Pipe.Cmds[0].Args[0].(*parse.NumberNode)
	if !ok || !num.IsInt {
		return 0, false
	}
	return max(num.Int64, 1), true
}

// walkNodes calls f on n and, while f returns true, on what n holds.
func walkNodes(n parse.Node, f func(parse.Node) bool) {
	if !f(n) {
		return
	}
	walkList := func(l *parse.ListNode) { // nil when a branch is absent
		if l != nil {
			walkNodes(l, f)
		}
	}
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkNodes(c, f)
		}
	case *parse.IfNode:
		walkList(n.List)
		walkList(n.ElseList)
	case *parse.RangeNode:
		walkList(n.List)
		walkList(n.ElseList)
	case *parse.WithNode:
		walkList(n.List)
		walkList(n.ElseList)
	}
}

// boundedBuffer is a page's output that refuses to grow past maxPageSize,
// or to be written once its run was given up on, which ends the template
// run with the error.
type boundedBuffer struct {
	*bytes.Buffer
	abandoned *atomic.Bool
	limit     int // maxPageSize when the run began: a run given up on may outlive a test's change of it
}

func (b boundedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		return 0, errPageSize
	}
	if b.abandoned.Load() {
		return 0, errPageTimeout
	}
	return b.Buffer.Write(p)
}

// runBounded executes the layouts t for d into buf, and gives up after
// pageTimeout. A run given up on goes on in the background until it next
// writes (then it stops) or ends; a one-shot build exits first. It is
// counted in abandoned until it ends.
func runBounded(t *template.Template, buf *bytes.Buffer, d *PageData, abandoned *sync.WaitGroup) error {
	done := make(chan error, 1)
	out := boundedBuffer{buf, new(atomic.Bool), maxPageSize}
	r := getRunner()
	r.jobs <- func() { done <- t.ExecuteTemplate(out, "layouts/base.html", d) }
	timer := time.NewTimer(pageTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		putRunner(r)
		return err
	case <-timer.C:
		out.abandoned.Store(true) // r is left to its run, never reused
		abandoned.Add(1)
		go func() { <-done; abandoned.Done() }()
		return errPageTimeout
	}
}

// A runner is a goroutine that runs template executions one after another.
// Runners are kept and reused, so that each run starts on a stack already
// grown to a page's depth instead of growing a fresh goroutine's stack.
type runner struct{ jobs chan func() }

var runners = make(chan *runner, 64) // idle runners

func getRunner() *runner {
	select {
	case r := <-runners:
		return r
	default:
		r := &runner{jobs: make(chan func())}
		go func() {
			for job := range r.jobs {
				job()
			}
		}()
		return r
	}
}

func putRunner(r *runner) {
	select {
	case runners <- r:
	default:
		close(r.jobs) // enough idle ones: let this one end
	}
}

// boundsError names the layout of a page whose run was stopped.
func boundsError(layout string, d *PageData, err error) error {
	if err == errPageTimeout {
		return problem.Errorf(layout, 0, "rendering %s took longer than %v and was stopped; does a loop in the layouts (this one, base.html or a partial) never end?", d.URL, pageTimeout)
	}
	return problem.Errorf(layout, 0, "rendering %s %v and was stopped; does a loop in the layouts (this one, base.html or a partial) never end?", d.URL, err)
}
