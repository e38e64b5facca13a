package fetch

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tributary/tributary/internal/charset"
)

// readOne reads one candidate file after checking, in order: where a
// symlink leads, that it is a regular file, and its size; only then is it
// opened, so a FIFO or device is never opened for reading.
func readOne(path, root string, limit int64) ([]byte, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	if !within(root, real) {
		return nil, fmt.Errorf("%w: it resolves to %s", ErrOutsideSource, real)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: it is %s", ErrNotRegular, describe(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrFileTooLarge, fi.Size(), limit)
	}
	f, err := openNoBlock(real)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Checked again on the open descriptor, so a file swapped after the
	// checks above is not read.
	ofi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		return nil, fmt.Errorf("%w: it changed while being opened", ErrNotRegular)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: grew past %d bytes while being read", ErrFileTooLarge, limit)
	}
	if err := charset.CheckBinary(data); err != nil {
		return nil, err
	}
	return data, nil
}
