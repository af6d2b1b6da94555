package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// waitFor polls cond until it holds, failing the test after a few seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// serve runs s.HTTPServer on a loopback port, with change applied to it
// first, until the test ends. It returns the server and its address.
func serve(t *testing.T, s *Server, change func(*http.Server)) (*http.Server, string) {
	t.Helper()
	hs := s.HTTPServer()
	if change != nil {
		change(hs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	t.Cleanup(func() {
		hs.Close()
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return hs, ln.Addr().String()
}

// stuckClient opens the event stream over a raw connection and never reads
// from it, like a frozen tab or a hostile script.
func stuckClient(t *testing.T, s *Server, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", EventsPath, addr)
	waitFor(t, "the client to subscribe", func() bool { return s.Hub.Clients() == 1 })
	return conn
}

// bigProblem is a build error larger than what the kernel buffers for a
// connection, so that writing a few of them to a client that does not
// read blocks.
var bigProblem = strings.Repeat("x", 8<<20)

func TestHTTPServerBounds(t *testing.T) {
	hs := New(t.TempDir(), "127.0.0.1:0").HTTPServer()
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.IdleTimeout <= 0 {
		t.Errorf("unbounded: ReadHeaderTimeout %v, ReadTimeout %v, IdleTimeout %v", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.IdleTimeout)
	}
	if hs.WriteTimeout != 0 {
		t.Errorf("WriteTimeout %v would cut large downloads and the event stream", hs.WriteTimeout)
	}
}

// TestShutdownWithStuckEventClient is the report's Ctrl-C case: a client
// that never reads and a few large build-error events must not hold up
// Shutdown.
func TestShutdownWithStuckEventClient(t *testing.T) {
	s := New(t.TempDir(), "127.0.0.1:0")
	hs, addr := serve(t, s, nil)
	stuckClient(t, s, addr)
	for range 3 { // fewer than the client's buffer holds, so it is not dropped
		s.Hub.Failed([]string{bigProblem})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown after %v: %v", time.Since(start), err)
	}
	if s.Hub.Clients() != 0 {
		t.Errorf("%d clients left after Shutdown", s.Hub.Clients())
	}
}

// TestStuckEventClientIsCutOff: a client that falls behind is dropped, and
// its connection closed at once, not left holding a handler and a file
// descriptor.
func TestStuckEventClientIsCutOff(t *testing.T) {
	s := New(t.TempDir(), "127.0.0.1:0")
	closed := make(chan struct{})
	_, addr := serve(t, s, func(hs *http.Server) {
		hs.ConnState = func(_ net.Conn, state http.ConnState) {
			if state == http.StateClosed {
				close(closed)
			}
		}
	})
	stuckClient(t, s, addr)
	for range 8 { // more than the client's buffer holds
		s.Hub.Failed([]string{bigProblem})
	}
	if s.Hub.Clients() != 0 {
		t.Fatal("the client that does not read was kept")
	}
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the dropped client's connection is still open")
	}
}

// TestEventStreamOutlivesReadTimeout: the server's ReadTimeout bounds
// reading a request, and must not end the event stream it answers with
// (net/http lifts the read deadline once a request without a body is read).
func TestEventStreamOutlivesReadTimeout(t *testing.T) {
	s := New(t.TempDir(), "127.0.0.1:0")
	const readTimeout = 50 * time.Millisecond
	_, addr := serve(t, s, func(hs *http.Server) { hs.ReadTimeout = readTimeout })
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", EventsPath, addr)
	r := bufio.NewReader(conn)
	readUntil := func(want string, d time.Duration) error {
		conn.SetReadDeadline(time.Now().Add(d))
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return err
			}
			if strings.HasPrefix(line, want) {
				return nil
			}
		}
	}
	if err := readUntil("retry:", 5*time.Second); err != nil {
		t.Fatalf("no stream: %v", err)
	}
	// Well past the ReadTimeout, the stream must still be open and quiet.
	if err := readUntil("event:", 4*readTimeout); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after the ReadTimeout, the stream gave %v, want nothing", err)
	}
	s.Hub.Reload()
	if err := readUntil("event: reload", 5*time.Second); err != nil {
		t.Fatalf("after the ReadTimeout, no reload event: %v", err)
	}
}

func TestHubDropsClosedAndSlowClients(t *testing.T) {
	h := NewHub()
	var cutAt time.Time
	c, _, _ := h.subscribe(func(d time.Time) error { cutAt = d; return nil })
	for range 10 { // nobody reads: the buffer fills and the client is dropped
		h.Reload()
	}
	if h.Clients() != 0 {
		t.Errorf("a slow client was kept")
	}
	if cutAt.IsZero() || cutAt.After(time.Now()) {
		t.Errorf("a dropped client's writes were not cut off: deadline %v", cutAt)
	}
	if h.arm(c) {
		t.Error("a dropped client was given time for another write")
	}
	drained := 0
	for range c.events {
		drained++
	}
	if drained == 0 {
		t.Error("the slow client got no event before it was dropped")
	}
	h.Close()
	if _, _, ok := h.subscribe(func(time.Time) error { return nil }); ok {
		t.Error("a closed hub took a new client")
	}
}
