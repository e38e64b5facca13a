package dates

const hour = 3600

// zoneOffset maps a lower-case zone abbreviation to seconds east of UTC.
func zoneOffset(w string) (int, bool) {
	if len(w) == 1 {
		return militaryOffset(w[0])
	}
	off, ok := zoneNames[w]
	return off, ok
}

// militaryOffset maps the single-letter military zones as RFC 822 section
// 5.1 defines them: A-I and K-M west of UTC (-1 to -12), N-Y east (+1 to
// +12), Z is UTC. That is the reverse of actual military use (RFC 1123 notes
// the error), but it is what the RFC says and what feedparser implements.
func militaryOffset(b byte) (int, bool) {
	switch {
	case b == 'z':
		return 0, true
	case b >= 'a' && b <= 'i':
		return -int(b-'a'+1) * 3600, true
	case b >= 'k' && b <= 'm':
		return -int(b-'k'+10) * 3600, true
	case b >= 'n' && b <= 'y':
		return int(b-'n'+1) * 3600, true
	}
	return 0, false
}

// zoneNames are the abbreviations feeds use. Ambiguous ones take their most
// common reading in feeds: IST is India, BST is British Summer Time, CST is
// US Central, AST is Atlantic.
var zoneNames = map[string]int{
	"gmt": 0, "ut": 0, "utc": 0, "uct": 0, "z": 0, "wet": 0, "zulu": 0,
	// North America, Atlantic and Newfoundland included.
	"et": -5 * hour, "ct": -6 * hour, "mt": -7 * hour, "pt": -8 * hour,
	"est": -5 * hour, "edt": -4 * hour, "cst": -6 * hour, "cdt": -5 * hour,
	"mst": -7 * hour, "mdt": -6 * hour, "pst": -8 * hour, "pdt": -7 * hour,
	"akst": -9 * hour, "akdt": -8 * hour, "hst": -10 * hour, "hdt": -9 * hour, "hast": -10 * hour, "hadt": -9 * hour,
	"ast": -4 * hour, "adt": -3 * hour, "nst": -3*hour - 1800, "ndt": -2*hour - 1800,
	"sst": -11 * hour, "chst": 10 * hour,
	"brt": -3 * hour, "art": -3 * hour, "clt": -4 * hour,
	"bst": 1 * hour, "ist": 5*hour + 1800, "west": 1 * hour,
	"cet": 1 * hour, "cest": 2 * hour, "met": 1 * hour, "mest": 2 * hour, "mez": 1 * hour, "mesz": 2 * hour,
	"eet": 2 * hour, "eest": 3 * hour, "msk": 3 * hour, "sast": 2 * hour,
	"pkt": 5 * hour, "ict": 7 * hour, "wib": 7 * hour, "sgt": 8 * hour, "hkt": 8 * hour,
	"awst": 8 * hour, "pht": 8 * hour, "jst": 9 * hour, "kst": 9 * hour,
	"acst": 9*hour + 1800, "acdt": 10*hour + 1800, "aest": 10 * hour, "aedt": 11 * hour,
	"nzst": 12 * hour, "nzdt": 13 * hour,
}

// spelledZones are North American zones written out ("Eastern Standard
// Time", "Pacific Daylight Time", "Atlantic Time"), at their standard
// offset; "Daylight" adds the hour.
var spelledZones = map[string]int{
	"eastern": -5 * hour, "central": -6 * hour, "mountain": -7 * hour, "pacific": -8 * hour,
	"alaska": -9 * hour, "hawaii": -10 * hour, "atlantic": -4 * hour, "newfoundland": -3*hour - 1800,
}
