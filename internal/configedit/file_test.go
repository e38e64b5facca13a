package configedit

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileKeepsModeAndSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	if err := os.WriteFile(real, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := WriteFile(link, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file")
	}
	got, _ := os.ReadFile(real)
	if string(got) != "new\n" {
		t.Errorf("target holds %q, want %q", got, "new\n")
	}
	fi, _ := os.Stat(real)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.yaml")
	if err := WriteFile(path, []byte("x: 1\n")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
}

func TestUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("applies the edit", func(t *testing.T) {
		err := Update(path, func(old []byte) ([]byte, error) { return append(old, "b\n"...), nil })
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != "a\nb\n" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("refuses to overwrite a concurrent change", func(t *testing.T) {
		err := Update(path, func(old []byte) ([]byte, error) {
			if err := os.WriteFile(path, []byte("someone else\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return append(old, "mine\n"...), nil
		})
		if !errors.Is(err, ErrChanged) {
			t.Errorf("got %v, want ErrChanged", err)
		}
		if got, _ := os.ReadFile(path); string(got) != "someone else\n" {
			t.Errorf("the other change was lost: %q", got)
		}
	})
	t.Run("passes the edit's error on", func(t *testing.T) {
		boom := errors.New("boom")
		if err := Update(path, func([]byte) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Errorf("got %v", err)
		}
	})
}
