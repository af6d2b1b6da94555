package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// The server answers only requests that name it, so that a page elsewhere
// cannot read the preview through DNS rebinding: a name the attacker
// controls, pointed at 127.0.0.1, reaches the server but carries the
// attacker's name in Host (see Vite's CVE-2025-24010). And the live-reload
// endpoints refuse cross-origin callers, which a browser marks with Origin.

// hosts is what a Host header may name.
type hosts struct {
	name  string // the host of the address served on, if not loopback; "" for none
	anyIP bool   // any IP address, for a server that other machines reach
}

// hostsFor returns the hosts allowed for a server told to listen on addr
// ("127.0.0.1:1313", ":1313", "box.lan:1313"). Loopback names always are.
// A Host that is an IP address cannot come from DNS rebinding, so a server
// on every interface, or on a name that may resolve to several addresses,
// accepts any IP address; one on a single IP address accepts just that one.
func hostsFor(addr string) hosts {
	if addr == "" {
		return hosts{}
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = canonicalHost(host)
	ip, err := netip.ParseAddr(host)
	switch {
	case host == "" || err == nil && ip.IsUnspecified():
		return hosts{anyIP: true}
	case err == nil:
		return hosts{name: host}
	case isLoopbackName(host):
		return hosts{}
	}
	return hosts{name: host, anyIP: true}
}

// allow reports whether hostport, a request's Host, names this server.
func (h hosts) allow(hostport string) bool {
	host := hostOf(hostport)
	if host == "" {
		return false
	}
	if isLoopbackName(host) || host == h.name {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && (ip.Unmap().IsLoopback() || h.anyIP)
}

// isLoopbackName reports whether host is localhost or under it, names that
// browsers resolve to loopback themselves (RFC 6761, section 6.3).
func isLoopbackName(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// hostOf returns the host of a Host header, without port and brackets,
// lower-cased and without a trailing dot.
func hostOf(hostport string) string {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return canonicalHost(host)
}

func canonicalHost(host string) string {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// sameOrigin reports whether r has no Origin or the origin of the page the
// server itself serves at r.Host.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Opaque != "" || u.User != nil || u.Path != "" {
		return false
	}
	return withoutDefaultPort(u.Host) == withoutDefaultPort(strings.ToLower(r.Host))
}

func withoutDefaultPort(hostport string) string {
	return strings.TrimSuffix(strings.ToLower(hostport), ":80")
}

// checkRequest answers r itself, and returns false, when the request does
// not name this server or, on the live-reload paths, comes from a page of
// another origin.
func (s *Server) checkRequest(w http.ResponseWriter, r *http.Request) bool {
	if !s.hosts.allow(r.Host) {
		msg := fmt.Sprintf("sitegen: refused: Host %q is not this server's name; "+
			"open it as localhost or 127.0.0.1, or serve with --addr naming that host", r.Host)
		http.Error(w, msg, http.StatusForbidden)
		return false
	}
	if strings.HasPrefix(r.URL.Path, "/__sitegen/") && !sameOrigin(r) {
		msg := fmt.Sprintf("sitegen: refused: a page at %q may not use the live-reload endpoints of %q", r.Header.Get("Origin"), r.Host)
		http.Error(w, msg, http.StatusForbidden)
		return false
	}
	return true
}
