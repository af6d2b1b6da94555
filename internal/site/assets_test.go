package site

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"testing"
)

// Minifying must leave its input alone: tdewolff's JavaScript minifier
// renames identifiers in the buffer it is given, and a second build from
// the same bytes then shipped a script that used undefined names.
func TestMinifyFileLeavesInput(t *testing.T) {
	for _, name := range []string{"site.js", "theme.js", "site.css", "icon.svg"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "assets", name))
		if err != nil {
			t.Fatal(err)
		}
		orig := bytes.Clone(data)
		first, err := Minify(mediaTypes[path.Ext(name)], data)
		if err != nil {
			t.Fatal(err)
		}
		second, err := Minify(mediaTypes[path.Ext(name)], data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, orig) {
			t.Errorf("%s: minifying changed the input", name)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: minified twice from the same bytes, two results", name)
		}
	}
}
