//go:build unix

package fetch

import (
	"os"
	"syscall"
)

// openNoBlock opens a file that was checked to be regular. O_NONBLOCK keeps
// the open from hanging if a FIFO was swapped in after the check, and
// O_NOFOLLOW refuses a symlink swapped in for the resolved path.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
}
