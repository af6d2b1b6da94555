package site

// Stats counts what a build produced, for the summary line.
type Stats struct {
	Pages   int // HTML pages, 404.html included
	Codes   int
	Classes int
	Files   int // every output file

	BasePath string // the path of the base URL ("/sip"), where the site is served
}

// Stats counts the pages of s, and files, the files built.
func (s *Site) Stats(files int) Stats {
	st := Stats{Codes: len(s.Codes), Files: files, BasePath: s.BasePath}
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
	src, err := OpenSource(root)
	if err != nil {
		return Stats{}, err
	}
	defer src.Close()
	s, err := Load(src, opts)
	if err != nil {
		return Stats{}, err
	}
	var files int
	if outDir == "" {
		var out Output
		out, err = s.Render()
		files = len(out)
	} else {
		files, err = s.RenderDir(outDir)
	}
	if err != nil {
		return Stats{}, err
	}
	return s.Stats(files), nil
}
