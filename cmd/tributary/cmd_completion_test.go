package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			stdout, _, err := runCLI(t, "completion", shell)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range commands() {
				if !strings.Contains(stdout, c.name) {
					t.Errorf("no command %s", c.name)
				}
			}
			// Flags are read from each command's own help.
			for _, flag := range []string{"purge", "no-fetch", "dry-run", "json", "all", "probe", "config"} {
				if !strings.Contains(stdout, flag) {
					t.Errorf("no flag %s", flag)
				}
			}
			if bin, err := exec.LookPath(shell); err == nil {
				script := filepath.Join(t.TempDir(), "completion."+shell)
				os.WriteFile(script, []byte(stdout), 0o644)
				if out, err := exec.Command(bin, "-n", script).CombinedOutput(); err != nil {
					t.Errorf("%s -n: %v\n%s", shell, err, out)
				}
			} else if os.Getenv("CI") != "" {
				t.Logf("%s is not installed; the script's syntax is not checked", shell)
			}
		})
	}
	if _, _, err := runCLI(t, "completion", "powershell"); exitCode(err) != exitUsage {
		t.Errorf("unknown shell: exit %d, want %d", exitCode(err), exitUsage)
	}
	if _, _, err := runCLI(t, "completion"); exitCode(err) != exitUsage {
		t.Errorf("no shell: exit %d, want %d", exitCode(err), exitUsage)
	}
}

// TestBashCompletionWorks runs the bash function the way bash would.
func TestBashCompletionWorks(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	script, _, err := runCLI(t, "completion", "bash")
	if err != nil {
		t.Fatal(err)
	}
	path, _ := manageConfig(t)
	// A fake tributary on PATH answers 'sources --names' as the real one
	// would for this config.
	names, _, err := runCLI(t, "-c", path, "sources", "--names")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	fake := filepath.Join(bin, "tributary")
	os.WriteFile(fake, []byte("#!/bin/sh\nprintf '"+strings.ReplaceAll(names, "\n", `\n`)+"'\n"), 0o755)
	tests := []struct {
		words, want string
	}{
		{"tributary ad", "add"},
		{"tributary -c x.yaml rem", "remove"},
		{"tributary remove --pu", "--purge"},
		{"tributary remove ", "existing mirror"},
		{"tributary -c x.yaml run mi", "mirror"},
		{"tributary completion f", "fish"},
		{"tributary help imp", "import"},
		{"tributary add --interval ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			words := strings.Fields(tt.words)
			if strings.HasSuffix(tt.words, " ") {
				words = append(words, "")
			}
			words[0] = fake
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, shq(w))
			}
			prog := script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
				strconv.Itoa(len(words)-1) + "\n_tributary\necho \"${COMPREPLY[*]}\"\n"
			out, err := exec.Command(bash, "-c", prog).CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
