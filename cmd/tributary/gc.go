package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target for a run. A cold run
// allocates several times its input (parsed documents, sanitised trees,
// texts) and keeps little of it: with Go's default of collecting whenever
// the heap doubles, a sixth of its CPU went to the collector. Letting the
// heap grow five-fold between collections trades a few tens of megabytes
// for that CPU; the soft memory limit of the config (limits.run_memory,
// 96 MiB by default) still makes the collector work harder before the
// process grows past it.
const gcPercent = 400

// tuneGC applies gcPercent unless the user chose their own through GOGC,
// which always wins.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}
