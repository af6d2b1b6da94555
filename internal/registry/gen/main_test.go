package main

import "testing"

func TestFollows(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"7", "7.1", true},
		{"7", "8", true},
		{"7.2.4", "7.2.5", true},
		{"7.2.4", "7.3", true},
		{"7.2.4", "8", true},
		{"7.2.4.1", "7.2.5", true},
		{"30", "A", true},
		{"A", "A.1", true},
		{"A.2", "B", true},
		{"B.7", "C", true},
		{"6", "8", false},
		{"8", "7", false},
		{"18.1", "19.2", false},
		{"7.2", "7.2.2", false},
	} {
		if got := follows(tt.a, tt.b); got != tt.want {
			t.Errorf("follows(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
