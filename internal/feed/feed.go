// Package feed holds Tributary's domain types: the sources it reads, the
// documents and entries it parses out of them, and the state it keeps per
// source. It imports nothing else from the project, so every other package
// may depend on it.
package feed

import "time"

// Source is one configured input: a remote feed (URL) or local files (Path).
type Source struct {
	Name       string        // unique, stable; part of every entry id derived for this source
	URL        string        // remote feed URL; empty for local sources
	Path       string        // local file, directory or glob; empty for remote sources
	Interval   time.Duration // how often to fetch; 0 means the global default
	Enabled    bool
	Title      string // overrides the feed's own title
	Link       string // overrides the feed's site link
	Author     string // fallback author for entries that carry none
	Priority   int    // higher wins ties when duplicates merge
	Order      int    // position in the config, the last tie-breaker
	AliasOf    string // name of another source this one mirrors (same blog)
	Tags       []string
	Include    []string // filters: an entry must match one of these (if any)
	Exclude    []string // filters: an entry matching one of these is dropped
	MaxEntries int      // 0 means no per-source cap
	Strip      []string // regular expressions of text to strip from local pages
	Files      map[string]FileMeta
	// FullContent fetches the post's page for entries that carry only an
	// excerpt, and publishes the article read from it (remote sources).
	FullContent bool
}

// Local reports whether the source reads files rather than a URL.
func (s Source) Local() bool { return s.Path != "" }

// FileMeta overrides what a local file's text cannot tell. Keyed by the
// file's base name in Source.Files.
type FileMeta struct {
	Title     string
	Link      string
	Author    string
	Published time.Time // zero when unset
	// RawPublished is Published as the config wrote it ("2025-01"), kept
	// so the precision of the date can be told from it like any source's.
	RawPublished string
	SiteName     string
	SiteLink     string
}

// Document is what one fetched or read input yields: feed-level metadata and
// the entries in document order.
type Document struct {
	Title    string
	Link     string // the site's home page, absolute
	FeedURL  string // rel="self" if the document gives one
	ID       string // atom:id or equivalent, verbatim
	Author   string
	Language string
	Updated  *time.Time
	TTL      time.Duration // update hint (RSS ttl, sy:updatePeriod); 0 if none
	Hub      string        // WebSub hub advertised by the document
	Entries  []Entry
	// Warnings say what the parser had to bend or ignore to read the
	// document (a JSON Feed field of the wrong type, say), for the caller
	// to log. The entries are complete without them.
	Warnings []string `json:",omitempty"`
}

// Entry is one post as parsed, before storage. Dates are UTC and nil when the
// source gives none that can be parsed.
type Entry struct {
	ID         string // the original id/guid, verbatim; may be empty
	Link       string // absolute permalink
	Title      string // plain text
	Authors    []string
	Categories []string
	Published  *time.Time
	Updated    *time.Time
	Content    string // HTML
	Summary    string // HTML
	// ContentBase and SummaryBase are what relative references in Content
	// and Summary resolve against, when the parser knows better than the
	// entry link: the xml:base in scope, else the document's own URL.
	// normalize resolves them while it sanitises.
	ContentBase  string `json:",omitempty"`
	SummaryBase  string `json:",omitempty"`
	Enclosures   []Enclosure
	RawPublished string // the date strings as the source wrote them
	RawUpdated   string
	Raw          string // for local files: the post's raw text, kept so better rules can re-derive it
	File         string // for local files: base name of the file it came from
}

// Enclosure is an attached media file.
type Enclosure struct {
	URL    string
	Type   string
	Length int64
}

// SourceState is what Tributary remembers about a source between runs: HTTP
// validators, the outcome of recent attempts and when it is due again.
type SourceState struct {
	Name         string
	URL          string // the URL last fetched (after an adopted redirect)
	FeedTitle    string
	FeedLink     string
	FeedID       string
	ETag         string
	LastModified string
	InputHash    string // hash of the input last read (a remote feed's body, a local source's files) and of how it was read, to skip it unchanged
	LastAttempt  time.Time
	LastSuccess  time.Time
	LastStatus   int // HTTP status of the last attempt; 0 for local sources or network errors
	LastError    string
	Failures     int // consecutive failed attempts
	FailingSince time.Time
	NextDue      time.Time
	HintInterval time.Duration // the feed's own update hint (ttl, sy:updatePeriod)
	RedirectTo   string        // a permanent redirect seen but not yet adopted
	RedirectSeen int           // how many consecutive fetches saw RedirectTo
	AdoptedURL   string        // a permanent redirect target now fetched instead of the configured URL
	Gone         bool          // the server said 410 Gone
}
