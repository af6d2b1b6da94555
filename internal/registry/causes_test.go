package registry

import (
	"regexp"
	"testing"
)

func TestCausesData(t *testing.T) {
	if _, err := parseCauses(causesData); err != nil {
		t.Fatal(err)
	}
	// Q.850's table, as Kamailio's ss7ops carries it, has 71 values; 52
	// and 54 come from Q.931, 45 from FreeSWITCH.
	var standard, other []int
	for _, c := range Causes {
		if c.Standard {
			standard = append(standard, c.Value)
		} else {
			other = append(other, c.Value)
		}
	}
	if len(standard) != 71 || len(other) != 3 || other[0] != 45 || other[1] != 52 || other[2] != 54 {
		t.Errorf("%d Q.850 values and %v others; want 71, and 45, 52 and 54", len(standard), other)
	}
	for _, tt := range []struct {
		n        int
		name     string
		national bool
	}{
		{1, "Unallocated (unassigned) number", false},
		{16, "Normal call clearing", false},
		{31, "Normal, unspecified", false},
		{34, "No circuit/channel available", false},
		{47, "Resource unavailable, unspecified", false},
		{52, "Outgoing calls barred", false},
		{54, "Incoming calls barred", false},
		{87, "User not member of CUG", false},
		{91, "Invalid transit network selection", true},
		{127, "Interworking, unspecified", false},
	} {
		c, ok := LookupCause(tt.n)
		if !ok || c.Name != tt.name || c.National != tt.national || c.Value != tt.n {
			t.Errorf("LookupCause(%d) = %+v, %v; want %q, national %v", tt.n, c, ok, tt.name, tt.national)
		}
		if got := Q850Cause(tt.n); got != tt.name {
			t.Errorf("Q850Cause(%d) = %q, want %q", tt.n, got, tt.name)
		}
	}
	// Decoders' other spellings are kept, to be found by search.
	if c, _ := LookupCause(31); len(c.Also) != 1 || c.Also[0] != "Normal unspecified" {
		t.Errorf("cause 31 is also %q, want Wireshark's \"Normal unspecified\"", c.Also)
	}
	for _, n := range []int{0, 10, 15, 32, 51, 128, -1} {
		if c, ok := LookupCause(n); ok || Q850Cause(n) != "" {
			t.Errorf("LookupCause(%d) = %+v; want no cause", n, c)
		}
	}
	header := regexp.MustCompile(`(?m)^# .*commit [0-9a-f]{40}`)
	if !header.MatchString(causesData) {
		t.Error("causes.csv does not say which Wireshark commit its names come from")
	}
}

func TestParseCausesRejects(t *testing.T) {
	const h = "value,name,national,standard,source\n"
	for _, src := range []string{
		"",
		"value,name,standard,source\n1,Unallocated (unassigned) number,yes,x\n",
		h + "0,Valid cause code not yet received,no,yes,x\n",
		h + "128,Too big,no,yes,x\n",
		h + "2,No route,no,yes,x\n1,Unallocated,no,yes,x\n",
		h + "1,Unallocated,no,yes,x\n1,Unallocated,no,yes,x\n",
		h + "1,Unallocated,true,yes,x\n",
		h + "91,Invalid transit network selection (national use),yes,yes,x\n",
		h + "1,,no,yes,x\n",
	} {
		if _, err := parseCauses(src); err == nil {
			t.Errorf("parseCauses(%q) succeeded", src)
		}
	}
}

func TestCauseClass(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{-1, ""},
		{0, "normal event"},
		{15, "normal event"},
		{16, "normal event"},
		{31, "normal event"},
		{32, "resource unavailable"},
		{47, "resource unavailable"},
		{48, "service or option not available"},
		{63, "service or option not available"},
		{64, "service or option not implemented"},
		{79, "service or option not implemented"},
		{80, "invalid message"},
		{95, "invalid message"},
		{96, "protocol error"},
		{111, "protocol error"},
		{112, "interworking"},
		{127, "interworking"},
		{128, ""},
	} {
		if got := CauseClass(tt.n); got != tt.want {
			t.Errorf("CauseClass(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestOctet(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want byte
	}{
		{1, 0x81},
		{16, 0x90}, // "CAU = 82 90"
		{17, 0x91},
		{31, 0x9F},
		{34, 0xA2}, // "Cause i = 0x82A2"
		{127, 0xFF},
	} {
		c, ok := LookupCause(tt.n)
		if !ok {
			t.Fatalf("no cause %d", tt.n)
		}
		if got := c.Octet(); got != tt.want {
			t.Errorf("cause %d: Octet() = %#02X, want %#02X", tt.n, got, tt.want)
		}
	}
	for _, c := range Causes {
		if o := c.Octet(); o&0x80 == 0 || int(o&0x7F) != c.Value {
			t.Errorf("cause %d: Octet() = %#02X, which does not decode back", c.Value, o)
		}
	}
}

// The location octet of a trace is the coding standard and the location:
// 0x82 is ITU-T and location 2, LN, as causes.go's comment reads it.
func TestLocations(t *testing.T) {
	seen := map[int]bool{}
	for _, l := range Locations {
		if seen[l.Value] || l.Value > 15 || l.Token == "" || l.Name == "" {
			t.Errorf("location %+v: want a new value 0-15 with a token and a name", l)
		}
		seen[l.Value] = true
	}
	if l := Locations[2]; 0x82&0x0f != l.Value || l.Token != "LN" {
		t.Errorf("0x82 reads as location %+v", l)
	}
}
