package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/configedit"
	"github.com/tributary/tributary/internal/discover"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/parse"
)

func cmdAdd(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("add")
	fs := flag.NewFlagSet("add", flag.ContinueOnError)
	name := fs.String("name", "", "the source's name (default: made from the feed's title)")
	interval := fs.String("interval", "", "how often to fetch it, e.g. 30m, 6h, 1d (default: fetch.interval)")
	title := fs.String("title", "", "a title that overrides the feed's own")
	var tags []string
	fs.Func("tag", "a label for the source, used as its OPML folder (repeatable)", func(s string) error {
		if s = strings.TrimSpace(s); s == "" {
			return errors.New("empty tag")
		}
		tags = append(tags, s)
		return nil
	})
	noFetch := fs.Bool("no-fetch", false, "add a feed URL as given, without fetching or checking it")
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("add: give exactly one URL or PATH (see 'tributary add --help')")
	}
	if *interval != "" {
		if _, err := config.ParseDuration(*interval); err != nil {
			return usageError("add: --interval: %v", err)
		}
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if *name != "" {
		if !validName(*name) {
			return usageError("add: --name %q may only hold letters, digits, '.', '_' and '-', and must start with a letter or digit", *name)
		}
		if _, taken := cfg.Source(*name); taken {
			return usageError("add: there is already a source named %q in %s", *name, cfg.File)
		}
	}
	spec := configedit.SourceSpec{Name: *name, Title: *title, Interval: *interval, Tags: tags}
	target := pos[0]
	remote, err := classifyTarget(target)
	if err != nil {
		return err
	}
	var summary string
	if remote != "" {
		if remote != target {
			fmt.Fprintf(e.stdout, "taking %s as %s\n", target, remote)
		}
		summary, err = addRemote(ctx, e, cfg, remote, *noFetch, &spec)
	} else {
		summary, err = addLocal(ctx, cfg, target, &spec)
	}
	if err != nil {
		return err
	}
	if err := editConfig(cfg, func(old []byte) ([]byte, error) { return configedit.AddSource(old, spec) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %s to %s: %s\n", spec.Name, cfg.File, summary)
	fmt.Fprintf(e.stdout, "run 'tributary run %s' to fetch it now\n", spec.Name)
	return nil
}

// classifyTarget returns the http(s) URL target stands for, or "" when it
// is a local path. A bare host name ("example.org/blog") that names no
// file is taken as https.
func classifyTarget(target string) (string, error) {
	low := strings.ToLower(target)
	switch {
	case strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://"):
		return target, nil
	case strings.HasPrefix(low, "feed://"):
		return "http://" + target[len("feed://"):], nil
	case strings.HasPrefix(low, "feed:"):
		return classifyTarget(target[len("feed:"):])
	}
	if localExists(target) {
		return "", nil
	}
	if u, err := url.Parse(target); err == nil && u.Scheme != "" && u.Opaque == "" && u.Host != "" {
		return "", usageError("add: %s: only http and https feeds can be added", target)
	}
	if looksLikeHost(target) {
		return "https://" + target, nil
	}
	return "", usageError("add: %s: no such file or directory, and nothing matches it as a glob (a web address needs http:// or https://)", target)
}

var hostPattern = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(:[0-9]+)?(/.*)?$`)

func looksLikeHost(s string) bool { return hostPattern.MatchString(s) }

func localExists(p string) bool {
	if _, err := os.Stat(p); err == nil {
		return true
	}
	m, err := filepath.Glob(p)
	return err == nil && len(m) > 0
}

func addRemote(ctx context.Context, e *env, cfg *config.Config, rawURL string, noFetch bool, spec *configedit.SourceSpec) (string, error) {
	if err := refuseDuplicateURL(cfg, rawURL); err != nil {
		return "", err
	}
	if noFetch {
		spec.URL = rawURL
		if spec.Name == "" {
			spec.Name = uniqueName(cfg, nil, nameFromURL(rawURL))
		}
		return rawURL + " (not fetched)", nil
	}
	client := fetch.New(fetchOptions(cfg))
	defer client.CloseIdleConnections()
	res, err := discover.Find(ctx, client, rawURL)
	if err != nil {
		return "", &exitError{code: exitFailure, msg: "add: " + err.Error()}
	}
	reportDiscovery(e, res)
	resp := res.Response
	doc, err := parse.Feed(resp.Body, aggregate.ParseOptions(cfg.Limits, resp.URL, resp.ContentType))
	if err != nil {
		return "", &exitError{code: exitFailure, msg: fmt.Sprintf("add: %s looks like a feed but cannot be read: %v", res.Feed.URL, err)}
	}
	if err := refuseDuplicateURL(cfg, res.Feed.URL); err != nil {
		return "", err
	}
	spec.URL = res.Feed.URL
	if spec.Name == "" {
		base := slugify(doc.Title)
		if base == "" {
			base = nameFromURL(res.Feed.URL)
		}
		spec.Name = uniqueName(cfg, nil, base)
	}
	feedTitle := doc.Title
	if feedTitle == "" {
		feedTitle = "untitled"
	}
	return fmt.Sprintf("%s (%s %q, %d entries)", spec.URL, res.Feed.Kind, feedTitle, len(doc.Entries)), nil
}

// reportDiscovery says which feed was chosen and what else was there.
func reportDiscovery(e *env, res *discover.Result) {
	w := e.stdout
	for _, r := range res.Rejected {
		fmt.Fprintf(w, "skipped %s: %v\n", r.URL, r.Err)
	}
	switch {
	case res.Page == "":
		return
	case res.Feed.Via == discover.ViaPath:
		fmt.Fprintf(w, "%s declares no feed; found %s %s at a usual feed path\n", res.Page, res.Feed.Kind, res.Feed.URL)
	case len(res.Found) == 1:
		fmt.Fprintf(w, "found 1 feed at %s: %s %s\n", res.Page, res.Feed.Kind, res.Feed.URL)
	default:
		fmt.Fprintf(w, "found %d feeds at %s; chose %s %s\n", len(res.Found), res.Page, res.Feed.Kind, res.Feed.URL)
		for _, c := range res.Found {
			if c == res.Feed {
				continue
			}
			label := c.Kind.String()
			if c.Title != "" {
				label += " " + strconv.Quote(c.Title)
			}
			fmt.Fprintf(w, "  also: %s %s\n", label, c.URL)
		}
	}
}

func addLocal(ctx context.Context, cfg *config.Config, path string, spec *configedit.SourceSpec) (string, error) {
	for _, s := range cfg.Sources {
		if s.Local() && samePath(s.Path, path) {
			return "", &exitError{code: exitFailure, msg: fmt.Sprintf("add: %s is already a source: %s (path %s)", path, s.Name, s.Path)}
		}
	}
	files, _, err := fetch.ReadLocal(ctx, path, fetch.LocalOptions{MaxFileBytes: cfg.Limits.FileBytes})
	if err != nil {
		return "", &exitError{code: exitFailure, msg: fmt.Sprintf("add: %v", err)}
	}
	if len(files) == 0 {
		return "", &exitError{code: exitFailure, msg: fmt.Sprintf("add: %s holds no readable files", path)}
	}
	spec.Path = path
	if spec.Name == "" {
		spec.Name = uniqueName(cfg, nil, nameFromPath(path))
	}
	src := feed.Source{Name: spec.Name, Path: path, Enabled: true}
	docs, err := aggregate.ParseLocal(src, files, cfg.Limits)
	if err != nil {
		return "", &exitError{code: exitFailure, msg: fmt.Sprintf("add: %v", err)}
	}
	entries := 0
	for _, d := range docs {
		if d.Err == nil && d.Doc != nil {
			entries += len(d.Doc.Entries)
		}
	}
	return fmt.Sprintf("%s (%d files, %d entries)", path, len(files), entries), nil
}

// refuseDuplicateURL fails when a configured source already has rawURL's
// canonical form (scheme, host case, default port, www., fragment and
// trailing slash do not make a different feed).
func refuseDuplicateURL(cfg *config.Config, rawURL string) error {
	if s, ok := sourceByURL(cfg.Sources, rawURL); ok {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("add: %s is already a source: %s (url %s)", rawURL, s.Name, s.URL)}
	}
	return nil
}

func sourceByURL(sources []feed.Source, rawURL string) (feed.Source, bool) {
	key := normalize.CanonicalURL(rawURL)
	if key == "" {
		return feed.Source{}, false
	}
	for _, s := range sources {
		if s.URL != "" && normalize.CanonicalURL(s.URL) == key {
			return s, true
		}
	}
	return feed.Source{}, false
}

func samePath(a, b string) bool {
	abs := func(p string) string {
		if v, err := filepath.Abs(p); err == nil {
			return v
		}
		return filepath.Clean(p)
	}
	return abs(a) == abs(b)
}

// editConfig applies edit to the config file, and writes the result only
// if it loads as a valid config: a broken config is never written.
func editConfig(cfg *config.Config, edit func(old []byte) ([]byte, error)) error {
	var invalid error
	err := configedit.Update(cfg.File, func(old []byte) ([]byte, error) {
		data, err := edit(old)
		if err != nil {
			return nil, err
		}
		if _, err := config.Parse(data, cfg.File); err != nil {
			invalid = err
			return nil, err
		}
		return data, nil
	})
	switch {
	case err == nil:
		return nil
	case invalid != nil:
		return &exitError{code: exitFailure, msg: fmt.Sprintf("the edited config would not load, so %s was left unchanged:\n%v", cfg.File, invalid)}
	}
	return &exitError{code: exitFailure, msg: err.Error()}
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func validName(s string) bool { return namePattern.MatchString(s) }

// maxSlug keeps generated names short enough to type.
const maxSlug = 40

// slugify makes a source name from a title: ASCII letters and digits
// joined by single hyphens, accents dropped ("Café Society" gives
// "cafe-society"). Scripts without an ASCII form give "".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "Jane's" reads better as "janes" than "jane-s".
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// nameFromURL names a source after its host, without "www." and the
// top-level domain ("www.alice.substack.com" gives "alice-substack").
func nameFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "feed"
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if i := strings.LastIndexByte(host, '.'); i > 0 && net.ParseIP(host) == nil {
		host = host[:i]
	}
	if s := slugify(host); s != "" {
		return s
	}
	return "feed"
}

func nameFromPath(p string) string {
	p = filepath.Clean(p)
	for strings.ContainsAny(filepath.Base(p), "*?[") {
		p = filepath.Dir(p)
	}
	base := filepath.Base(p)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if s := slugify(base); s != "" && base != "." && base != string(filepath.Separator) {
		return s
	}
	return "local"
}

// uniqueName returns base, or base-2, base-3... whichever is free among the
// config's names and extra.
func uniqueName(cfg *config.Config, extra map[string]bool, base string) string {
	if base == "" {
		base = "source"
	}
	taken := func(n string) bool {
		_, ok := cfg.Source(n)
		return ok || extra[n]
	}
	name := base
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}
