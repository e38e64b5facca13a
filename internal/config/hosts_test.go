package config

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
)

func TestFetchHosts(t *testing.T) {
	cfg, err := Parse([]byte(`
fetch:
  hosts:
    Blog.Example.: 127.0.0.1
    "*.example": ["::1", "::ffff:10.0.0.2"]
    "*": 192.0.2.1
sources: []
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]netip.Addr{
		"blog.example": {netip.MustParseAddr("127.0.0.1")},
		"*.example":    {netip.MustParseAddr("::1"), netip.MustParseAddr("10.0.0.2")},
		"*":            {netip.MustParseAddr("192.0.2.1")},
	}
	if len(cfg.Fetch.Hosts) != len(want) {
		t.Fatalf("hosts = %v, want %v", cfg.Fetch.Hosts, want)
	}
	for name, addrs := range want {
		if !slices.Equal(cfg.Fetch.Hosts[name], addrs) {
			t.Errorf("%s = %v, want %v", name, cfg.Fetch.Hosts[name], addrs)
		}
	}
}

func TestFetchHostsErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int
		key        string
	}{
		{"not an address", "fetch:\n  hosts:\n    a.example: localhost\n", 3, "fetch.hosts.a.example[0]"},
		{"no address", "fetch:\n  hosts:\n    a.example: []\n", 3, "fetch.hosts.a.example"},
		{"a zone", "fetch:\n  hosts:\n    a.example: fe80::1%eth0\n", 3, "fetch.hosts.a.example[0]"},
		{"bad name", "fetch:\n  hosts:\n    \"a b\": 127.0.0.1\n", 3, "fetch.hosts.a b"},
		{"wildcard inside", "fetch:\n  hosts:\n    \"a.*.example\": 127.0.0.1\n", 3, "fetch.hosts.a.*.example"},
		{"not a mapping", "fetch:\n  hosts: 127.0.0.1\n", 2, "fetch.hosts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "t.yaml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *Error", err)
			}
			if !slices.ContainsFunc(ce.Problems, func(p Problem) bool { return p.Key == tt.key && p.Line == tt.line }) {
				t.Errorf("problems %v, want one for %s at line %d", ce.Problems, tt.key, tt.line)
			}
		})
	}
}
