package fetch

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestReadLocalGolden reads the fixture tree under testdata/local and
// compares the files and warnings with testdata/golden/<case>.txt.
func TestReadLocalGolden(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
	}{
		{"dir", "testdata/local"},
		{"dir-trailing-slash", "testdata/local/"},
		{"glob-md", "testdata/local/*.md"},
		{"glob-nested", "testdata/local/*/*.md"},
		{"glob-all", "testdata/local/*"},
		{"glob-class", "testdata/local/[ab].*"},
		{"single", "testdata/local/a.md"},
		{"single-hidden", "testdata/local/.hidden.md"},
		{"single-utf16", "testdata/local/utf16.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, warnings, err := ReadLocal(t.Context(), tt.pattern, LocalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := describeRead(files, warnings)
			golden := filepath.Join("testdata", "golden", tt.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("ReadLocal(%q):\ngot:\n%s\nwant:\n%s", tt.pattern, got, want)
			}
		})
	}
}

func describeRead(files []File, warnings []error) string {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "file %s name=%s bytes=%d\n", filepath.ToSlash(f.Path), f.Name, len(f.Data))
	}
	for _, w := range warnings {
		fmt.Fprintf(&b, "warn %s\n", filepath.ToSlash(w.Error()))
	}
	return b.String()
}

func TestReadLocalData(t *testing.T) {
	files, _, err := ReadLocal(t.Context(), "testdata/local/a.md", LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/local/a.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || !bytes.Equal(files[0].Data, want) {
		t.Errorf("got %+v, want a.md with %q", files, want)
	}
}

func TestReadLocalErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		pattern string
		opts    LocalOptions
		wantErr error
	}{
		{name: "missing file", pattern: "testdata/local/nope.md", wantErr: fs.ErrNotExist},
		{name: "missing dir", pattern: "testdata/nope/", wantErr: fs.ErrNotExist},
		{name: "glob matches nothing", pattern: "testdata/local/*.nope"},
		{name: "bad glob", pattern: "testdata/local/[", wantErr: filepath.ErrBadPattern},
		{name: "empty pattern", pattern: ""},
		{name: "single binary file", pattern: "testdata/local/image.dat", wantErr: ErrBinary},
		{name: "single file over the cap", pattern: "testdata/local/a.md", opts: LocalOptions{MaxFileBytes: 5}, wantErr: ErrFileTooLarge},
		{name: "canceled", ctx: canceled, pattern: "testdata/local", wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			files, warnings, err := ReadLocal(ctx, tt.pattern, tt.opts)
			if err == nil {
				t.Fatalf("got %d files and %d warnings, want an error", len(files), len(warnings))
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			if tt.pattern != "" && !strings.Contains(err.Error(), tt.pattern) {
				t.Errorf("error %q does not name %q", err, tt.pattern)
			}
		})
	}
}

func TestReadLocalEmptyDir(t *testing.T) {
	files, warnings, err := ReadLocal(t.Context(), t.TempDir(), LocalOptions{})
	if err != nil || len(files) != 0 || len(warnings) != 0 {
		t.Errorf("got %d files, %v, %v; want nothing and no error", len(files), warnings, err)
	}
}

func TestReadLocalOversized(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "big.md"), strings.Repeat("x", 101))
	write(t, filepath.Join(dir, "edge.md"), strings.Repeat("x", 100))
	files, warnings, err := ReadLocal(t.Context(), dir, LocalOptions{MaxFileBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Name != "edge.md" {
		t.Errorf("got files %+v, want only edge.md", files)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrFileTooLarge) || !strings.Contains(warnings[0].Error(), "big.md") {
		t.Errorf("got warnings %v, want one ErrFileTooLarge naming big.md", warnings)
	}
}

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"post.md", false},
		{"2024-01-01.txt", false},
		{".hidden", true},
		{"post.md~", true},
		{"post.md.swp", true},
		{".post.md.swo", true},
		{"#post.md#", true},
		{"#", false},
		{"c#.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ignored(tt.name); got != tt.want {
				t.Errorf("ignored(%q): got %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestGlobBase(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"seeds/*.md", "seeds"},
		{"seeds/*/post.md", "seeds"},
		{"a/b/c[0-9]/*.md", "a/b"},
		{"*.md", "."},
		{"/srv/posts/*.txt", "/srv/posts"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			pattern := filepath.FromSlash(tt.pattern)
			if got := globBase(pattern); got != filepath.FromSlash(tt.want) {
				t.Errorf("globBase(%q): got %q, want %q", pattern, got, tt.want)
			}
		})
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
