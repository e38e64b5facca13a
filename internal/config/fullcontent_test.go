package config

import (
	"errors"
	"strings"
	"testing"
)

func TestFullContent(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want map[string]bool // source name -> FullContent
	}{
		{name: "off by default", yaml: `
sources:
  - {name: a, url: "https://a.example/feed"}
`, want: map[string]bool{"a": false}},
		{name: "per source", yaml: `
sources:
  - {name: a, url: "https://a.example/feed", full_content: true}
  - {name: b, url: "https://b.example/feed"}
`, want: map[string]bool{"a": true, "b": false}},
		{name: "global default, before or after the sources", yaml: `
sources:
  - {name: a, url: "https://a.example/feed"}
  - {name: b, url: "https://b.example/feed", full_content: false}
  - {name: c, path: "pages/"}
fetch:
  full_content: true
`, want: map[string]bool{"a": true, "b": false, "c": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.yaml), "t.yaml")
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				s, _ := cfg.Source(name)
				if s.FullContent != want {
					t.Errorf("%s: FullContent = %v, want %v", name, s.FullContent, want)
				}
			}
		})
	}
}

func TestFullPagesSettings(t *testing.T) {
	cfg, err := Parse([]byte(`
fetch:
  page_concurrency: 3
  max_page: 512KiB
  pages_per_run: 50
sources: []
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Fetch.FullPages
	want := FullPagesConfig{Concurrency: 3, MaxBytes: 512 << 10, PerRun: 50}
	if got != want {
		t.Errorf("FullPages = %+v, want %+v", got, want)
	}
	if d := Default().Fetch.FullPages; d.Default || d.Concurrency < 1 || d.MaxBytes <= 0 || d.PerRun <= 0 {
		t.Errorf("defaults = %+v", d)
	}
}

func TestFullContentErrors(t *testing.T) {
	tests := []struct{ name, yaml, key string }{
		{"local source", "sources:\n  - {name: a, path: pages/, full_content: true}\n", "sources[0].full_content"},
		{"not a boolean", "sources:\n  - {name: a, url: \"https://a.example/\", full_content: sometimes}\n", "sources[0].full_content"},
		{"zero concurrency", "fetch:\n  page_concurrency: 0\n", "fetch.page_concurrency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "t.yaml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *Error", err)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("err = %v, want it to name %s", err, tt.key)
			}
		})
	}
}
