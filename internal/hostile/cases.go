package hostile

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Want is what Tributary must make of a source.
type Want int

// The outcomes a case can demand.
const (
	// Fail: the fetch or parse fails; the error is recorded on the source
	// and nothing is stored for it.
	Fail Want = iota + 1
	// Clean: the source succeeds and its entries are published, with every
	// unsafe thing removed; at least Case.Entries are stored.
	Clean
	// Exact: the source succeeds with exactly Case.Entries stored.
	Exact
)

func (w Want) String() string {
	switch w {
	case Fail:
		return "fail"
	case Clean:
		return "clean"
	case Exact:
		return "exact"
	}
	return "Want(" + strconv.Itoa(int(w)) + ")"
}

// Case is one source of the hostile server and what Tributary must do with
// it.
type Case struct {
	Name  string // source name, and the first path segment of its URL
	URL   string // absolute URL to configure
	About string // what the source does
	Want  Want
	// Entries is the number of entries stored: exactly for Exact, at least
	// for Clean.
	Entries int
	// Err is a lower-case substring the recorded error must contain (Fail).
	Err string
	// Status is the HTTP status the source's state must record (Fail); 0
	// means not checked.
	Status int
	// RetryAfter is the least delay before the next attempt the source's
	// state must show (a server's Retry-After honoured).
	RetryAfter time.Duration
	// Gone marks a 410: the state must say the feed is gone.
	Gone bool
	// Published lists title substrings that must each appear in some entry
	// of the merged feed.
	Published []string
	// PerFeedCap: exactly limits.entries_per_feed entries are stored (the
	// feed holds more); Entries is then ignored.
	PerFeedCap bool
	// MaxEntryBytes: no stored entry's content plus summary may exceed
	// limits.entry_size.
	MaxEntryBytes bool
	// Good marks the well-behaved sources.
	Good bool

	handler http.HandlerFunc
}

// serveBody answers with a fixed body and content type.
func serveBody(ctype, body string) http.HandlerFunc {
	return serveBytes(ctype, func() []byte { return []byte(body) })
}

// serveBytes answers with a body built on each request, so large bodies are
// not kept in memory between requests.
func serveBytes(ctype string, body func() []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b := body()
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	}
}

func redirect(status int, to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", to)
		w.WriteHeader(status)
	}
}

// titles returns the markers of entries 1..n of a case.
func titles(name string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = Marker(name, i+1)
	}
	return out
}

const rssType = "application/rss+xml; charset=utf-8"

// goodCases are the two well-behaved sources: all their entries must be
// published.
func goodCases(s *Server) []Case {
	var good []string
	for i := 1; i <= 6; i++ {
		good = append(good, fmt.Sprintf("Good RSS post %d", i))
	}
	var goodA []string
	for i := 1; i <= 6; i++ {
		goodA = append(goodA, fmt.Sprintf("Good Atom post %d", i))
	}
	return []Case{
		{Name: "good-rss", About: "a realistic WordPress RSS 2.0 feed", Want: Exact, Entries: 6, Good: true,
			Published: good, handler: serveBody(rssType, goodRSS("good-rss"))},
		{Name: "good-atom", About: "a realistic Blogger Atom 1.0 feed", Want: Exact, Entries: 6, Good: true,
			Published: goodA, handler: serveBody("application/atom+xml", goodAtom("good-atom"))},
	}
}

// hostileCases is the table of hostile and broken sources.
func hostileCases(s *Server) []Case {
	secret := func(what string) string { return s.URL + "/secret/" + what }
	var cs []Case
	add := func(c Case) { cs = append(cs, c) }

	// XML attacks: nothing is expanded or fetched, the feed still reads.
	add(Case{Name: "billion-laughs", About: "entity-expansion bomb in the internal subset", Want: Exact, Entries: 2,
		Published: titles("billion-laughs", 2),
		handler: serveBody(rssType, rss(`<!DOCTYPE rss [<!ENTITY lol "lol">`+
			`<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`+
			`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">`+
			`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">`+
			`<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">`+
			`<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">`+
			`<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">`+
			`<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">`+
			`<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">`+
			`<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`+"\n",
			"Laughs &lol9;",
			item{guid: "urn:hostile:billion-laughs:1", title: Marker("billion-laughs", 1) + " &lol9;", link: "https://ok.example/bl/1",
				date: feedDate.Format(time.RFC1123Z), desc: "&lol9;&lol9;&lol9;&lol9;"},
			item{guid: "urn:hostile:billion-laughs:2", title: Marker("billion-laughs", 2), link: "https://ok.example/bl/2",
				date: feedDate.Format(time.RFC1123Z), desc: strings.Repeat("&lol9;", 1000)}))})
	add(Case{Name: "quadratic-blowup", About: "one 64 KB entity referenced 20000 times", Want: Exact, Entries: 1,
		Published: titles("quadratic-blowup", 1),
		handler: serveBytes(rssType, func() []byte {
			return []byte(rss(`<!DOCTYPE rss [<!ENTITY a "`+strings.Repeat("x", 64<<10)+`">]>`+"\n", "Quadratic",
				item{guid: "urn:hostile:quadratic-blowup:1", title: Marker("quadratic-blowup", 1), link: "https://ok.example/qb/1",
					date: feedDate.Format(time.RFC1123Z), desc: strings.Repeat("&a;", 20000)}))
		})})
	add(Case{Name: "xxe-file", About: `external entity SYSTEM "file:///etc/passwd"`, Want: Exact, Entries: 1,
		Published: titles("xxe-file", 1),
		handler: serveBody(rssType, rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`+"\n", "XXE &xxe;",
			item{guid: "urn:hostile:xxe-file:1", title: Marker("xxe-file", 1) + " &xxe;", link: "https://ok.example/xxe/1",
				date: feedDate.Format(time.RFC1123Z), desc: "&xxe;"}))})
	add(Case{Name: "xxe-http", About: "external entity and external DTD on the server's secret URL", Want: Exact, Entries: 1,
		Published: titles("xxe-http", 1),
		handler: func(w http.ResponseWriter, r *http.Request) {
			serveBody(rssType, rss(`<!DOCTYPE rss SYSTEM "`+secret("dtd")+`" [<!ENTITY xxe SYSTEM "`+secret("entity")+`">]>`+"\n", "XXE",
				item{guid: "urn:hostile:xxe-http:1", title: Marker("xxe-http", 1) + " &xxe;", link: "https://ok.example/xxe/2",
					date: feedDate.Format(time.RFC1123Z), desc: "&xxe;"}))(w, r)
		}})
	add(Case{Name: "xxe-parameter", About: "parameter entity pulling a remote DTD (out-of-band XXE)", Want: Exact, Entries: 1,
		Published: titles("xxe-parameter", 1),
		handler: func(w http.ResponseWriter, r *http.Request) {
			serveBody(rssType, rss(`<!DOCTYPE rss [<!ENTITY % remote SYSTEM "`+secret("parameter")+`"> %remote; <!ENTITY % file SYSTEM "file:///etc/passwd">]>`+"\n", "XXE param",
				item{guid: "urn:hostile:xxe-parameter:1", title: Marker("xxe-parameter", 1), link: "https://ok.example/xxe/3",
					date: feedDate.Format(time.RFC1123Z), desc: "%file;"}))(w, r)
		}})
	add(Case{Name: "xinclude", About: "XInclude of /etc/passwd and of the secret URL", Want: Exact, Entries: 1,
		Published: titles("xinclude", 1),
		handler: func(w http.ResponseWriter, r *http.Request) {
			inc := `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>` +
				`<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="` + secret("xinclude") + `" parse="text"/>`
			serveBody(rssType, rss("", "XInclude",
				item{guid: "urn:hostile:xinclude:1", title: Marker("xinclude", 1), link: "https://ok.example/xi/1",
					date: feedDate.Format(time.RFC1123Z), desc: "included:", extra: inc}))(w, r)
		}})
	add(Case{Name: "xml-stylesheet", About: "xml-stylesheet PI pointing at the secret URL", Want: Exact, Entries: 1,
		Published: titles("xml-stylesheet", 1),
		handler: func(w http.ResponseWriter, r *http.Request) {
			serveBody(rssType, rss(`<?xml-stylesheet type="text/xsl" href="`+secret("xsl")+`"?>`+"\n", "Stylesheet",
				item{guid: "urn:hostile:xml-stylesheet:1", title: Marker("xml-stylesheet", 1), link: "https://ok.example/xsl/1",
					date: feedDate.Format(time.RFC1123Z), desc: "styled"}))(w, r)
		}})

	// Size bombs: cut off at the body cap, never read to the end.
	add(Case{Name: "huge-body", About: "an 8 GiB chunked body generated as it is read", Want: Fail, Err: "body too large",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			s.streamed(w, r, []byte(rss("", "Huge", simpleItems("huge-body", 3, feedDate)...)[:200]),
				bytes.Repeat([]byte("<item><title>more</title></item>\n"), 2000), 8<<30)
		}})
	add(Case{Name: "huge-length", About: "a declared Content-Length of 5 GB", Want: Fail, Err: "body too large",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.Header().Set("Content-Length", "5000000000")
			s.streamed(w, r, []byte("<rss><channel>"), bytes.Repeat([]byte(" "), 64<<10), 5000000000)
		}})
	add(Case{Name: "gzip-bomb", About: "gzip members inflating to 16 GiB of one letter", Want: Fail, Err: "body too large",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.Header().Set("Content-Encoding", "gzip")
			head := gzipMember([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
			member := gzipMember(bytes.Repeat([]byte("A"), 16<<20))
			// 1024 members of 16 MiB: 16 GiB inflated from about 16 MB.
			s.streamed(w, r, head, member, int64(len(head))+1024*int64(len(member)))
		}})
	add(Case{Name: "gzip-empty-members", About: "an endless stream of empty gzip members", Want: Fail, Err: "body too large",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.Header().Set("Content-Encoding", "gzip")
			s.streamed(w, r, gzipMember([]byte("<rss><channel>")), bytes.Repeat(gzipMember(nil), 1000), 4<<30)
		}})
	add(Case{Name: "bad-gzip", About: "Content-Encoding gzip over a plain body", Want: Fail, Err: "gzip",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write([]byte(rss("", "not gzip", simpleItems("bad-gzip", 1, feedDate)...)))
		}})
	add(Case{Name: "unknown-encoding", About: "Content-Encoding br, never asked for", Want: Fail, Err: "encoding",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.Header().Set("Content-Encoding", "br")
			_, _ = w.Write([]byte("\x1b\x00\x00\x00garbage"))
		}})
	add(Case{Name: "huge-header", About: "a 1 MiB response header", Want: Fail, Err: "header",
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, rw, done, err := s.hijack(w)
			if err != nil {
				return
			}
			defer done(false)
			_ = conn
			fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n", rssType)
			for i := 0; i < 1024; i++ {
				fmt.Fprintf(rw, "X-Pad-%d: %s\r\n", i, strings.Repeat("a", 1000))
			}
			rw.WriteString("Content-Length: 20\r\n\r\n<rss><channel/></rss>")
			_ = rw.Flush()
		}})

	// Time: every one of these is cut off at fetch.timeout.
	add(Case{Name: "slow-trickle", About: "a feed sent one byte a second", Want: Fail, Err: "timed out",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", rssType)
			w.WriteHeader(http.StatusOK)
			rc := http.NewResponseController(w)
			deadline := time.Now().Add(MaxHandlerTime)
			body := rss("", "Slow", simpleItems("slow-trickle", 2, feedDate)...)
			for i := 0; i < len(body); i++ {
				if _, err := w.Write([]byte{body[i]}); err != nil {
					return
				}
				_ = rc.Flush()
				if !s.wait(r, deadline, time.Second) {
					return
				}
			}
		}})
	add(Case{Name: "slow-headers", About: "response headers sent one byte a second", Want: Fail, Err: "timed out",
		handler: func(w http.ResponseWriter, r *http.Request) {
			_, rw, done, err := s.hijack(w)
			if err != nil {
				return
			}
			defer done(false)
			deadline := time.Now().Add(MaxHandlerTime)
			head := "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: " + strings.Repeat("z", 100) + "\r\n\r\n"
			for i := 0; i < len(head); i++ {
				if rw.WriteByte(head[i]) != nil || rw.Flush() != nil {
					return
				}
				if !s.wait(r, deadline, time.Second) {
					return
				}
			}
		}})
	add(Case{Name: "silent", About: "reads the request, never answers", Want: Fail, Err: "timed out",
		handler: func(w http.ResponseWriter, r *http.Request) {
			s.wait(r, time.Now().Add(MaxHandlerTime), MaxHandlerTime)
		}})
	add(Case{Name: "silent-tcp", URL: s.SilentURL, About: "a TCP listener that accepts and never speaks", Want: Fail, Err: "timed out"})

	// Redirects.
	add(Case{Name: "redirect-loop", About: "a redirects to b, b to a", Want: Fail, Err: "redirect loop",
		handler: func(w http.ResponseWriter, r *http.Request) {
			to := "/redirect-loop/b"
			if strings.HasSuffix(r.URL.Path, "/b") {
				to = "/redirect-loop/a"
			}
			redirect(http.StatusFound, to)(w, r)
		}})
	add(Case{Name: "redirect-self", About: "a URL that redirects to itself", Want: Fail, Err: "redirect loop",
		handler: redirect(http.StatusMovedPermanently, "/redirect-self")})
	add(Case{Name: "redirect-chain-15", About: "15 redirects before the feed", Want: Fail, Err: "too many redirects",
		handler: chain(s, "redirect-chain-15", 15, func(int) int { return http.StatusFound })})
	for _, rc := range []struct {
		name   string
		status func(i int) int
	}{
		{"redirect-301", func(int) int { return http.StatusMovedPermanently }},
		{"redirect-302", func(int) int { return http.StatusFound }},
		{"redirect-308", func(int) int { return http.StatusPermanentRedirect }},
		{"redirect-mixed", func(i int) int {
			return []int{http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusSeeOther, http.StatusPermanentRedirect}[i%4]
		}},
	} {
		add(Case{Name: rc.name, About: "a chain of 4 redirects to a small feed", Want: Exact, Entries: 3,
			Published: titles(rc.name, 3), handler: chain(s, rc.name, 4, rc.status)})
	}
	for _, rc := range []struct{ name, to, about string }{
		{"redirect-metadata", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "redirect to the cloud metadata endpoint"},
		{"redirect-private", "http://10.0.0.1/feed.xml", "redirect to a private address"},
		{"redirect-localhost", fmt.Sprintf("http://localhost:%d/secret/localhost", s.Port), "redirect to the name localhost (this very server)"},
		{"redirect-loopback-v6", fmt.Sprintf("http://[::1]:%d/secret/ipv6", s.Port), "redirect to the IPv6 loopback"},
		{"redirect-zero", fmt.Sprintf("http://0.0.0.0:%d/secret/zero", s.Port), "redirect to 0.0.0.0, which Linux connects to loopback"},
		{"redirect-mapped", fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/secret/mapped", s.Port), "redirect to an IPv4-mapped loopback"},
	} {
		add(Case{Name: rc.name, About: rc.about, Want: Fail, Err: "non-public address refused",
			handler: redirect(http.StatusFound, rc.to)})
	}
	add(Case{Name: "redirect-file", About: "redirect to file:///etc/passwd", Want: Fail, Err: "unsupported url scheme",
		handler: redirect(http.StatusFound, "file:///etc/passwd")})
	add(Case{Name: "redirect-gopher", About: "redirect to gopher://", Want: Fail, Err: "unsupported url scheme",
		handler: redirect(http.StatusMovedPermanently, fmt.Sprintf("gopher://127.0.0.1:%d/_GET%%20/secret/gopher", s.Port))})
	add(Case{Name: "redirect-no-location", About: "a 302 without Location", Want: Fail, Status: http.StatusFound, Err: "302",
		handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusFound) }})

	// Statuses.
	add(Case{Name: "status-429", About: "429 with Retry-After: 7200", Want: Fail, Status: 429, RetryAfter: 2 * time.Hour, Err: "429",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7200")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}})
	add(Case{Name: "status-503", About: "503 with Retry-After as a date three hours ahead", Want: Fail, Status: 503, RetryAfter: 2*time.Hour + 50*time.Minute, Err: "503",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(3*time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		}})
	add(Case{Name: "status-500-huge", About: "500 with an endless error page", Want: Fail, Status: 500, Err: "500",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			s.streamed(w, r, []byte("<html><body>"), bytes.Repeat([]byte("error "), 10000), 4<<30)
		}})
	add(Case{Name: "status-404", About: "404 Not Found", Want: Fail, Status: 404, Err: "404",
		handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }})
	add(Case{Name: "status-410", About: "410 Gone", Want: Fail, Status: 410, Gone: true, Err: "410",
		handler: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) }})
	add(Case{Name: "status-204", About: "204 No Content", Want: Fail, Err: "not a feed",
		handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }})
	add(Case{Name: "empty-200", About: "200 with an empty body", Want: Fail, Err: "not a feed",
		handler: serveBody(rssType, "")})

	// Broken transfers and bodies.
	add(Case{Name: "reset-mid-body", About: "Content-Length promises more, then the connection is reset", Want: Fail,
		handler: func(w http.ResponseWriter, r *http.Request) {
			_, rw, done, err := s.hijack(w)
			if err != nil {
				return
			}
			body := rss("", "Reset", simpleItems("reset-mid-body", 5, feedDate)...)
			fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", rssType, len(body), body[:len(body)/2])
			_ = rw.Flush()
			done(true)
		}})
	add(Case{Name: "reset-chunked", About: "a chunked body whose connection is reset before the last chunk", Want: Fail,
		handler: func(w http.ResponseWriter, r *http.Request) {
			_, rw, done, err := s.hijack(w)
			if err != nil {
				return
			}
			body := rss("", "Reset", simpleItems("reset-chunked", 5, feedDate)...)
			half := body[:len(body)*2/3]
			fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", rssType, len(half), half)
			_ = rw.Flush()
			done(true)
		}})
	add(Case{Name: "truncated-xml", About: "a complete response whose document stops inside the sixth item", Want: Exact, Entries: 5,
		Published: titles("truncated-xml", 5),
		handler: func(w http.ResponseWriter, r *http.Request) {
			body := rss("", "Truncated", simpleItems("truncated-xml", 8, feedDate)...)
			cut := 0
			for i := 0; i < 6; i++ {
				cut += strings.Index(body[cut:], "<item>") + 1
			}
			serveBody(rssType, body[:cut+40])(w, r)
		}})
	add(Case{Name: "html-page", About: "an HTML page instead of a feed", Want: Fail, Err: "not a feed",
		handler: serveBody("application/rss+xml", "<!DOCTYPE html><html><head><title>Blog</title></head><body><script>alert(1)</script><p>Welcome</p></body></html>")})
	add(Case{Name: "json-garbage", About: "JSON that is not a JSON Feed", Want: Fail, Err: "not a feed",
		handler: serveBody("application/json", `{"status":"ok","data":[1,2,{"items":null}],"x":"\u0000"}`)})
	add(Case{Name: "binary", About: "a PNG image served as a feed", Want: Fail, Err: "not a feed",
		handler: serveBody("application/rss+xml", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")})
	add(Case{Name: "wrong-encoding", About: "declares ISO-8859-1 in the prolog and windows-1251 in the header, is UTF-8", Want: Exact, Entries: 2,
		Published: titles("wrong-encoding", 2),
		handler: serveBody("application/rss+xml; charset=windows-1251", strings.Replace(
			rss("", "Ça va — naïve “quotes”", item{guid: "urn:hostile:wrong-encoding:1", title: Marker("wrong-encoding", 1) + " café déjà vu 日本語", date: feedDate.Format(time.RFC1123Z), link: "https://ok.example/we/1"},
				item{guid: "urn:hostile:wrong-encoding:2", title: Marker("wrong-encoding", 2) + " Ελληνικά", date: feedDate.Format(time.RFC1123Z), link: "https://ok.example/we/2"}),
			`encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1))})
	add(Case{Name: "invalid-utf8", About: "declared UTF-8 with invalid, overlong and surrogate byte sequences", Want: Exact, Entries: 2,
		Published: titles("invalid-utf8", 2),
		handler: serveBody(rssType, rss("", "Bad \xff\xfe bytes",
			item{guid: "urn:hostile:invalid-utf8:1", title: Marker("invalid-utf8", 1) + " \xc0\xaf overlong \xed\xa0\x80 surrogate", date: feedDate.Format(time.RFC1123Z), link: "https://ok.example/iu/1", desc: "\xff\xfe\xfd bad \xe2\x82"},
			item{guid: "urn:hostile:invalid-utf8:2", title: Marker("invalid-utf8", 2) + " trailing \xe2", date: feedDate.Format(time.RFC1123Z), link: "https://ok.example/iu/2", desc: "ok"}))})
	add(Case{Name: "utf16-no-bom", About: "a UTF-16LE document without a byte order mark", Want: Exact, Entries: 2,
		Published: titles("utf16-no-bom", 2),
		handler: serveBytes("application/rss+xml", func() []byte {
			doc := strings.Replace(rss("", "UTF-16 ☃", simpleItems("utf16-no-bom", 2, feedDate)...), `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
			var b bytes.Buffer
			for _, u := range utf16.Encode([]rune(doc)) {
				b.WriteByte(byte(u))
				b.WriteByte(byte(u >> 8))
			}
			return b.Bytes()
		})})

	// Volume and structure.
	add(Case{Name: "entries-100k", About: "100 000 small items in 13.6 MiB (fetch.max_body must allow that; limits.entries_per_feed applies)", Want: Exact, PerFeedCap: true,
		handler: serveBytes(rssType, func() []byte { return manyEntriesRSS("entries-100k", 100000) })})
	add(Case{Name: "deep-nesting", About: "100 000 nested elements", Want: Fail, Err: "too deep",
		handler: serveBytes(rssType, func() []byte { return deepXML(100000) })})
	add(Case{Name: "deep-json", About: "a JSON Feed nesting 100 000 arrays", Want: Fail,
		handler: serveBytes("application/feed+json", func() []byte { return deepJSON(100000) })})
	add(Case{Name: "huge-entry", About: "one 3 MiB entry (over limits.entry_size)", Want: Exact, Entries: 1, MaxEntryBytes: true,
		Published: titles("huge-entry", 1),
		handler:   serveBytes(rssType, func() []byte { return []byte(hugeEntryRSS("huge-entry", 3<<20)) })})
	add(Case{Name: "identical-1000", About: "the same item 1000 times", Want: Exact, Entries: 1,
		handler: serveBytes(rssType, func() []byte { return []byte(identicalRSS("identical-1000", 1000)) })})
	add(Case{Name: "duplicate-guids", About: "five guids, each used twice with different titles", Want: Exact, Entries: 5,
		Published: titles("duplicate-guids", 5),
		handler:   serveBody(rssType, duplicateGUIDsRSS("duplicate-guids"))})
	add(Case{Name: "absurd-dates", About: "years 0001, 9999, 1970, 2038, garbage and overflowing dates", Want: Exact, Entries: 10,
		handler: serveBody(rssType, absurdDatesRSS("absurd-dates"))})

	// Script injection and control characters in every field.
	add(Case{Name: "xss-rss", About: "XSS payloads in every RSS 2.0 field", Want: Clean, Entries: len(Payloads),
		Published: titles("xss-rss", len(Payloads)), handler: serveBody(rssType, xssRSS("xss-rss"))})
	add(Case{Name: "xss-atom", About: "XSS payloads in every Atom 1.0 field", Want: Clean, Entries: len(Payloads),
		Published: titles("xss-atom", len(Payloads)), handler: serveBody("application/atom+xml", xssAtom("xss-atom"))})
	add(Case{Name: "xss-json", About: "XSS payloads in every JSON Feed field", Want: Clean, Entries: len(Payloads),
		Published: titles("xss-json", len(Payloads)), handler: serveBody("application/feed+json", xssJSON("xss-json"))})
	add(Case{Name: "control-chars", About: "C0, C1, bidi and noncharacters, raw and as references", Want: Clean, Entries: 4,
		Published: titles("control-chars", 4), handler: serveBody(rssType, controlsRSS("control-chars"))})
	return cs
}

// chain serves name/0 .. name/hops-1 as redirects, each to the next, and
// name/hops as a small feed of three entries.
func chain(s *Server, name string, hops int, status func(i int) int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		i := 0
		if rest, ok := strings.CutPrefix(r.URL.Path, "/"+name+"/"); ok {
			n, err := strconv.Atoi(rest)
			if err != nil || n < 0 || n > hops {
				http.NotFound(w, r)
				return
			}
			i = n
		}
		if i < hops {
			redirect(status(i), fmt.Sprintf("%s/%s/%d", s.URL, name, i+1))(w, r)
			return
		}
		serveBody(rssType, rss("", "End of "+name, simpleItems(name, 3, feedDate)...))(w, r)
	}
}
