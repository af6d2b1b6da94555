package registry

import "testing"

func TestRegistry(t *testing.T) {
	if _, err := parse(data); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range All {
		counts[e.Status]++
	}
	// 75 registered codes (202 among them, deprecated) and RFC 2543's 409 and 411.
	if counts["current"] != 74 || counts["deprecated"] != 1 || counts["obsolete"] != 2 {
		t.Errorf("statuses = %v, want 74 current, 1 deprecated, 2 obsolete", counts)
	}
	for code, want := range map[int]string{486: "Busy Here", 481: "Call/Transaction Does Not Exist", 504: "Server Time-out", 555: "Push Notification Service Not Supported"} {
		if e, ok := Lookup(code); !ok || e.Reason != want {
			t.Errorf("Lookup(%d) = %+v, %v; want %q", code, e, ok, want)
		}
	}
	if _, ok := Lookup(499); ok {
		t.Error("Lookup(499) found an entry")
	}
}

func TestParseRejects(t *testing.T) {
	for _, src := range []string{
		"",
		"code,reason,status,rfc,source\n486,Busy Here,current,3261\n",
		"code,reason,status,rfc,source\n486,Busy Here,gone,3261,x\n",
		"code,reason,status,rfc,source\n486,Busy Here,current,3261,x\n480,Temporarily Unavailable,current,3261,x\n",
		"code,reason,status,rfc,source\n86,Busy,current,3261,x\n",
	} {
		if _, err := parse(src); err == nil {
			t.Errorf("parse(%q) succeeded", src)
		}
	}
}
