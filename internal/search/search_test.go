package search

import (
	"encoding/json"
	"testing"
)

func TestIndexOrderAndShape(t *testing.T) {
	data, err := Index([]Entry{
		{Reason: "About", URL: "/about/"},
		{Code: 600, Reason: "Busy Everywhere", Q850: []int{17, 17}, Class: "6xx", URL: "/600/"},
		{Reason: "4xx Client Error", Class: "4xx", URL: "/4xx/"},
		{Code: 486, Reason: "Busy Here", Q850: []int{17, 1}, Aliases: []string{"Busy"}, Class: "4xx", URL: "/486/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"code":486,"reason":"Busy Here","aliases":["Busy"],"q850":[1,17],"class":"4xx","url":"/486/"},` +
		`{"code":600,"reason":"Busy Everywhere","q850":[17],"class":"6xx","url":"/600/"},` +
		`{"reason":"4xx Client Error","class":"4xx","url":"/4xx/"},{"reason":"About","url":"/about/"}]`
	if string(data) != want {
		t.Errorf("Index =\n%s\nwant\n%s", data, want)
	}
	var back []Entry
	if err := json.Unmarshal(data, &back); err != nil || len(back) != 4 {
		t.Errorf("index does not round-trip: %v", err)
	}
}
