package registry

// q850Causes names the ITU-T Q.850 cause values that RFC 3398 maps to or from
// SIP responses (§7.2.4.1 and §8.2.6.1), in Q.850's own wording.
var q850Causes = map[int]string{
	1:   "Unallocated (unassigned) number",
	2:   "No route to specified transit network",
	3:   "No route to destination",
	16:  "Normal call clearing",
	17:  "User busy",
	18:  "No user responding",
	19:  "No answer from user (user alerted)",
	20:  "Subscriber absent",
	21:  "Call rejected",
	22:  "Number changed",
	23:  "Redirection to new destination",
	25:  "Exchange routing error",
	26:  "Non-selected user clearing",
	27:  "Destination out of order",
	28:  "Invalid number format (address incomplete)",
	29:  "Facility rejected",
	31:  "Normal, unspecified",
	34:  "No circuit/channel available",
	38:  "Network out of order",
	41:  "Temporary failure",
	42:  "Switching equipment congestion",
	47:  "Resource unavailable, unspecified",
	55:  "Incoming calls barred within CUG",
	57:  "Bearer capability not authorized",
	58:  "Bearer capability not presently available",
	63:  "Service or option not available, unspecified",
	65:  "Bearer capability not implemented",
	70:  "Only restricted digital information bearer capability is available",
	79:  "Service or option not implemented, unspecified",
	87:  "User not member of CUG",
	88:  "Incompatible destination",
	102: "Recovery on timer expiry",
	111: "Protocol error, unspecified",
	127: "Interworking, unspecified",
}

// Q850Cause returns the Q.850 name of cause n, or "" when this package does
// not know it.
func Q850Cause(n int) string { return q850Causes[n] }
