package server

import "strings"

// SetBasePath makes the server answer under base ("/sip"), the path of the
// site's base URL, as the site's links expect: /sip/486/ is 486/index.html,
// / is redirected to /sip/, and anything else outside it is not found. ""
// serves the site at the root. The preview sets it after each build.
func (s *Server) SetBasePath(base string) { s.base.Store(strings.TrimRight(base, "/")) }

func (s *Server) basePath() string {
	base, _ := s.base.Load().(string)
	return base
}
