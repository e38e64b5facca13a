package main

import "fmt"

// Exit codes, documented in the README.
const (
	exitFailure = 1 // the job could not be done (nothing published, I/O error)
	exitUsage   = 2 // bad usage or bad config: nothing was fetched or written
	exitBusy    = 3 // another process kept the leader lease past the wait
)

// exitError carries an exit code up to main, which prints msg once.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}
