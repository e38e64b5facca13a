package configedit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned by Update when the file changed on disk while it
// was being edited (another add or an editor saved it), so the edit would
// have undone that change.
var ErrChanged = errors.New("the file changed while it was being edited; try again")

// WriteFile replaces the file at path with data atomically: it writes a
// temporary file in the same directory, syncs it and renames it over the
// original, so a reader (or a crash) sees the old file or the new one,
// never half of each. The file's permission bits are kept; a symlink is
// followed so the link stays a link. A new file gets mode 0644.
func WriteFile(path string, data []byte) error {
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	// Make the rename itself durable; not every system can sync a directory.
	if dir, err := os.Open(filepath.Dir(target)); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	return nil
}

// Update reads the file at path, applies edit and writes the result with
// WriteFile. If the file changed between the read and the write it fails
// with ErrChanged instead of overwriting the other change. An edit that
// returns the data unchanged writes nothing.
func Update(path string, edit func(old []byte) ([]byte, error)) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	data, err := edit(old)
	if err != nil {
		return err
	}
	if bytes.Equal(data, old) {
		return nil
	}
	now, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Equal(now, old) {
		return fmt.Errorf("edit %s: %w", path, ErrChanged)
	}
	return WriteFile(path, data)
}
