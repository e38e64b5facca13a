package fetch

import (
	"context"
	"sync"
)

// hostLimiter bounds the requests in flight per host name. Entries are
// reference counted and dropped when idle, so a long-running daemon polling
// many hosts does not accumulate one semaphore per host ever seen.
type hostLimiter struct {
	n     int
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem  chan struct{}
	refs int // holders plus waiters
}

func newHostLimiter(n int) *hostLimiter {
	return &hostLimiter{n: n, hosts: make(map[string]*hostSlot)}
}

// acquire waits for a slot for host, or for ctx to end. The returned release
// must be called exactly once when err is nil.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlot{sem: make(chan struct{}, l.n)}
		l.hosts[host] = s
	}
	s.refs++
	l.mu.Unlock()

	select {
	case s.sem <- struct{}{}:
		var once sync.Once
		return func() {
			once.Do(func() {
				<-s.sem
				l.unref(host, s)
			})
		}, nil
	case <-ctx.Done():
		l.unref(host, s)
		return nil, context.Cause(ctx)
	}
}

func (l *hostLimiter) unref(host string, s *hostSlot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.refs--
	if s.refs == 0 {
		delete(l.hosts, host)
	}
}
