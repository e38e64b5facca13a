package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dirNames lists a directory's entries, to catch leftover temporary files.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteFileAtomic(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name     string
		existing string // "" = no old file
		write    func(io.Writer) error
		wantErr  error
		want     string // file content afterwards
	}{
		{"new file", "", writeString("fresh"), nil, "fresh"},
		{"replaces old file", "old", writeString("new"), nil, "new"},
		{"failed write keeps old file", "old", func(w io.Writer) error {
			io.WriteString(w, "half a docu")
			return errBoom
		}, errBoom, "old"},
		{"failed write creates nothing", "", func(io.Writer) error { return errBoom }, errBoom, ""},
		{"large output", "old", writeString(strings.Repeat("x", 1<<20)), nil, strings.Repeat("x", 1<<20)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, AtomFile)
			if tc.existing != "" {
				if err := os.WriteFile(path, []byte(tc.existing), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFileAtomic(path, tc.write)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Errorf("err = %v, want it to name %s", err, path)
			}
			got, readErr := os.ReadFile(path)
			switch {
			case tc.existing == "" && tc.wantErr != nil:
				if !os.IsNotExist(readErr) {
					t.Errorf("file exists after a failed first write: %v", readErr)
				}
			case readErr != nil:
				t.Fatal(readErr)
			case string(got) != tc.want:
				t.Errorf("content = %.40q (%d bytes), want %.40q", got, len(got), tc.want)
			}
			wantNames := []string{AtomFile}
			if tc.existing == "" && tc.wantErr != nil {
				wantNames = nil
			}
			if names := dirNames(t, dir); !slices.Equal(names, wantNames) {
				t.Errorf("directory holds %q, want %q", names, wantNames)
			}
		})
	}
}

func TestWriteFileAtomicMode(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "kept")
	if err := os.WriteFile(kept, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(kept, 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh")
	for _, tc := range []struct {
		path string
		want os.FileMode
	}{{kept, 0o600}, {fresh, 0o644}} {
		path, want := tc.path, tc.want
		if err := WriteFileAtomic(path, writeString("y")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode = %v, want %v", filepath.Base(path), got, want)
		}
	}
}

func TestWriteFileAtomicPanic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.html")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic was swallowed")
			}
		}()
		WriteFileAtomic(path, func(w io.Writer) error {
			io.WriteString(w, "partial")
			panic("template blew up")
		})
	}()
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("content = %q, want old", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q, want only index.html", names)
	}
}

func TestWriteFileAtomicMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", AtomFile)
	called := false
	err := WriteFileAtomic(path, func(io.Writer) error { called = true; return nil })
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want an error naming %s", err, path)
	}
	if called {
		t.Error("write was called although the temporary file could not be made")
	}
}
