//go:build pageeval

package page

import (
	"os"
	"path/filepath"
	"testing"
)

// TestEvalDump writes every corpus page's text saves to the directory
// TRIBUTARY_EVAL_DUMP names (NAME.METHOD.txt), to read a failure with
// `tributary inspect --explain`.
func TestEvalDump(t *testing.T) {
	dir := os.Getenv("TRIBUTARY_EVAL_DUMP")
	if dir == "" {
		t.Skip("TRIBUTARY_EVAL_DUMP not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range loadEvalPages(t) {
		for _, sv := range textSavers(t) {
			out, err := sv.save(p.source)
			if err != nil {
				t.Logf("%s %s: %v", sv.name, p.name, err)
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, p.name+"."+sv.name+".txt"), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
