package config

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// RetentionConfig bounds what the database keeps: a database left to cron
// for years must not grow with every post ever seen.
type RetentionConfig struct {
	MaxAge       time.Duration // entries published (else first seen) longer ago are pruned; 0 = no age limit
	MaxPerSource int           // only the newest this many entries of each source are kept; 0 = no cap
}

// HealthConfig sets when the daemon's /healthz and the cron run speak up
// about sources that stopped answering.
type HealthConfig struct {
	// DegradedAbove is the fraction of enabled remote sources failing
	// above which /healthz reports "degraded" (still 200).
	DegradedAbove float64
	// FailingAfter is how many of its own intervals every enabled remote
	// source must have been failing before /healthz reports "failing"
	// (503): nothing new can arrive then.
	FailingAfter float64
	// ReportAfter is how long a source must have been failing before
	// `run` names it in its once-a-day line under cron.
	ReportAfter time.Duration
}

func (d *decoder) retention(n *yaml.Node, r *RetentionConfig) {
	d.mapping(n, "retention", func(key string, v *yaml.Node) bool {
		k := "retention." + key
		switch key {
		case "max_age":
			d.duration(v, k, &r.MaxAge)
		case "max_per_source":
			d.integer(v, k, 0, &r.MaxPerSource)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) health(n *yaml.Node, h *HealthConfig) {
	d.mapping(n, "health", func(key string, v *yaml.Node) bool {
		k := "health." + key
		switch key {
		case "degraded_above":
			d.fraction(v, k, &h.DegradedAbove)
		case "failing_after":
			d.number(v, k, 1, &h.FailingAfter)
		case "report_after":
			d.duration(v, k, &h.ReportAfter)
		default:
			return false
		}
		return true
	})
}

// fraction reads a ratio between 0 and 1, written 0.5 or 50%.
func (d *decoder) fraction(n *yaml.Node, key string, dst *float64) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	s, pct := strings.CutSuffix(strings.TrimSpace(v), "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if pct {
		f /= 100
	}
	if err != nil || f < 0 || f >= 1 {
		d.fail(n, key, "expected a fraction from 0 up to (not including) 1, such as 0.5 or 50%%, got %q", v)
		return
	}
	*dst = f
}

// number reads a decimal number of at least min.
func (d *decoder) number(n *yaml.Node, key string, min float64, dst *float64) {
	v, ok := d.scalar(n, key)
	if !ok {
		return
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		d.fail(n, key, "expected a number, got %q", v)
		return
	}
	if f < min {
		d.fail(n, key, "must be at least %g, got %g", min, f)
		return
	}
	*dst = f
}
