package jsonenc

import (
	"encoding/json"
	"testing"
)

func FuzzAppendString(f *testing.F) {
	f.Add("Busy Here")
	f.Add("<a & \"b\">\u2028\u2029")
	f.Add("\x00\x1f\b\f\n\r\t\\\x7f")
	f.Add("\xff\xfe é漢\U0001F600 \xed\xa0\x80")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, json.Marshal = %s", s, got, want)
		}
	})
}

// FuzzAppend builds a JSON-LD-shaped value of the fuzzer's strings and
// numbers, keys included, so that key order, nesting and escaping are all
// compared with json.Marshal.
func FuzzAppend(f *testing.F) {
	f.Add("@type", "TechArticle", "url", "https://sipcodes.org/486/", "name", "<Busy & Here>", 486, true)
	f.Add("b", "", "a", "\u2028", "", "\xff", -1, false)
	f.Add("same", "1", "same", "2", "same", "3", 0, true)
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string, n int, flag bool) {
		v := map[string]any{
			k1: v1,
			k2: map[string]any{k3: v3, "n": n, "flag": flag, "none": nil},
			k3: []any{v1, n, map[string]any{k1: []any{}, k2: v2}, nil, []any(nil), map[string]any(nil)},
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append(nil, v); string(got) != string(want) {
			t.Errorf("Append =\n%s\njson.Marshal =\n%s", got, want)
		}
	})
}

func TestAppendRefusesOtherTypes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Append(float64) did not panic")
		}
	}()
	Append(nil, 1.5)
}
