package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

// MaxFileSize is the default cap on one file's size in a Snapshot. The
// outputs are held in memory twice (plain and gzip), so a stray huge file in
// the output directory must fail the load rather than exhaust memory.
const MaxFileSize int64 = 64 << 20

// Errors Load wraps, for errors.Is.
var (
	// ErrTooLarge: a file exceeds the size cap.
	ErrTooLarge = errors.New("file too large")
	// ErrEmpty: the directory holds nothing to serve. Swapping in an empty
	// snapshot would turn every URL into a 404, so a wiped or not yet
	// written output directory fails the load and the old snapshot (or
	// the 503 before the first one) stays.
	ErrEmpty = errors.New("no files to serve")
)

// etagHexLen is how many hex digits of the SHA-256 go into an ETag: 96 bits
// is far beyond any collision risk for one site's handful of files while
// keeping the header short.
const etagHexLen = 24

// File is one output held in memory with everything a response needs
// precomputed, so serving it does no I/O and no hashing or compression.
type File struct {
	Name        string    // slash-separated path relative to the output directory
	Body        []byte    // the file's bytes; never modify
	Gzip        []byte    // gzip-compressed Body, nil when compression would not make it smaller
	ETag        string    // strong validator of Body, quoted
	GzipETag    string    // strong validator of the gzip variant, quoted; "" when Gzip is nil
	ModTime     time.Time // Last-Modified: UTC, whole seconds
	ContentType string

	sum [sha256.Size]byte

	// Header values built once, so a response shares them instead of
	// allocating; each is a full slice (len == cap) so an append by a
	// wrapper copies rather than writes into the shared array.
	hdrType, hdrLen, hdrGzipLen, hdrETag, hdrGzipETag, hdrModTime []string
}

// Snapshot is an immutable, in-memory copy of an output directory. It is
// the server's only source of content: nothing is read from disk at request
// time, so a request can never reach a file that Load did not take in.
type Snapshot struct {
	dir   string
	files map[string]*File
}

// LoadOptions tunes LoadWith. The zero value gives Load's behaviour.
type LoadOptions struct {
	// Previous is the snapshot being replaced. A file whose bytes are
	// unchanged keeps Previous's ModTime, so rewriting identical outputs
	// each cycle does not move Last-Modified and caches stay valid.
	Previous *Snapshot
	// MaxFileSize caps each file; 0 means the package's MaxFileSize.
	MaxFileSize int64
	// Plain skips the gzip variants, for a caller that wants only the
	// bytes and their validators (the leader storing its outputs).
	Plain bool
	// Now caps ModTime: a file stamped in the future (clock skew) would
	// otherwise be served with a Last-Modified later than the response's
	// Date, which RFC 9110 §8.8.2.1 forbids. Nil means time.Now.
	Now func() time.Time
}

// Load reads every regular file under dir into a Snapshot. Names starting
// with "." (hidden files, and the temporary files WriteFileAtomic leaves
// should it be interrupted) are skipped, as are directories so named and
// symbolic links. A file larger than MaxFileSize fails the load.
func Load(dir string) (*Snapshot, error) {
	return LoadWith(dir, LoadOptions{})
}

// LoadWith is Load with options; Server.Reload uses it to carry
// Last-Modified over from the snapshot it replaces.
func LoadWith(dir string, opts LoadOptions) (*Snapshot, error) {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = MaxFileSize
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	// An os.Root keeps every open inside dir even if an entry is swapped
	// for a link to elsewhere mid-walk; dir itself may be a link.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	defer root.Close()
	s := &Snapshot{dir: dir, files: make(map[string]*File)}
	err = fs.WalkDir(root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if skipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		// Entries are not followed, and a link's type is not regular, so
		// links are skipped: serving one could leak a file from outside
		// dir.
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := readFile(root, name, limit, !opts.Plain)
		if err != nil {
			return err
		}
		if t := now().UTC().Truncate(time.Second); f.ModTime.After(t) {
			f.ModTime = t
		}
		if old, ok := opts.Previous.File(name); ok && old.sum == f.sum {
			f.ModTime = old.ModTime
		}
		f.prepare()
		s.files[name] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	if len(s.files) == 0 {
		return nil, fmt.Errorf("load %s: %w", dir, ErrEmpty)
	}
	return s, nil
}

// skipName reports whether a directory entry stays out of the snapshot.
// WriteFileAtomic's temporaries are ".<name>.tmp-*", so the dot rule covers
// them; the ".tmp-" check also catches a renamed convention.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.Contains(name, ".tmp-")
}

// readFile reads one file, checking the cap against the open file and the
// bytes actually read, so a file growing between stat and read cannot slip
// past it.
func readFile(root *os.Root, name string, limit int64, gzip bool) (*File, error) {
	fh, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d-byte cap: %w", name, fi.Size(), limit, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%s: more than the %d-byte cap: %w", name, limit, ErrTooLarge)
	}
	return newFile(name, body, fi.ModTime(), gzip)
}

// newFile builds a File from its bytes: content type, ETag and, with
// gzip, the compressed variant. Files loaded from a directory and from the
// database go through it alike, so both give the same headers for the
// same bytes.
func newFile(name string, body []byte, modTime time.Time, gzip bool) (*File, error) {
	f := &File{
		Name:        name,
		Body:        body,
		ModTime:     modTime.UTC().Truncate(time.Second),
		ContentType: contentType(name, body),
		sum:         sha256.Sum256(body),
	}
	f.ETag = `"` + hex.EncodeToString(f.sum[:])[:etagHexLen] + `"`
	if !gzip || !compressible(f.ContentType) {
		return f, nil
	}
	gz, err := compress(body)
	if err != nil {
		return nil, fmt.Errorf("compress %s: %w", name, err)
	}
	if len(gz) < len(body) {
		f.Gzip = gz
		// The variant needs its own strong tag (RFC 9110 §8.8.3): a
		// strong tag promises byte-identical content, and these bytes
		// differ from Body's.
		f.GzipETag = strings.TrimSuffix(f.ETag, `"`) + `-gz"`
	}
	return f, nil
}

// compressible reports whether a media type is worth gzipping: text,
// XML and JSON are; images, audio and archives are compressed already and
// would only cost CPU at each load.
func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "xml") ||
		strings.Contains(contentType, "json") || strings.Contains(contentType, "javascript")
}

// compress gzips b at the best level: it runs once per file and reload,
// while every response afterwards saves the bytes. The header carries no
// name or time, so equal input gives equal output.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (f *File) prepare() {
	full := func(v string) []string { return []string{v}[:1:1] }
	f.hdrType = full(f.ContentType)
	f.hdrLen = full(strconv.Itoa(len(f.Body)))
	f.hdrETag = full(f.ETag)
	f.hdrModTime = full(f.ModTime.Format(http.TimeFormat))
	if f.Gzip != nil {
		f.hdrGzipLen = full(strconv.Itoa(len(f.Gzip)))
		f.hdrGzipETag = full(f.GzipETag)
	}
}

func utf8Type(t string) string { return t + "; charset=utf-8" }

// contentType decides a file's Content-Type: the published outputs by name,
// archive pages and other XML by their root element, the rest by
// extension. Every output publish writes is UTF-8.
func contentType(name string, body []byte) string {
	switch name {
	case publish.AtomFile:
		return utf8Type(publish.AtomType)
	case publish.RSSFile:
		return utf8Type(publish.RSSType)
	case publish.JSONFile:
		return utf8Type(publish.JSONType)
	case publish.OPMLFile:
		return utf8Type(publish.OPMLType)
	}
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".xml":
		if dir, _ := path.Split(name); dir == "archive/" {
			return utf8Type(publish.AtomType)
		}
		if t := xmlRootType(body); t != "" {
			return utf8Type(t)
		}
	case ".html", ".htm":
		return utf8Type(publish.HTMLType)
	case ".xsl", ".xslt":
		return utf8Type("application/xslt+xml")
	case ".css":
		return utf8Type("text/css")
	case ".json":
		return "application/json"
	case ".txt":
		return utf8Type("text/plain")
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// xmlRootType names the feed media type of an XML document by its root
// element, or returns "" for any other document. Only the prolog and the
// root start tag are read.
func xmlRootType(body []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return ""
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "feed":
			return publish.AtomType
		case "rss", "RDF":
			return publish.RSSType
		case "opml":
			return publish.OPMLType
		}
		return ""
	}
}

// Dir returns the directory the snapshot was loaded from. Like every
// Snapshot method it accepts a nil receiver, which holds no files.
func (s *Snapshot) Dir() string {
	if s == nil {
		return ""
	}
	return s.dir
}

// Len returns the number of files in the snapshot.
func (s *Snapshot) Len() int {
	if s == nil {
		return 0
	}
	return len(s.files)
}

// File returns the file at the slash-separated path name, relative to the
// output directory (for example "archive/1.xml").
func (s *Snapshot) File(name string) (*File, bool) {
	if s == nil {
		return nil, false
	}
	f, ok := s.files[name]
	return f, ok
}

// Names returns the snapshot's file names, sorted.
func (s *Snapshot) Names() []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.files))
	for n := range s.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
