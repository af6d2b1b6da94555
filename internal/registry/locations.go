package registry

// Location is a Q.850 cause location: which part of the path generated a
// cause. ISUP and ISDN carry it in the low four bits of the octet before
// the cause value; SIP carries its token in the Reason header's location
// parameter (RFC 8606 §4): Reason: Q.850;cause=34;location=LN.
type Location struct {
	Value int    // 0-15
	Token string // "LN"
	Name  string // "public network serving the local user"
}

// Locations are the locations Q.850 assigns, in value order, as the
// cause_location[] table of Kamailio's ss7ops module decodes them
// (src/modules/ss7ops/isup_parsed.c lines 149-157, kamailio/kamailio commit
// 38711a3e788de0130d48cb485578c482b57d9351).
var Locations = []Location{
	{0, "U", "user"},
	{1, "LPN", "private network serving the local user"},
	{2, "LN", "public network serving the local user"},
	{3, "TN", "transit network"},
	{4, "RLN", "public network serving the remote user"},
	{5, "RPN", "private network serving the remote user"},
	{7, "INTL", "international network"},
	{10, "BI", "network beyond the interworking point"},
}
