//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// builtBinary is the tributary binary the subprocess tests run: built once
// per test binary, on first use, and removed by TestMain. Tests that only
// need the CLI in-process never pay for the build.
var builtBinary struct {
	once   sync.Once
	pkgDir string // the package directory, taken before any test can chdir
	dir    string // temporary directory holding the binary
	path   string
	err    error
}

func TestMain(m *testing.M) {
	if wd, err := os.Getwd(); err == nil {
		builtBinary.pkgDir = wd
	}
	code := m.Run()
	if builtBinary.dir != "" {
		os.RemoveAll(builtBinary.dir)
	}
	os.Exit(code)
}

// tributaryBinary returns the path of the built binary, building it on the
// first call. It is built without -race (whatever the tests run with) and
// with CGO_ENABLED=0, the way it ships: the subprocess tests measure its
// memory and kill it, and the race detector would distort both.
func tributaryBinary(t testing.TB) string {
	t.Helper()
	b := &builtBinary
	b.once.Do(func() {
		if b.pkgDir == "" {
			b.err = errors.New("package directory unknown")
			return
		}
		b.dir, b.err = os.MkdirTemp("", "tributary-bin-*")
		if b.err != nil {
			return
		}
		b.path = filepath.Join(b.dir, "tributary")
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		start := time.Now()
		cmd := exec.Command(goTool, "build", "-o", b.path, ".")
		cmd.Dir = b.pkgDir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		t.Logf("built %s in %v", b.path, time.Since(start).Round(time.Millisecond))
	})
	if b.err != nil {
		t.Fatalf("build tributary: %v", b.err)
	}
	return b.path
}

// procResult is what one run of the binary did.
type procResult struct {
	code           int           // exit code; -1 when killed by a signal
	signaled       bool          // ended by a signal
	stdout, stderr string        // what it printed
	wall           time.Duration // from start to exit
	maxRSSKiB      int64         // peak resident set size, in KiB
}

// proc is a running tributary process.
type proc struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
	start    time.Time
	// parentHWM is this test process's peak RSS when the child started,
	// in KiB. Go starts children with vfork, so the kernel counts the
	// parent's peak in the child's ru_maxrss: that figure is the child's
	// own only when it is above parentHWM.
	parentHWM int64
	polled    chan int64 // the child's VmHWM, last read before it exited
	stop      chan struct{}
}

// startBinary starts the built binary with args; ctx ending kills it.
func startBinary(ctx context.Context, t testing.TB, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.CommandContext(ctx, tributaryBinary(t), args...), polled: make(chan int64, 1), stop: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.err
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start tributary %v: %v", args, err)
	}
	p.parentHWM = vmHWM("/proc/self/status")
	go p.poll()
	return p
}

// poll reads the child's own peak RSS (VmHWM of its fresh address space)
// until it exits; a high-water mark only grows, so the last read is the
// peak but for the last few milliseconds.
func (p *proc) poll() {
	status := fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid)
	var last int64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if v := vmHWM(status); v > last {
			last = v
		}
		select {
		case <-p.stop:
			p.polled <- last
			return
		case <-tick.C:
		}
	}
}

// kill sends SIGKILL: no handler runs, no deferred cleanup, like a crash or
// the OOM killer.
func (p *proc) kill() error { return p.cmd.Process.Kill() }

// wait waits for the process to end and says how it went.
func (p *proc) wait(t testing.TB) procResult {
	t.Helper()
	err := p.cmd.Wait()
	res := procResult{wall: time.Since(p.start), stdout: p.out.String(), stderr: p.err.String()}
	close(p.stop)
	polled := <-p.polled
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("run tributary %v: %v", p.cmd.Args[1:], err)
	}
	ps := p.cmd.ProcessState
	res.code = ps.ExitCode()
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		res.signaled = true
	}
	res.maxRSSKiB = polled
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok && int64(ru.Maxrss) > p.parentHWM {
		// Above the parent's peak, the kernel's figure is the child's
		// own, and exact.
		res.maxRSSKiB = int64(ru.Maxrss)
	}
	return res
}

// runBinary runs the built binary with args to completion, or until ctx
// ends (which kills it).
func runBinary(ctx context.Context, t testing.TB, args ...string) procResult {
	t.Helper()
	return startBinary(ctx, t, args...).wait(t)
}

// vmHWM returns the VmHWM line of a /proc status file in KiB, or 0.
func vmHWM(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
