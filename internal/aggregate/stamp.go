package aggregate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tributary/tributary/internal/publish"
)

// stampKey is where the stamp of the last publish is kept.
const stampKey = "publish_stamp"

// publishStamp summarises what the outputs are made from, short of the
// entries themselves: Tributary's version, the config file, each source's
// displayed status, and how many entries and merges are stored. Together
// with the cycle's own counts of new and updated entries, an unchanged
// stamp means the outputs would come out byte for byte the same, so a warm
// cycle (every source answering 304) need not rebuild them.
func (a *App) publishStamp(ctx context.Context) (string, error) {
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return "", err
	}
	entries, merges, err := a.db.Totals(ctx)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d %d\n", a.version, entries, merges)
	if a.cfg.File != "" {
		data, err := os.ReadFile(a.cfg.File)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", a.cfg.File, err)
		}
		h.Write(data)
	} else {
		fmt.Fprintf(h, "%+v\n%+v\n", a.cfg.Feed, a.cfg.Output)
		for _, r := range a.cfg.Rivers {
			fmt.Fprintf(h, "%+v\n", r)
		}
	}
	for _, s := range a.cfg.Sources {
		st := states[s.Name]
		fmt.Fprintf(h, "\n%s\t%s\t%s\t%s", s.Name, sourceStatus(s, st), st.FeedTitle, st.FeedLink)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// unchangedSince reports whether the outputs on disk were made from the
// same stamp, and how many entries they hold. A feed with max_age changes
// with the clock alone, so it is never taken as unchanged.
func (a *App) unchangedSince(ctx context.Context, stamp string) (int, bool) {
	if a.cfg.Output.MaxAge > 0 {
		return 0, false
	}
	prev, err := a.db.Meta(ctx, stampKey)
	if err != nil {
		return 0, false
	}
	// Outputs published before the database kept them are published
	// again, so that every serving instance has them.
	if v, err := a.db.OutputsVersion(ctx); err != nil || v == "" {
		return 0, false
	}
	old, count, ok := strings.Cut(prev, " ")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || old != stamp {
		return 0, false
	}
	for _, name := range []string{publish.AtomFile, publish.RSSFile, publish.JSONFile, publish.OPMLFile,
		publish.HTMLFile, publish.XSLFile} {
		if fi, err := os.Stat(filepath.Join(a.cfg.Output.Dir, name)); err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
	}
	for _, r := range a.cfg.Rivers {
		if fi, err := os.Stat(filepath.Join(a.cfg.Output.Dir, r.Name, publish.AtomFile)); err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
	}
	return n, true
}
