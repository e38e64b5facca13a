package store

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// abandoned reports whether a lease holder named "host:pid" (the form the
// app layer uses) is a process on this machine that no longer exists: a run
// killed with SIGKILL cannot release its lease, and the next cron run must
// not wait for the lease to expire. A holder on another host, a pid that
// is alive (even if reused by an unrelated process) or a name in another
// form is never taken for abandoned: waiting for the expiry is the safe
// side.
func abandoned(holder string) bool {
	host, pidText, ok := strings.Cut(holder, ":")
	if !ok {
		return false
	}
	me, err := os.Hostname()
	if err != nil || host != me {
		return false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
