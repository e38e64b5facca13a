// Package server is the HTTP side of `tributary serve`: it holds the
// published outputs in memory and serves them with validators, conditional
// requests, gzip and the right media types, plus /healthz and /metrics.
//
// The outputs are read from the output directory into an immutable
// Snapshot after each publish and swapped in atomically, so a request never
// touches the filesystem: no path traversal, no half-written file, and the
// 304 path costs a map lookup.
package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// MaxFileBytes bounds one file loaded into memory.
const MaxFileBytes = 64 << 20

// File is one output held in memory.
type File struct {
	Body        []byte
	Gzip        []byte // nil when compression does not pay
	ETag        string // strong, quoted
	GzipETag    string // the gzip variant's own strong tag
	ModTime     time.Time
	ContentType string
}

// Snapshot is the set of outputs served at one moment, keyed by URL path
// without the leading slash ("atom.xml", "archive/3.xml").
type Snapshot struct {
	files map[string]*File
}

// File returns the output at name.
func (s *Snapshot) File(name string) (*File, bool) {
	if s == nil {
		return nil, false
	}
	f, ok := s.files[name]
	return f, ok
}

// Len is the number of files in the snapshot.
func (s *Snapshot) Len() int {
	if s == nil {
		return 0
	}
	return len(s.files)
}

// Load reads every regular file under dir into a snapshot. prev, when not
// nil, lends its modification times to files whose bytes are unchanged, so
// a publish that rewrites identical bytes does not move Last-Modified.
func Load(dir string, prev *Snapshot) (*Snapshot, error) {
	s := &Snapshot{files: map[string]*File{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != dir {
			// Hidden files and the temporary files of atomic writes.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > MaxFileBytes {
			return fmt.Errorf("%s: %d bytes, more than the %d a served file may have", p, info.Size(), MaxFileBytes)
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		f := newFile(key, body, info.ModTime())
		if old, ok := prev.File(key); ok && old.ETag == f.ETag {
			f.ModTime = old.ModTime
		}
		s.files[key] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load outputs from %s: %w", dir, err)
	}
	if len(s.files) == 0 {
		return nil, fmt.Errorf("load outputs from %s: no files", dir)
	}
	return s, nil
}

func newFile(name string, body []byte, mod time.Time) *File {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	f := &File{Body: body, ETag: `"` + tag + `"`, ModTime: mod.UTC().Truncate(time.Second), ContentType: contentType(name)}
	if compressible(f.ContentType) && len(body) > 256 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			f.Gzip, f.GzipETag = buf.Bytes(), `"`+tag+`-gz"`
		}
	}
	return f
}

// contentType is the media type of an output, with its charset: readers
// that sniff get it wrong, so it is always explicit.
func contentType(name string) string {
	base := path.Base(name)
	switch {
	case base == "rss.xml":
		return "application/rss+xml; charset=utf-8"
	case base == "opml.xml" || strings.HasSuffix(base, ".opml"):
		return "text/x-opml; charset=utf-8"
	case strings.HasSuffix(base, ".xml") || strings.HasSuffix(base, ".atom"):
		// atom.xml and the archive pages.
		return "application/atom+xml; charset=utf-8"
	case strings.HasSuffix(base, ".json"):
		return "application/feed+json; charset=utf-8"
	case strings.HasSuffix(base, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(base, ".xsl"):
		return "application/xslt+xml; charset=utf-8"
	case strings.HasSuffix(base, ".css"):
		return "text/css; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(base)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "xml") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "javascript")
}
