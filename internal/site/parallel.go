package site

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// parallel calls fn(0) ... fn(n-1) on as many goroutines as there are
// cores, and returns when all calls have.
func parallel(n int, fn func(i int)) { parallelN(runtime.GOMAXPROCS(0), n, fn) }

// chunked calls fn(lo, hi) for contiguous ranges that together cover 0 ...
// n-1, on all cores, for work that keeps state across its items (a memo of
// links resolved): each call has its own. There are a few more ranges than
// cores, so that one slow range does not leave the other cores idle.
func chunked(n int, fn func(lo, hi int)) {
	k := min(n, 4*runtime.GOMAXPROCS(0))
	parallel(k, func(c int) { fn(c*n/k, (c+1)*n/k) })
}

// parallelN calls fn(0) ... fn(n-1) on up to workers goroutines. If a call
// panics, the other workers stop taking calls and parallelN panics in the
// caller's goroutine, where the command's recover can report it (a panic
// left in a worker would end the process, watch mode included).
func parallelN(workers, n int, fn func(i int)) {
	workers = min(workers, n)
	var next atomic.Int64
	var failed atomic.Pointer[workerPanic]
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					failed.CompareAndSwap(nil, &workerPanic{r, debug.Stack()})
				}
			}()
			for i := int(next.Add(1)) - 1; i < n && failed.Load() == nil; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
	if p := failed.Load(); p != nil {
		panic(p)
	}
}

// workerPanic is a panic carried from a worker to the caller, with the
// worker's stack.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) String() string { return fmt.Sprintf("%v\n\n%s", p.value, p.stack) }
