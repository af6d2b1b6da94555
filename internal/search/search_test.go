package search

import (
	"encoding/json"
	"testing"
)

func TestIndexOrderAndShape(t *testing.T) {
	data := Index([]Entry{
		{Reason: "About", URL: "/about/"},
		{Code: 600, Reason: "Busy Everywhere", Q850: []int{17, 17}, Class: "6xx", URL: "/600/"},
		{Reason: "4xx Client Error", Class: "4xx", URL: "/4xx/"},
		{Code: 486, Reason: "Busy Here", Q850: []int{17, 1}, Aliases: []string{"Busy"}, Class: "4xx", URL: "/486/"},
	})
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

// FuzzEncode holds the hand-written encoder to json.Marshal: the same
// bytes for any entries, whatever the strings hold (quotes, control
// characters, HTML, U+2028, invalid UTF-8) and whichever fields are empty.
func FuzzEncode(f *testing.F) {
	f.Add(486, 0, "Busy Here", "The callee is busy.", "Busy", "USER_BUSY", 17, "4xx", "", "/486/")
	f.Add(0, 34, "No circuit", "", "", "0xa2", 0, "", "deprecated", "/cause/34/")
	f.Add(0, 0, "<a & \"b\">\u2028\u2029", "\x00\x1f\b\f\n\r\t\\", "\xff\xfe", "é漢\U0001F600", -1, "\x7f", "\xed\xa0\x80", "")
	f.Fuzz(func(t *testing.T, code, cause int, reason, summary, alias, name string, q850 int, class, status, url string) {
		e := Entry{Code: code, Cause: cause, Reason: reason, Summary: summary, Class: class, Status: status, URL: url}
		if alias != "" {
			e.Aliases = []string{alias, reason}
		}
		if name != "" {
			e.Names = []string{name}
		}
		if q850 != 0 {
			e.Q850 = []int{q850, -q850}
		}
		entries := []Entry{e, {Reason: summary, URL: reason, Aliases: []string{}}}
		want, err := json.Marshal(entries)
		if err != nil {
			t.Fatal(err)
		}
		if got := encode(entries); string(got) != string(want) {
			t.Errorf("encode =\n%s\njson.Marshal =\n%s", got, want)
		}
	})
}
