package site

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/sipcodes/sipcodes/internal/content"
)

// Settings are the site settings, kept in the front matter of
// content/_index.md. A schema's home page may inline them into a struct of
// its own, with keys of its own beside them.
type Settings struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	BaseURL     string `yaml:"base_url"`    // absolute; --base-url overrides it
	RepoURL     string `yaml:"repo_url"`    // repository, for "edit this page" and "report a problem"
	EditBranch  string `yaml:"edit_branch"` // branch the edit links open; default "main"
	SupportText string `yaml:"support_text"`
	SupportURL  string `yaml:"support_url"`
}

// SiteSettings returns s: the home page's front matter has the settings.
func (s *Settings) SiteSettings() *Settings { return s }

// About is the home page's title and description.
func (s *Settings) About() (title, summary string) { return s.Title, s.Description }

// Default sets the edit branch a page leaves out.
func (s *Settings) Default() {
	if s.EditBranch == "" {
		s.EditBranch = "main"
	}
}

// Check reports every problem with the settings.
func (s *Settings) Check(r *content.Report) {
	r.Require("title", s.Title != "")
	if s.BaseURL != "" {
		if err := CheckBaseURL(s.BaseURL); err != nil {
			r.Bad("base_url", "%v", err)
		}
	}
	for key, v := range map[string]string{"repo_url": s.RepoURL, "support_url": s.SupportURL} {
		if v != "" && CheckBaseURL(v) != nil {
			r.Bad(key, "want an absolute http(s) URL, got %q", v)
		}
	}
}

// Plain is the front matter of a page that is only text: a guide, the
// about page, a 404 page.
type Plain struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// About is the page's title and summary.
func (p *Plain) About() (title, summary string) { return p.Title, p.Summary }

// Check reports a missing title or summary.
func (p *Plain) Check(r *content.Report) {
	r.Require("title", p.Title != "")
	r.Require("summary", p.Summary != "")
}

// CheckBaseURL reports whether u is an absolute http or https URL.
func CheckBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("want an absolute http(s) URL like https://sipcodes.example, got %q", u)
	}
	if p.RawQuery != "" || p.Fragment != "" {
		return fmt.Errorf("want a URL without query or fragment, got %q", u)
	}
	return nil
}

// editURL is where a page's source is edited, or "" for a site without a
// repository.
func (s *Settings) editURL(file string) string {
	if s.RepoURL == "" {
		return ""
	}
	return fmt.Sprintf("%s/edit/%s/%s", strings.TrimRight(s.RepoURL, "/"), s.EditBranch, file)
}
