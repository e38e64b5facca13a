package server

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"
)

// indexFile is what a path ending in "/" serves.
const indexFile = "index.html"

// serveFile answers a GET or HEAD for one output from the current snapshot.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	snap := s.snap.Load()
	if snap == nil {
		h := w.Header()
		h["Retry-After"] = []string{"5"}
		h["Cache-Control"] = hdrNoStore
		http.Error(w, "outputs not loaded yet", http.StatusServiceUnavailable)
		return
	}
	name, ok := resolve(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, ok := snap.File(name)
	if !ok {
		http.NotFound(w, r)
		return
	}

	gz := f.Gzip != nil && wantsGzip(r.Header["Accept-Encoding"])
	h := w.Header()
	// Vary goes on every response, identity ones included: a shared cache
	// must not hand a stored identity body to a client that asked for gzip
	// or the reverse.
	h["Vary"] = hdrVary
	h["Cache-Control"] = s.cacheControl
	h["Last-Modified"] = f.hdrModTime
	etag := f.hdrETag
	if gz {
		etag = f.hdrGzipETag
	}
	h["Etag"] = etag

	switch code, matched := evaluate(r, f, gz); code {
	case http.StatusNotModified:
		h["Etag"] = matched
		w.WriteHeader(http.StatusNotModified)
		return
	case http.StatusPreconditionFailed:
		// An error must not be stored as if it were the resource.
		delete(h, "Cache-Control")
		http.Error(w, "precondition failed", http.StatusPreconditionFailed)
		return
	}

	h["Content-Type"] = f.hdrType
	if isHTML(f.ContentType) {
		h["Content-Security-Policy"] = hdrCSP
	}
	body := f.Body
	if gz {
		body = f.Gzip
		h["Content-Encoding"] = hdrGzip
		h["Content-Length"] = f.hdrGzipLen
	} else {
		h["Content-Length"] = f.hdrLen
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func isHTML(contentType string) bool {
	return strings.HasPrefix(contentType, "text/html")
}

// resolve maps a request path to a snapshot name. A path ending in "/"
// names that directory's index.html. Anything that is not a clean relative
// path (an empty element, ".", "..", a doubled slash) is refused outright:
// the snapshot could not hold it anyway, and refusing keeps such requests
// out of the lookup instead of cleaning them into a different name.
func resolve(p string) (string, bool) {
	if p == "" || p[0] != '/' {
		return "", false
	}
	name := p[1:]
	if name == "" || name[len(name)-1] == '/' {
		name += indexFile
	}
	if !fs.ValidPath(name) || strings.ContainsRune(name, '\\') {
		return "", false
	}
	return name, true
}

// evaluate applies the preconditions of RFC 9110 §13.2.2 in their order.
// It returns 200 to serve the body, 304 with the ETag header value to send,
// or 412.
//
// If-None-Match is compared with both variants' tags: a client holding the
// identity body that now also accepts gzip, or the reverse, still has a
// valid copy, and the 304 names the tag of the copy it holds so its cache
// freshens that entry. A tag only counts if its variant is acceptable to
// this request, so a cache never gets a 304 for a gzip copy it would hand
// to a client that cannot decode it.
func evaluate(r *http.Request, f *File, gz bool) (int, []string) {
	if v, ok := r.Header["If-Match"]; ok {
		// Strong comparison (§13.1.1); either variant reflects the current
		// state of the resource.
		if !tagListMatches(v, func(tag string, weak bool) bool {
			return tag == "*" || !weak && (tag == f.ETag || f.GzipETag != "" && tag == f.GzipETag)
		}) {
			return http.StatusPreconditionFailed, nil
		}
	} else if v := r.Header.Get("If-Unmodified-Since"); v != "" {
		if t, err := http.ParseTime(v); err == nil && f.ModTime.After(t) {
			return http.StatusPreconditionFailed, nil
		}
	}

	if v, ok := r.Header["If-None-Match"]; ok {
		selected, other, otherHdr := f.ETag, f.GzipETag, f.hdrGzipETag
		if gz {
			selected, other, otherHdr = f.GzipETag, f.ETag, f.hdrETag
		}
		// The other variant is usable when it exists and the request
		// accepts its coding; identity is only refused by an explicit q=0.
		otherOK := other != "" && (gz && identityAcceptable(r.Header["Accept-Encoding"]) ||
			!gz && wantsGzip(r.Header["Accept-Encoding"]))
		// Weak comparison (§13.1.2): W/ is ignored.
		var sawOther bool
		hit := tagListMatches(v, func(tag string, _ bool) bool {
			if tag == "*" || tag == selected {
				return true
			}
			if otherOK && tag == other {
				sawOther = true
			}
			return false
		})
		switch {
		case hit:
			return http.StatusNotModified, selectedHdr(f, gz)
		case sawOther:
			return http.StatusNotModified, otherHdr
		}
		return http.StatusOK, nil
	}

	if v := r.Header.Get("If-Modified-Since"); v != "" {
		// Last-Modified has whole seconds, as does an HTTP-date, so the
		// comparison is exact.
		if t, err := http.ParseTime(v); err == nil && !f.ModTime.After(t) {
			return http.StatusNotModified, selectedHdr(f, gz)
		}
	}
	return http.StatusOK, nil
}

func selectedHdr(f *File, gz bool) []string {
	if gz {
		return f.hdrGzipETag
	}
	return f.hdrETag
}

// tagListMatches walks an entity-tag list (§8.8.3: "*" or a comma list of
// optionally weak quoted tags) across all field lines and reports whether
// match accepts one. Tags are passed with their quotes, "*" as itself.
// A bare unquoted token, which some clients send, is quoted first.
func tagListMatches(lines []string, match func(tag string, weak bool) bool) bool {
	for _, s := range lines {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			weak := false
			if strings.HasPrefix(s, "W/") {
				weak, s = true, s[2:]
			}
			if s == "" {
				break // "W/" and nothing after it: no tag
			}
			var tag string
			if s[0] == '"' {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					break // unterminated: ignore the rest of the line
				}
				tag, s = s[:end+2], s[end+2:]
			} else {
				end := strings.IndexAny(s, ", \t")
				if end < 0 {
					end = len(s)
				}
				tag, s = s[:end], s[end:]
				if tag != "*" {
					tag = `"` + tag + `"`
				}
			}
			if match(tag, weak) {
				return true
			}
		}
	}
	return false
}

// codingQ returns the q-value Accept-Encoding gives coding (matched
// case-insensitively, also via its aliases), whether it is listed by name,
// and the q of "*" (-1 when absent).
func codingQ(lines []string, names ...string) (q float64, listed bool, star float64) {
	q, star = -1, -1
	for _, s := range lines {
		for s != "" {
			var elem string
			elem, s, _ = strings.Cut(s, ",")
			coding, params, _ := strings.Cut(elem, ";")
			coding = strings.TrimSpace(coding)
			if coding == "" {
				continue
			}
			eq := qValue(params)
			if coding == "*" {
				star = eq
				continue
			}
			for _, n := range names {
				if strings.EqualFold(coding, n) {
					q, listed = eq, true
				}
			}
		}
	}
	return q, listed, star
}

// qValue reads "q=" out of an element's parameters; an absent or malformed
// weight counts as 1 (§12.4.2), clamped to [0, 1].
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f > 1 {
			return 1
		}
		return max(f, 0)
	}
	return 1
}

// wantsGzip reports whether the request's Accept-Encoding field lines make
// gzip the coding to send (§12.5.3). Without the field, identity is sent:
// any coding is allowed then, but old clients that omit it may not decode.
// gzip wins unless identity is listed with a higher weight.
func wantsGzip(lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	q, listed, star := codingQ(lines, "gzip", "x-gzip")
	if !listed {
		q = star
	}
	if q <= 0 {
		return false
	}
	iq, ilisted, _ := codingQ(lines, "identity")
	return !ilisted || q >= iq
}

// identityAcceptable reports whether the request accepts an unencoded body:
// always, unless "identity;q=0", or "*;q=0" without identity listed.
func identityAcceptable(lines []string) bool {
	q, listed, star := codingQ(lines, "identity")
	if listed {
		return q > 0
	}
	return star != 0
}
