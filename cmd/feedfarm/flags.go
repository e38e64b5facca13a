package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"
)

// maxDuration bounds how long a farm may run, so a forgotten one stops by
// itself.
const maxDuration = 30 * time.Minute

type options struct {
	n        int
	seed     uint64
	addr     string // validated loopback host:port
	config   string
	dir      string
	cache    string
	noCache  bool
	gzip     bool
	duration time.Duration
	floor    bool
	workers  int
	// changed feeds (1..changed) are served from changedSeed instead: a
	// cycle in which a few feeds have new posts.
	changed     int
	changedSeed uint64
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("feedfarm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.n, "n", 1000, "number of feeds, served at /feeds/1 ... /feeds/N")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed; the same seed serves the same bytes")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "listen address; loopback only (port 0 picks a free one)")
	fs.StringVar(&o.config, "config", "", "write a Tributary config listing the feeds to this file")
	fs.StringVar(&o.dir, "dir", "", "directory for Tributary's output and database in the config, or the floor's database (default: a new temp dir)")
	fs.StringVar(&o.cache, "cache", "", "directory for generated bodies, reusable across runs with the same seed (default: a temp dir removed at exit)")
	fs.BoolVar(&o.noCache, "no-cache", false, "generate each body on request instead of from the cache (costs CPU during the measured run)")
	fs.BoolVar(&o.gzip, "gzip", false, "gzip bodies for clients that accept it")
	fs.DurationVar(&o.duration, "duration", maxDuration, "stop serving after this long (at most 30m)")
	fs.BoolVar(&o.floor, "floor", false, "measure the floor (parse with gofeed + insert into SQLite) instead of serving")
	fs.IntVar(&o.workers, "workers", 0, "floor: parsing goroutines (default GOMAXPROCS)")
	fs.IntVar(&o.changed, "changed", 0, "serve feeds 1 ... K from -changed-seed: a cycle in which K feeds changed")
	fs.Uint64Var(&o.changedSeed, "changed-seed", 0, "seed of the changed feeds (default: -seed + 1)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, usageError{"help requested"}
		}
		return o, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected arguments: %q", fs.Args())
	}
	if o.n < 1 || o.n > 1_000_000 {
		return o, usagef("-n %d: want 1 to 1000000 feeds", o.n)
	}
	if o.duration <= 0 || o.duration > maxDuration {
		return o, usagef("-duration %s: want more than 0 and at most %s", o.duration, maxDuration)
	}
	if o.changed < 0 || o.changed > o.n {
		return o, usagef("-changed %d: want 0 to -n (%d)", o.changed, o.n)
	}
	if o.changedSeed == 0 {
		o.changedSeed = o.seed + 1
	}
	if o.workers < 0 {
		return o, usagef("-workers %d: want 0 or more", o.workers)
	}
	addr, err := loopbackAddr(o.addr)
	if err != nil {
		return o, usageError{err.Error()}
	}
	o.addr = addr
	return o, nil
}

// loopbackAddr accepts host:port only when host is a loopback IP literal or
// "localhost" (taken as 127.0.0.1, without asking a resolver): the farm must
// never be reachable from another machine.
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() || ip.Zone() != "" {
		return "", fmt.Errorf("-addr %q: the farm listens on loopback only (127.0.0.0/8 or [::1])", addr)
	}
	return net.JoinHostPort(ip.String(), port), nil
}
