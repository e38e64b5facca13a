package config

import "time"

// DefaultPath is where Tributary looks for its config when neither -c nor
// TRIBUTARY_CONFIG names one.
const DefaultPath = "config/tributary.yaml"

// Default returns the configuration every key starts from.
func Default() *Config {
	return &Config{
		Feed: FeedConfig{
			Title: "Tributary",
			URL:   "http://127.0.0.1:8080/atom.xml",
		},
		Output:   OutputConfig{Dir: "public", MaxEntries: 100, ArchivePages: 10},
		Database: "data/tributary.db",
		Fetch: FetchConfig{
			Timeout:        30 * time.Second,
			ConnectTimeout: 10 * time.Second,
			Concurrency:    8,
			PerHost:        2,
			MaxBodyBytes:   10 << 20,
			MaxHeaderBytes: 64 << 10,
			MaxRedirects:   10,
			Interval:       time.Hour,
			MinInterval:    5 * time.Minute,
			MaxInterval:    24 * time.Hour,
			RedirectAdopt:  3,
			FullPages:      FullPagesConfig{Concurrency: 2, MaxBytes: 1 << 20, PerRun: 200},
		},
		Limits: LimitsConfig{
			EntriesPerFeed: 10000,
			EntryBytes:     1 << 20,
			XMLDepth:       512,
			FileBytes:      10 << 20,
			RunTimeout:     10 * time.Minute,
			RunMemoryBytes: 96 << 20,
		},
		Serve:  ServeConfig{Addr: "127.0.0.1:8080"},
		Retain: RetentionConfig{MaxAge: 365 * 24 * time.Hour, MaxPerSource: 1000},
		Health: HealthConfig{DegradedAbove: 0.5, FailingAfter: 2, ReportAfter: 7 * 24 * time.Hour},
		lines:  map[string]int{},
	}
}
