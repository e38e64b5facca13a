package main

import (
	"os"
	"runtime/debug"
)

// GC settings for a run. A cold run allocates several times its input
// (parsed documents, sanitised trees, texts) and keeps little of it: with
// Go's default of collecting whenever the heap doubles, a tenth of its CPU
// went to the collector. Letting the heap grow five-fold between
// collections, under a soft ceiling that keeps the process well within a
// small machine's memory, trades a few tens of megabytes for that CPU.
const (
	gcPercent   = 400
	memoryLimit = 160 << 20
)

// tuneGC applies the settings above unless the user chose their own
// through GOGC or GOMEMLIMIT, which always win.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}
