package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Hub tells connected browsers about builds over server-sent events: a
// "reload" event after each successful build, a "build-error" event with
// the problems after a failed one. A browser that connects while the last
// build failed gets its errors at once.
//
// No browser can hold up the others, or the server's shutdown: sends never
// block, a browser that falls behind is dropped (it reconnects), and each
// event must be written within writeTimeout. Dropping a browser, or closing
// the hub, also cuts off a write in progress.
type Hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	closed  bool
	errs    []string // problems of the last build; nil when it succeeded
	builds  int      // successful builds so far
	failed  int      // failed builds so far
}

// client is one browser's event stream.
type client struct {
	events chan event
	// deadline sets the write deadline of the stream's connection. The
	// hub calls it only under its lock and while the client is subscribed,
	// so never once the handler has returned.
	deadline func(time.Time) error
}

type event struct {
	name string
	data string
}

// writeTimeout bounds the write of one event to one browser.
const writeTimeout = 10 * time.Second

// NewHub returns a hub with no clients.
func NewHub() *Hub { return &Hub{clients: map[*client]bool{}} }

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
	for c := range h.clients {
		select {
		case c.events <- ev:
		default:
			h.drop(c)
		}
	}
}

// drop disconnects c: its handler stops at once, and a write it is in the
// middle of fails, so that a browser that does not read cannot keep the
// handler, or the server's shutdown, waiting. The caller holds h.mu.
func (h *Hub) drop(c *client) {
	delete(h.clients, c)
	close(c.events)
	c.deadline(time.Now())
}

// Close disconnects every browser and refuses new ones, so that the HTTP
// server can shut down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		h.drop(c)
	}
}

// Clients returns the number of connected browsers.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

func (h *Hub) subscribe(deadline func(time.Time) error) (*client, []string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, false
	}
	c := &client{events: make(chan event, 4), deadline: deadline}
	h.clients[c] = true
	return c, h.errs, true
}

func (h *Hub) unsubscribe(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c.events)
	}
}

// arm gives c writeTimeout for its next write, and reports false if c has
// been dropped, so that a dropped client's cut-off stays cut off.
func (h *Hub) arm(c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.clients[c] {
		return false
	}
	c.deadline(time.Now().Add(writeTimeout))
	return true
}

// ServeHTTP streams events to one browser until it goes away or the hub
// drops it.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	c, errs, ok := h.subscribe(rc.SetWriteDeadline)
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(c)
	if !h.arm(c) {
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 500\n\n")
	if errs != nil {
		writeEvent(w, errorEvent(errs))
	}
	if rc.Flush() != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c.events:
			if !ok || !h.arm(c) {
				return
			}
			writeEvent(w, ev)
			if rc.Flush() != nil {
				return
			}
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
