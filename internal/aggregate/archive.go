package aggregate

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

// archiveDir holds the RFC 5005 archive pages, relative to the output
// directory and to the feed's public URL.
const archiveDir = "archive"

// archivePage is one archive document: its number and the posts it holds.
type archivePage struct {
	number int
	posts  []*post
	feed   publish.Feed
}

// archivePages cuts the posts that left the current feed (newest first),
// restTotal in all of which rest holds at least the newest keep*size,
// into pages of size posts, numbered from the oldest, so that a page's
// number and content stay put as newer posts roll off the current feed:
// only the newest page fills up over time, which a reader that falls
// behind sees as a page that grew. Only the newest keep pages are
// returned, oldest first. pruned posts, older than any page published
// when retention removed them, still count at the old end, so that
// pruning renumbers no page.
func archivePages(rest []*post, restTotal, pruned, size, keep int) []archivePage {
	if keep <= 0 || size <= 0 || restTotal <= 0 {
		return nil
	}
	all := restTotal + pruned
	total := (all + size - 1) / size
	first := max(1, total-keep+1)
	var pages []archivePage
	for n := first; n <= total; n++ {
		// Page n holds the (n-1)*size-th to n*size-th oldest posts.
		hi := all - (n-1)*size
		lo := max(0, hi-size)
		if lo >= restTotal {
			continue // wholly pruned (pages kept were widened since)
		}
		pages = append(pages, archivePage{number: n, posts: rest[lo:min(hi, restTotal)]})
	}
	return pages
}

func archiveName(n int) string {
	return archiveDir + "/" + strconv.Itoa(n) + ".xml"
}

// archiveURL is the public URL of archive page n, next to the feed's
// atom.xml at feedURL.
func archiveURL(feedURL string, n int) string {
	base, err := url.Parse(feedURL)
	if err != nil || feedURL == "" {
		return archiveName(n)
	}
	return base.ResolveReference(&url.URL{Path: archiveName(n)}).String()
}

// archives writes a feed's archive pages into dir's archive directory,
// dressed with the style sheet at stylesheet (relative to the page), and
// removes pages that fell out of the kept range.
func (fw *fileWriter) archives(dir string, pages []archivePage, stylesheet string) error {
	dir = filepath.Join(dir, archiveDir)
	keep := map[string]bool{}
	if len(pages) > 0 {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("publish archive: %w", err)
		}
	}
	for _, pg := range pages {
		name := strconv.Itoa(pg.number) + ".xml"
		keep[name] = true
		path := filepath.Join(dir, name)
		f := pg.feed
		if _, err := fw.writeIfChanged(path, func(w io.Writer) error {
			return publish.Atom(w, f, publish.AtomOptions{Stylesheet: stylesheet})
		}); err != nil {
			return fmt.Errorf("publish %s: %w", path, err)
		}
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		return nil // no archive directory yet: nothing stale
	}
	for _, de := range old {
		if n := de.Name(); de.Type().IsRegular() && strings.HasSuffix(n, ".xml") && !keep[n] {
			if _, err := strconv.Atoi(strings.TrimSuffix(n, ".xml")); err == nil {
				os.Remove(filepath.Join(dir, n))
			}
		}
	}
	return nil
}

// staleTempAge is how old a temporary output file must be before it is
// taken for the leftover of a killed run: far longer than any write takes.
const staleTempAge = time.Hour

// removeStaleTemps deletes the temporary files that runs killed in the
// middle of writing left behind (".atom.xml.tmp-123", ".tributary-probe-9"):
// harmless, since nothing serves hidden files, but they would pile up.
func removeStaleTemps(dir string, now time.Time) {
	for _, d := range []string{dir, filepath.Join(dir, archiveDir)} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, de := range entries {
			name := de.Name()
			if !de.Type().IsRegular() || !strings.HasPrefix(name, ".") ||
				!(strings.Contains(name, ".tmp-") || strings.HasPrefix(name, ".tributary-probe-")) {
				continue
			}
			if fi, err := de.Info(); err == nil && now.Sub(fi.ModTime()) > staleTempAge {
				os.Remove(filepath.Join(d, name))
			}
		}
	}
}
