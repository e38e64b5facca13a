package server

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// ErrBadName: an output's name is not a clean relative path, or names a
// file a directory load would skip.
var ErrBadName = errors.New("bad output name")

// Output is one published file held outside the output directory: in the
// database's outputs table, which the leader fills when it publishes, so
// that every serving instance serves the same bytes.
type Output struct {
	Name    string // slash-separated path, as in the output directory
	Body    []byte
	ModTime time.Time // Last-Modified, as the leader stamped it
}

// LoadOutputs builds a Snapshot from outputs held in memory. Headers are
// derived from the bytes exactly as Load derives them from files, and
// Last-Modified is the outputs' own (capped at opts.Now), so instances
// loading the same outputs answer alike.
func LoadOutputs(outs []Output, opts LoadOptions) (*Snapshot, error) {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = MaxFileSize
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	s := &Snapshot{files: make(map[string]*File, len(outs))}
	for _, o := range outs {
		if !fs.ValidPath(o.Name) || o.Name == "." || hiddenPath(o.Name) {
			return nil, fmt.Errorf("load outputs: %q: %w", o.Name, ErrBadName)
		}
		if int64(len(o.Body)) > limit {
			return nil, fmt.Errorf("load outputs: %s: %d bytes, more than the %d-byte cap: %w", o.Name, len(o.Body), limit, ErrTooLarge)
		}
		f, err := newFile(o.Name, o.Body, o.ModTime, true)
		if err != nil {
			return nil, fmt.Errorf("load outputs: %w", err)
		}
		if t := now().UTC().Truncate(time.Second); f.ModTime.After(t) {
			f.ModTime = t
		}
		f.prepare()
		s.files[o.Name] = f
	}
	if len(s.files) == 0 {
		return nil, fmt.Errorf("load outputs: %w", ErrEmpty)
	}
	return s, nil
}

// hiddenPath reports whether any element of a slash-separated path is one
// a directory load skips.
func hiddenPath(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if skipName(elem) {
			return true
		}
	}
	return false
}

// ReloadOutputs swaps in a Snapshot of outs, as Reload does for a
// directory; on error the current snapshot stays in service.
func (s *Server) ReloadOutputs(outs []Output) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	next, err := LoadOutputs(outs, LoadOptions{MaxFileSize: s.opts.MaxFileSize, Now: s.now})
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	s.snap.Store(next)
	return nil
}
