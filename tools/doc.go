// Package tools pins the Go programs the tests run (htmltest, actionlint) in
// a module of their own, so their dependencies stay out of the site's go.mod.
// Run them with `go tool NAME` from this directory.
package tools
