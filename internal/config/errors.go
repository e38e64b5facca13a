package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a config file, located by file and line.
type Problem struct {
	File string
	Line int
	Key  string // dotted path, e.g. sources[2].url
	Msg  string
}

func (p Problem) Error() string {
	loc := p.File
	if loc == "" {
		loc = "config"
	}
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	}
	if p.Key == "" {
		return fmt.Sprintf("%s: %s", loc, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Key, p.Msg)
}

// Error collects every problem found in one config file, so `tributary
// check` can show them all at once.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}
