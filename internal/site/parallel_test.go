package site

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

func TestParallelCallsEach(t *testing.T) {
	var calls [100]atomic.Int32
	parallelN(8, len(calls), func(i int) { calls[i].Add(1) })
	for i := range calls {
		if n := calls[i].Load(); n != 1 {
			t.Fatalf("fn(%d) called %d times", i, n)
		}
	}
}

// A panic in a worker reaches the caller, who can recover it, instead of
// ending the process.
func TestParallelCarriesPanic(t *testing.T) {
	got := func() (r any) {
		defer func() { r = recover() }()
		parallelN(4, 100, func(i int) {
			if i == 37 {
				panic("page 37")
			}
		})
		return nil
	}()
	if got == nil {
		t.Fatal("the panic was lost")
	}
	msg := fmt.Sprint(got)
	if !strings.HasPrefix(msg, "page 37\n") || !strings.Contains(msg, "parallel_test.go") {
		t.Errorf("recovered %q, want the value and the worker's stack", msg)
	}
}
