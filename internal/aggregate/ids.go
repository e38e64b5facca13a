package aggregate

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/tributary/tributary/internal/feed"
)

// IDRuleVersion names the rule that derives entry keys and public ids. A
// published id never changes, so the rule is pinned by golden tests and a
// new rule must get a new version (old entries keep their stored ids).
const IDRuleVersion = "v1"

// EntryKey is an entry's identity within its source: the feed's own id when
// it has one, else its link, else its title and date (local pages, and feeds
// that give neither).
func EntryKey(e feed.Entry, canonicalLink string) string {
	switch {
	case e.ID != "" && e.Raw == "":
		return "id:" + e.ID
	case canonicalLink != "" && e.Raw == "":
		return "link:" + canonicalLink
	default:
		return "post:" + Fingerprint(e)
	}
}

// Fingerprint hashes an entry's normalised title and published day, which
// survive a feed's change of guid scheme and permalinks.
func Fingerprint(e feed.Entry) string {
	day := ""
	if e.Published != nil {
		day = e.Published.UTC().Format(time.DateOnly)
	}
	h := sha256.Sum256([]byte(foldTitle(e.Title) + "\x00" + day))
	return hex.EncodeToString(h[:12])
}

// PublicID is the atom:id published for a new entry: the source's own id
// verbatim when it is a usable IRI, else a tag: URI (RFC 4151) derived from
// the source name and the entry key, never from position, path or mtime.
func PublicID(source, key, guid string) string {
	if usableIRI(guid) {
		return guid
	}
	h := sha256.Sum256([]byte(source + "\x00" + key))
	return "tag:tributary,2026:" + IDRuleVersion + "/" + url.PathEscape(source) + "/" + hex.EncodeToString(h[:12])
}

// usableIRI accepts ids readers can rely on as global identifiers: absolute
// URIs with a scheme, no spaces or controls, and a host for http(s).
func usableIRI(s string) bool {
	if s == "" || len(s) > 2048 {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' || r == '>' || r == '"' {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "tag", "urn":
		return u.Opaque != ""
	default:
		return false
	}
}

func foldTitle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
