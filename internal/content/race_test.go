//go:build race

package content

// raceEnabled slows tests that measure time: the race detector makes
// parsing several times slower.
const raceEnabled = true
