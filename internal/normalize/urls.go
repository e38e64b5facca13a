package normalize

import (
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/tributary/tributary/internal/urlref"
)

// trackingParam reports query parameters that identify a campaign, a
// click or a subscriber rather than a resource: two links differing only in
// them are the same post. utm_* (Google Analytics) and mtm_* (Matomo) are
// families.
func trackingParam(key string) bool {
	k, err := url.QueryUnescape(key)
	if err != nil {
		k = key
	}
	k = strings.ToLower(k)
	if strings.HasPrefix(k, "utm_") || strings.HasPrefix(k, "mtm_") {
		return true
	}
	switch k {
	case "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid",
		"mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "_hsenc", "_hsmi",
		"__hstc", "__hssc", "__hsfp", "hsctatracking", "igshid", "yclid",
		"twclid", "ttclid", "li_fat_id", "mkt_tok", "_openstat", "oly_anon_id",
		"oly_enc_id", "vero_id", "vero_conv", "wickedid", "rb_clickid", "s_cid",
		"srsltid", "_ga", "_gl", "ck_subscriber_id", "pk_campaign", "pk_kwd",
		"pk_source", "pk_medium", "pk_content":
		return true
	}
	return false
}

// CanonicalURL returns the comparison form of a link, so that two spellings
// of one address compare equal; it is a key, not a link to publish. The
// form is "https://host[:port]/path[?query]":
//   - http and https are the same resource on every real blog, so the
//     scheme is always https, and both default ports (80, 443) go;
//   - the host is lower-cased, loses a trailing dot and a leading "www."
//     (sites serve both and feeds mix them); IPv6 literals are
//     canonicalised; internationalised names are lower-cased but not
//     converted to or from punycode, so the two spellings stay distinct;
//   - user info and the fragment are dropped;
//   - percent-encoding is normalised: escapes of unreserved characters are
//     decoded, other escapes upper-cased, characters that need escaping
//     escaped;
//   - the path loses dot segments, repeated slashes and any trailing slash
//     (an empty path is "/");
//   - tracking parameters (utm_*, fbclid, gclid, ref, mc_cid...) are
//     removed and the rest sorted by key, then value; '+' is kept as
//     written.
//
// It returns "" for anything that is not an http(s) URL with a valid host.
// CanonicalURL is idempotent.
func CanonicalURL(raw string) string {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' || unicode.IsSpace(r) })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if !urlref.WebScheme(urlref.Scheme(s)) {
		return ""
	}
	rest := s[strings.IndexByte(s, ':')+1:]
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	query, hasQuery := "", false
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query, hasQuery = rest[:i], rest[i+1:], true
	}
	rest = strings.ReplaceAll(rest, `\`, "/")
	if !strings.HasPrefix(rest, "//") {
		return ""
	}
	rest = strings.TrimLeft(rest, "/")
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	host := canonicalHost(authority)
	if host == "" {
		return ""
	}
	out := "https://" + host + canonicalPath(path)
	if hasQuery {
		if q := canonicalQuery(query); q != "" {
			out += "?" + q
		}
	}
	return out
}

// canonicalHost returns the host[:port] of an authority in canonical form,
// or "" when it is not a valid host.
func canonicalHost(auth string) string {
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	host, port := auth, ""
	if strings.HasPrefix(auth, "[") {
		end := strings.IndexByte(auth, ']')
		if end < 0 {
			return ""
		}
		host, port = auth[:end+1], auth[end+1:]
		if port != "" && port[0] != ':' {
			return ""
		}
		port = strings.TrimPrefix(port, ":")
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return ""
		}
		host = "[" + addr.String() + "]"
	} else {
		if i := strings.LastIndexByte(auth, ':'); i >= 0 {
			host, port = auth[:i], auth[i+1:]
		}
		host = strings.TrimSuffix(strings.ToLower(host), ".")
		if !validHostname(host) {
			return ""
		}
		// Repeatedly, so that the result is stable: "www.www.x.com" would
		// otherwise lose one prefix per call.
		for {
			rest, ok := strings.CutPrefix(host, "www.")
			if !ok || !strings.Contains(rest, ".") {
				break
			}
			host = rest
		}
	}
	if port != "" {
		if len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return ""
		}
		n, _ := strconv.Atoi(port)
		if n > 65535 {
			return ""
		}
		if n != 80 && n != 443 {
			host += ":" + strconv.Itoa(n)
		}
	}
	return host
}

// validHostname accepts dot-separated labels of letters (any script),
// digits, '-' and '_'.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" {
			return false
		}
		for _, r := range label {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// canonicalPath normalises a path's escapes and removes dot segments, empty
// segments and the trailing slash.
func canonicalPath(p string) string {
	p = normalizeEscapes(p, pathChar)
	var segs []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, seg)
		}
	}
	return "/" + strings.Join(segs, "/")
}

// canonicalQuery drops tracking parameters, normalises escapes and sorts
// what remains.
func canonicalQuery(q string) string {
	type param struct{ key, val string }
	var params []param
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		key, val, hasVal := strings.Cut(part, "=")
		key = normalizeEscapes(key, queryKeyChar)
		if trackingParam(key) {
			continue
		}
		if hasVal {
			val = "=" + normalizeEscapes(val, queryValChar)
		}
		params = append(params, param{key, val})
	}
	slices.SortStableFunc(params, func(a, b param) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.val, b.val)
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		b.WriteString(p.val)
	}
	return b.String()
}

func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func subDelim(c byte) bool { return strings.IndexByte("!$&'()*+,;=", c) >= 0 }

// pathChar, queryKeyChar and queryValChar report the bytes RFC 3986 allows
// unescaped in each component ('&' and '=' separate query parameters).
func pathChar(c byte) bool {
	return unreserved(c) || subDelim(c) || c == ':' || c == '@' || c == '/'
}

func queryValChar(c byte) bool {
	return c != '&' && (pathChar(c) || c == '?')
}

func queryKeyChar(c byte) bool { return c != '=' && queryValChar(c) }

// normalizeEscapes decodes escapes of unreserved characters, upper-cases the
// others, and escapes every byte allowed rejects (a '%' that starts no
// escape becomes "%25").
func normalizeEscapes(s string, allowed func(byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && urlref.IsHex(s[i+1]) && urlref.IsHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[v>>4])
				b.WriteByte(hex[v&15])
			}
			i += 2
		case c != '%' && allowed(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
