package fetch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// File is one local file read for a source.
type File struct {
	Path string // as matched: the pattern, or the directory or glob match
	Name string // base name of Path, the key of feed.Source.Files
	Data []byte // raw bytes; decoding is the parser's job
}

// LocalOptions bounds ReadLocal.
type LocalOptions struct {
	MaxFileBytes int64 // per file; default 10 MiB
}

// WithDefaults returns o with zero fields set to their defaults.
func (o LocalOptions) WithDefaults() LocalOptions {
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	return o
}

// ReadLocal reads the files a local source names. pattern is a file, a
// directory (its regular files, not recursing) or a glob.
//
// Files come back sorted by path. In directory and glob mode, hidden files
// and editor leftovers are skipped silently; files refused for a reason the
// user should see (not regular, a symlink leaving the source directory,
// over the size cap, binary, unreadable) are skipped with one warning each,
// naming the file. The source directory is the directory given, the glob's
// leading non-magic directories, or a single file's own directory.
//
// err is non-nil when the pattern matches nothing, cannot be listed, or
// names a single file that is refused: a source of one file that cannot be
// read has failed. An existing but empty directory is not an error.
func ReadLocal(ctx context.Context, pattern string, opts LocalOptions) (files []File, warnings []error, err error) {
	opts = opts.WithDefaults()
	if pattern == "" {
		return nil, nil, errors.New("read local: empty path")
	}
	paths, base, single, err := expand(pattern)
	if err != nil {
		return nil, nil, err
	}
	root, err := realDir(base)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: source directory: %w", pattern, err)
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", pattern, err)
		}
		data, err := readOne(p, root, opts.MaxFileBytes)
		if err != nil {
			if single {
				return nil, nil, fmt.Errorf("read %s: %w", p, err)
			}
			warnings = append(warnings, fmt.Errorf("skip %s: %w", p, err))
			continue
		}
		files = append(files, File{Path: p, Name: filepath.Base(p), Data: data})
	}
	return files, warnings, nil
}

// expand lists the candidate paths for pattern, sorted, with the source
// directory symlinks may not leave. single is set when pattern is one file.
func expand(pattern string) (paths []string, base string, single bool, err error) {
	fi, statErr := os.Stat(pattern)
	switch {
	case statErr == nil && fi.IsDir():
		entries, err := os.ReadDir(pattern)
		if err != nil {
			return nil, "", false, fmt.Errorf("read %s: %w", pattern, err)
		}
		for _, e := range entries {
			// Not recursing: subdirectories are simply not part of it.
			if e.IsDir() || ignored(e.Name()) {
				continue
			}
			paths = append(paths, filepath.Join(pattern, e.Name()))
		}
		return paths, pattern, false, nil
	case statErr == nil:
		return []string{pattern}, filepath.Dir(pattern), true, nil
	case !hasMeta(pattern):
		return nil, "", false, fmt.Errorf("read %s: %w", pattern, statErr)
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, "", false, fmt.Errorf("read %s: %w", pattern, err)
	}
	if len(matches) == 0 {
		return nil, "", false, fmt.Errorf("read %s: no files match", pattern)
	}
	base = globBase(pattern)
	for _, m := range matches {
		if !ignoredBelow(base, m) {
			paths = append(paths, m)
		}
	}
	sort.Strings(paths)
	return paths, base, false, nil
}

// hasMeta mirrors filepath.Match's special characters; the backslash only
// escapes on Unix-like systems.
func hasMeta(p string) bool {
	magic := `*?[`
	if runtime.GOOS != "windows" {
		magic = `*?[\`
	}
	return strings.ContainsAny(p, magic)
}

// globBase is the pattern's leading directories that contain no magic.
func globBase(pattern string) string {
	dir := filepath.Dir(pattern)
	for hasMeta(dir) {
		dir = filepath.Dir(dir)
	}
	return dir
}

// ignoredBelow reports whether any element of path below base is hidden, or
// the file is an editor leftover, so "posts/*/x.md" skips "posts/.git/x.md".
func ignoredBelow(base, path string) bool {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return ignored(filepath.Base(path))
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if ignored(part) {
			return true
		}
	}
	return false
}

// ignored reports hidden files and editor backups, swap and autosave files.
func ignored(name string) bool {
	switch {
	case name == "" || name == "." || name == "..":
		return false
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"):
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	}
	switch filepath.Ext(name) {
	case ".swp", ".swo", ".swx":
		return true
	}
	return false
}

// realDir resolves dir to an absolute path without symlinks, the form
// resolved file paths are compared against.
func realDir(dir string) (string, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}

// within reports whether path lies inside (or is) dir; both are absolute
// and clean.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// describe names a non-regular file's kind for the refusal message.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.Type().String()
}
