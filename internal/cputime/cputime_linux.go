// Package cputime measures the CPU time the process has used, for tests
// that bound work rather than wall time: a loaded machine stretches the
// wall clock of a test, not the CPU time its work takes.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Used is the CPU time (user and system) the process has used.
func Used(t testing.TB) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
