package site

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel calls fn(0) ... fn(n-1) on as many goroutines as there are
// cores, and returns when all calls have.
func parallel(n int, fn func(i int)) { parallelN(runtime.GOMAXPROCS(0), n, fn) }

// parallelN calls fn(0) ... fn(n-1) on up to workers goroutines.
func parallelN(workers, n int, fn func(i int)) {
	workers = min(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}
