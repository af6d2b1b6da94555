package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Hub tells connected browsers about builds over server-sent events: a
// "reload" event after each successful build, a "build-error" event with
// the problems after a failed one. A browser that connects while the last
// build failed gets its errors at once.
type Hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
	errs    []string // problems of the last build; nil when it succeeded
	builds  int      // successful builds so far
	failed  int      // failed builds so far
}

type event struct {
	name string
	data string
}

// NewHub returns a hub with no clients.
func NewHub() *Hub { return &Hub{clients: map[chan event]bool{}} }

// Reload records a successful build and tells every browser to reload.
func (h *Hub) Reload() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errs = nil
	h.builds++
	h.broadcast(event{"reload", fmt.Sprint(h.builds)})
}

// Failed records a failed build and shows its problems in every browser.
func (h *Hub) Failed(problems []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errs = append([]string{}, problems...)
	h.failed++
	h.broadcast(errorEvent(h.errs))
}

func errorEvent(problems []string) event {
	data, _ := json.Marshal(problems)
	return event{"build-error", string(data)}
}

// broadcast sends ev to every client without blocking: a client whose
// buffer is full is too slow and is dropped (its browser reconnects).
func (h *Hub) broadcast(ev event) {
	for ch := range h.clients {
		select {
		case ch <- ev:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// Close disconnects every browser and refuses new ones, so that the HTTP
// server can shut down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// Clients returns the number of connected browsers.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *Hub) subscribe() (chan event, []string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, false
	}
	ch := make(chan event, 4)
	h.clients[ch] = true
	return ch, h.errs, true
}

func (h *Hub) unsubscribe(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

// ServeHTTP streams events to one browser until it goes away or the hub
// closes.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, errs, ok := h.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(ch)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 500\n\n")
	if errs != nil {
		writeEvent(w, errorEvent(errs))
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, ev)
			flusher.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, ev event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
}

// serveStatus reports the build counts and the last problems as JSON, for
// tests and scripts.
func (h *Hub) serveStatus(w http.ResponseWriter) {
	h.mu.Lock()
	status := struct {
		Builds  int      `json:"builds"`
		Failed  int      `json:"failed"`
		Errors  []string `json:"errors"`
		Clients int      `json:"clients"`
	}{h.builds, h.failed, h.errs, len(h.clients)}
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(status)
}
