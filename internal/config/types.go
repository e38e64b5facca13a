// Package config loads Tributary's YAML configuration: defaults first, then
// a strict decode that rejects unknown keys and wrong types, then Validate.
// Every problem is reported with the file, line and key it concerns, and all
// problems are collected rather than only the first.
package config

import (
	"net/netip"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// Config is the whole configuration after defaults and validation.
type Config struct {
	File     string // path the config was read from ("" for built-in defaults)
	Feed     FeedConfig
	Output   OutputConfig
	Database string
	Fetch    FetchConfig
	Limits   LimitsConfig
	Serve    ServeConfig
	Retain   RetentionConfig
	Health   HealthConfig
	Sources  []feed.Source
	Rivers   []River // extra feeds cut from the merged posts; see rivers.go
	// lines records where each source was declared, for messages.
	lines map[string]int
}

// FeedConfig describes the merged feed Tributary publishes.
type FeedConfig struct {
	Title       string
	Subtitle    string
	ID          string
	Author      string
	AuthorEmail string
	AuthorURI   string
	URL         string // public URL of atom.xml, for rel="self"
	Link        string // public URL of the HTML page (defaults to URL's directory)
	Hub         string // optional WebSub hub to advertise and ping
}

// OutputConfig controls what is written and how much.
type OutputConfig struct {
	Dir          string
	MaxEntries   int
	MaxAge       time.Duration // 0 = no age limit
	ArchivePages int           // how many RFC 5005 archive pages to keep beyond the cap
}

// FetchConfig controls remote fetching.
type FetchConfig struct {
	Timeout        time.Duration
	ConnectTimeout time.Duration
	UserAgent      string
	Concurrency    int
	PerHost        int
	MaxBodyBytes   int64
	MaxHeaderBytes int64
	MaxRedirects   int
	AllowPrivate   bool
	// Hosts pins host names to addresses before any DNS query (fetch.hosts):
	// a name, "*.domain" for the names under it, or "*" for every other.
	Hosts         map[string][]netip.Addr
	Interval      time.Duration // default per-source interval
	MinInterval   time.Duration // lower bound for feed hints (ttl, sy:updatePeriod)
	MaxInterval   time.Duration // upper bound for hints and backoff
	RedirectAdopt int           // consecutive permanent redirects before the new URL is adopted
	FullPages     FullPagesConfig
}

// FullPagesConfig governs fetching the pages of posts whose feed carries
// only an excerpt (a source's full_content).
type FullPagesConfig struct {
	Default     bool  // full_content of every source that does not say
	Concurrency int   // pages fetched at once, after the feeds
	MaxBytes    int64 // body cap of one page (fetch.max_body still applies)
	PerRun      int   // pages fetched in one run at most; the rest wait for the next
}

// LimitsConfig bounds what one source or one run may cost.
type LimitsConfig struct {
	EntriesPerFeed int
	EntryBytes     int
	XMLDepth       int
	FileBytes      int64
	RunTimeout     time.Duration
	RunMemoryBytes int64 // soft limit handed to the Go runtime (debug.SetMemoryLimit)
}

// ServeConfig configures `tributary serve`.
type ServeConfig struct {
	Addr string
}

// Line returns the config line where the named source is declared, or 0.
func (c *Config) Line(source string) int { return c.lines[source] }

// Source returns the source with the given name.
func (c *Config) Source(name string) (feed.Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return feed.Source{}, false
}
