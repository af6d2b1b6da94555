package registry

import "testing"

// The warn-codes are the fifteen of the registry (RFC 3261's twelve, 308
// of RFC 8373, 380 and 381 of RFC 5630), each defined in a section its RFC
// has.
func TestWarnCodes(t *testing.T) {
	if len(WarnCodes) != 15 {
		t.Errorf("%d warn-codes, want 15", len(WarnCodes))
	}
	for _, w := range WarnCodes {
		if !HasSection(w.RFC, w.Section) {
			t.Errorf("warn-code %d: RFC %d has no section %s", w.Code, w.RFC, w.Section)
		}
	}
	if w := WarnCodes[len(WarnCodes)-1]; w.Code != 399 || w.Text != "Miscellaneous warning" {
		t.Errorf("the last warn-code is %+v, want 399 Miscellaneous warning", w)
	}
}
