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
		if got := Append(nil, objectsOf(v)); string(got) != string(want) {
			t.Errorf("Append =\n%s\njson.Marshal =\n%s", got, want)
		}
	})
}

// objectsOf is v with every map in it made an Object of the same fields,
// in the order a map gives them, and a nil map nil, as json.Marshal
// writes it.
func objectsOf(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return nil
		}
		o := Object{}
		for k, e := range v {
			o = append(o, Field{k, objectsOf(e)})
		}
		return o
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = objectsOf(e)
		}
		return out
	}
	return v
}

// FuzzAppendObject wants an Object written as json.Marshal writes the map
// of its fields, whatever their order: keys of the fuzzer's making, as
// many as a map of them holds.
func FuzzAppendObject(f *testing.F) {
	f.Add("@type", "url", "name", "about", "b", "a", 3)
	f.Add("", "\xff", "é", "e", "E", "~", 0)
	f.Fuzz(func(t *testing.T, k1, k2, k3, k4, k5, k6 string, n int) {
		var o Object
		m := map[string]any{}
		for i, k := range []string{k1, k2, k3, k4, k5, k6, k1 + k2, k2 + k1, k3 + "x", "x" + k3, k4 + k5, k6 + k6, k1 + "1", k2 + "2", k3 + "3", k4 + "4", k5 + "5", k6 + "6", "z"} {
			if _, dup := m[k]; dup {
				continue
			}
			v := any(k)
			if i%3 == 1 {
				v = n + i
			} else if i%3 == 2 {
				v = Object{{k, i}, {"", nil}}
			}
			o = append(o, Field{k, v})
			if inner, ok := v.(Object); ok {
				v = map[string]any{inner[0].Key: inner[0].Value, "": nil}
				if inner[0].Key == "" {
					v = map[string]any{"": nil}
					o[len(o)-1].Value = Object{{"", nil}}
				}
			}
			m[k] = v
		}
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append(nil, o); string(got) != string(want) {
			t.Errorf("Append(%q) =\n%s\njson.Marshal =\n%s", o, got, want)
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
