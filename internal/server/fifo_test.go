//go:build unix

package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesAreNotServed: a FIFO in the directory is not found,
// rather than a request that blocks forever on opening it.
func TestSpecialFilesAreNotServed(t *testing.T) {
	dir := site(t)
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	srv := httptest.NewServer(New(dir, "127.0.0.1:0"))
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(srv.URL + "/pipe.txt")
	if err != nil {
		// The handler is stuck opening the FIFO; a writer lets it go, so
		// that srv.Close can return.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("GET /pipe.txt: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /pipe.txt: %s, want 404", resp.Status)
	}
}
