//go:build !unix

package fetch

import "os"

// openNoBlock opens a file that was checked to be regular; platforms without
// FIFOs that block on open need nothing more.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
