package site

import "os"

// Stats counts what a build produced, for the summary line.
type Stats struct {
	Pages   int // HTML pages, 404.html included
	Codes   int
	Classes int
	Files   int // every output file
}

// Stats counts the pages of s and the files of out.
func (s *Site) Stats(out Output) Stats {
	st := Stats{Codes: len(s.Codes), Files: len(out)}
	for _, p := range s.Classes {
		if p != nil {
			st.Classes++
		}
	}
	st.Pages = 2 + st.Classes + st.Codes + len(s.Plain) // home and 404.html
	return st
}

// Build loads the site in the directory root, renders it and, unless
// outDir is "", writes it there. Nothing is written when there is any
// problem.
func Build(root, outDir string, opts Options) (Stats, error) {
	s, err := Load(os.DirFS(root), opts)
	if err != nil {
		return Stats{}, err
	}
	out, err := s.Render()
	if err != nil {
		return Stats{}, err
	}
	if outDir != "" {
		if err := out.WriteDir(outDir); err != nil {
			return Stats{}, err
		}
	}
	return s.Stats(out), nil
}
