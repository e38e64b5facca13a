package hostile

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// MaxHandlerTime bounds every handler: whatever a case does (trickle, stay
// silent, stream gigabytes), it gives up by itself after this long, so a
// client that never hangs up cannot keep the server busy.
const MaxHandlerTime = 8 * time.Second

// Secret is the body of the server's secret paths. It must never appear in
// anything Tributary publishes: only an expanded external entity, an
// XInclude, a fetched stylesheet or a followed redirect to a private address
// could bring it in.
const Secret = "TRIBUTARY-HOSTILE-SECRET-7f3a9c"

// Server is the hostile loopback server. Its zero value is not usable; call
// New or NewServer.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT, without a
	// trailing slash.
	URL string
	// Port is the port URL listens on.
	Port int
	// SilentURL points at a raw TCP listener that accepts connections and
	// never says a word.
	SilentURL string

	http   *httptest.Server
	silent net.Listener
	cases  []Case
	byPath map[string]*Case

	done      chan struct{} // closed by Close: every handler returns
	closeOnce sync.Once
	wg        sync.WaitGroup // handlers and silent connections still running

	mu      sync.Mutex
	secrets []string       // secret paths requested, in order
	hits    map[string]int // requests per case name
}

// NewServer starts a Server and closes it when tb's test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s, err := New()
	if err != nil {
		tb.Fatalf("start hostile server: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// New starts a Server on 127.0.0.1. The caller must Close it.
func New() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: listen: %w", err)
	}
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("hostile: listen: %w", err)
	}
	s := &Server{
		silent: silent,
		done:   make(chan struct{}),
		hits:   map[string]int{},
		byPath: map[string]*Case{},
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.URL = fmt.Sprintf("http://127.0.0.1:%d", s.Port)
	s.SilentURL = fmt.Sprintf("http://%s/feed.xml", silent.Addr())

	s.cases = append(goodCases(s), hostileCases(s)...)
	for i := range s.cases {
		c := &s.cases[i]
		if c.URL == "" {
			c.URL = s.URL + "/" + c.Name
		}
		s.byPath["/"+c.Name] = c
	}

	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Config.ReadHeaderTimeout = 5 * time.Second
	srv.Config.IdleTimeout = 10 * time.Second
	srv.Config.ErrorLog = nil
	srv.Start()
	s.http = srv

	s.wg.Add(1)
	go s.acceptSilent()
	return s, nil
}

// Close ends every handler and connection and waits (boundedly) for them.
// It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.silent.Close()
		s.http.CloseClientConnections()
		s.http.Close()
		waited := make(chan struct{})
		go func() { s.wg.Wait(); close(waited) }()
		select {
		case <-waited:
		case <-time.After(MaxHandlerTime + 2*time.Second):
		}
	})
}

// Cases returns the table: the two good sources first, then every hostile
// one. Each Case's URL is absolute.
func (s *Server) Cases() []Case {
	out := make([]Case, len(s.cases))
	copy(out, s.cases)
	return out
}

// Case returns the case with the given name.
func (s *Server) Case(name string) (Case, bool) {
	c, ok := s.byPath["/"+name]
	if !ok {
		return Case{}, false
	}
	return *c, true
}

// SecretRequests returns the secret paths requested so far. Tributary must
// never request any.
func (s *Server) SecretRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.secrets...)
}

// Hits returns how many requests each case received, by name.
func (s *Server) Hits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

// serve routes a request to its case by the first path segment.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.wg.Add(1)
	defer s.wg.Done()
	path := r.URL.Path
	if path == "/secret" || strings.HasPrefix(path, "/secret/") {
		s.mu.Lock()
		s.secrets = append(s.secrets, path)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "root:x:0:0:root:/root:/bin/bash")
		fmt.Fprintln(w, Secret)
		return
	}
	name := path
	if i := strings.IndexByte(path[1:], '/'); i >= 0 {
		name = path[:i+1]
	}
	c := s.byPath[name]
	if c == nil || c.handler == nil {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.hits[c.Name]++
	s.mu.Unlock()
	c.handler(w, r)
}

// acceptSilent takes connections on the silent listener and holds them,
// reading nothing and writing nothing, until the client gives up, the
// handler time runs out or the server closes.
func (s *Server) acceptSilent() {
	defer s.wg.Done()
	for {
		conn, err := s.silent.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			closed := make(chan struct{})
			go func() {
				// A read returns when the client closes its end.
				_, _ = conn.Read(make([]byte, 1))
				for {
					if _, err := conn.Read(make([]byte, 512)); err != nil {
						close(closed)
						return
					}
				}
			}()
			select {
			case <-closed:
			case <-s.done:
			case <-time.After(MaxHandlerTime):
			}
		}()
	}
}

// wait blocks for d, or until the request ends, the handler's time is up or
// the server closes; it reports whether the full d elapsed.
func (s *Server) wait(r *http.Request, deadline time.Time, d time.Duration) bool {
	left := time.Until(deadline)
	if left <= 0 {
		return false
	}
	t := time.NewTimer(min(d, left))
	defer t.Stop()
	select {
	case <-t.C:
		return d <= left
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// hijack takes over the connection for cases that must break HTTP itself.
// The connection gets a deadline of MaxHandlerTime and is closed by the
// returned function (with an RST when reset is set).
func (s *Server) hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter, func(reset bool), error) {
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, nil, nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(MaxHandlerTime))
	stop := make(chan struct{})
	go func() {
		// Unblock writes when the server closes.
		select {
		case <-s.done:
			_ = conn.SetDeadline(time.Now())
		case <-stop:
		}
	}()
	return conn, rw, func(reset bool) {
		close(stop)
		if tc, ok := conn.(*net.TCPConn); ok && reset {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	}, nil
}

// streamed writes prefix, then unit over and over until total bytes are
// out, the client hangs up, the handler's time is up or the server closes.
// It never holds more than one unit in memory.
func (s *Server) streamed(w http.ResponseWriter, r *http.Request, prefix, unit []byte, total int64) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(MaxHandlerTime)
	_ = rc.SetWriteDeadline(deadline)
	if _, err := w.Write(prefix); err != nil {
		return
	}
	for n := int64(len(prefix)); n < total; n += int64(len(unit)) {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		default:
		}
		if time.Now().After(deadline) {
			return
		}
		if _, err := w.Write(unit); err != nil {
			return
		}
	}
}
