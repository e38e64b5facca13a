package fetch

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// binarySniff is how much of a file is searched for NUL bytes, as git does.
const binarySniff = 8 << 10

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
	if looksBinary(data) {
		return nil, fmt.Errorf("%w: NUL bytes in the first %d bytes", ErrBinary, binarySniff)
	}
	return data, nil
}

// looksBinary reports NUL bytes near the start, except in UTF-16/32 text
// announced by a byte order mark, where NULs are ordinary.
func looksBinary(data []byte) bool {
	for _, bom := range [][]byte{
		{0xFF, 0xFE, 0x00, 0x00}, {0x00, 0x00, 0xFE, 0xFF}, // UTF-32 LE, BE
		{0xFF, 0xFE}, {0xFE, 0xFF}, // UTF-16 LE, BE
	} {
		if bytes.HasPrefix(data, bom) {
			return false
		}
	}
	return bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0
}
