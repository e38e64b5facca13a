//go:build unix

package fetch

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// specialTree builds a source directory holding a FIFO, a socket and
// symlinks in and out of it, next to an "outside" file it must not publish.
func specialTree(t *testing.T) (src string) {
	t.Helper()
	root := t.TempDir()
	src = filepath.Join(root, "seeds")
	outside := filepath.Join(root, "secret.txt")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(src, "nested"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, outside, "secret")
	write(t, filepath.Join(src, "post.md"), "# Post")
	write(t, filepath.Join(src, "nested", "deep.md"), "# Deep")
	if err := syscall.Mkfifo(filepath.Join(src, "pipe.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	links := map[string]string{
		"inside.md":   "post.md",                                // relative, stays in
		"deep-ok.md":  filepath.Join(src, "nested", "deep.md"),  // absolute, stays in
		"escape.md":   "../secret.txt",                          // relative, leaves
		"passwd.md":   outside,                                  // absolute, leaves
		"dangling.md": "missing.md",                             // target absent
		"pipe-ln.md":  "pipe.md",                                // to the FIFO
		"dir-ln.md":   "nested",                                 // to a directory
		"loop.md":     "loop.md",                                // to itself
		"updir.md":    filepath.Join("..", "seeds", "post.md"),  // leaves and comes back
		"root-ln.md":  string(filepath.Separator),               // to /
		"cousin.md":   filepath.Join("..", "seeds2", "post.md"), // sibling with a shared prefix
	}
	if err := os.Mkdir(filepath.Join(root, "seeds2"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "seeds2", "post.md"), "# Cousin")
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(src, name)); err != nil {
			t.Fatal(err)
		}
	}
	// Unix socket paths are limited to about 100 bytes and temp dirs can be
	// long, so bind a relative name; the tests use absolute paths only.
	t.Chdir(src)
	ln, err := net.Listen("unix", "sock.md")
	if err != nil {
		t.Fatalf("listen unix: %v", err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	return src
}

func TestReadLocalSpecialFiles(t *testing.T) {
	src := specialTree(t)
	done := make(chan struct{})
	var (
		files    []File
		warnings []error
		err      error
	)
	go func() {
		defer close(done)
		files, warnings, err = ReadLocal(t.Context(), src, LocalOptions{})
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("ReadLocal hung (opened the FIFO?)")
	}
	if err != nil {
		t.Fatal(err)
	}
	var gotFiles []string
	for _, f := range files {
		gotFiles = append(gotFiles, f.Name)
	}
	wantFiles := "deep-ok.md inside.md post.md updir.md"
	if got := strings.Join(gotFiles, " "); got != wantFiles {
		t.Errorf("files: got %q, want %q", got, wantFiles)
	}
	wantWarn := map[string]error{
		"cousin.md":   ErrOutsideSource,
		"dangling.md": os.ErrNotExist,
		"dir-ln.md":   ErrNotRegular,
		"escape.md":   ErrOutsideSource,
		"loop.md":     nil, // too many links; any error naming it will do
		"passwd.md":   ErrOutsideSource,
		"pipe-ln.md":  ErrNotRegular,
		"pipe.md":     ErrNotRegular,
		"root-ln.md":  ErrOutsideSource,
		"sock.md":     ErrNotRegular,
	}
	for _, w := range warnings {
		name := warnedFile(w, src)
		want, ok := wantWarn[name]
		if !ok {
			t.Errorf("unexpected warning %v", w)
			continue
		}
		delete(wantWarn, name)
		if want != nil && !errors.Is(w, want) {
			t.Errorf("warning %v: want one wrapping %v", w, want)
		}
	}
	for name := range wantWarn {
		t.Errorf("no warning for %s", name)
	}
	for _, f := range files {
		if string(f.Data) == "secret" || string(f.Data) == "# Cousin" {
			t.Errorf("%s: published a file from outside the source", f.Path)
		}
	}
}

func TestReadLocalSingleSpecial(t *testing.T) {
	src := specialTree(t)
	tests := []struct {
		name    string
		file    string
		wantErr error
	}{
		{"fifo", "pipe.md", ErrNotRegular},
		{"symlink to fifo", "pipe-ln.md", ErrNotRegular},
		{"socket", "sock.md", ErrNotRegular},
		{"symlink outside", "passwd.md", ErrOutsideSource},
		{"relative symlink outside", "escape.md", ErrOutsideSource},
		{"device outside", "/dev/null", ErrNotRegular},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.file
			if !filepath.IsAbs(path) {
				path = filepath.Join(src, path)
			}
			done := make(chan error, 1)
			go func() {
				_, _, err := ReadLocal(t.Context(), path, LocalOptions{})
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), path) {
					t.Errorf("got %v, want an error wrapping %v naming %s", err, tt.wantErr, path)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("ReadLocal hung")
			}
		})
	}
}

func TestReadLocalGlobSymlinks(t *testing.T) {
	src := specialTree(t)
	files, warnings, err := ReadLocal(t.Context(), filepath.Join(src, "*.md"), LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Errorf("got %d files, want 4", len(files))
	}
	for _, w := range warnings {
		if errors.Is(w, ErrOutsideSource) {
			return
		}
	}
	t.Errorf("no ErrOutsideSource among %v", warnings)
}

// A source directory reached through a symlink is the user's choice; links
// inside it are judged against where it really is.
func TestReadLocalSymlinkedSourceDir(t *testing.T) {
	src := specialTree(t)
	alias := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(src, alias); err != nil {
		t.Fatal(err)
	}
	files, _, err := ReadLocal(t.Context(), filepath.Join(alias, "inside.md"), LocalOptions{})
	if err != nil || len(files) != 1 || string(files[0].Data) != "# Post" {
		t.Errorf("got %+v, %v; want inside.md read through the alias", files, err)
	}
}

// warnedFile returns the base name of the file in dir a warning is about.
func warnedFile(w error, dir string) string {
	rest, ok := strings.CutPrefix(w.Error(), "skip "+dir+string(filepath.Separator))
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ": ")
	return name
}

// openNoBlock is the last line of defence when a FIFO replaces a checked
// file: opening must return at once rather than wait for a writer.
func TestOpenNoBlockFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := openNoBlock(fifo)
		if err == nil {
			_ = f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("openNoBlock(fifo): %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("openNoBlock blocked on a FIFO")
	}
}
