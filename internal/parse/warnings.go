package parse

import "strconv"

// warnings collects what a parse had to bend or ignore, once per kind of
// problem with a count, so a feed with the same fault in every item yields
// one line, not hundreds. It belongs to one parse: nothing is shared.
type warnings struct {
	order []string
	count map[string]int
}

func (w *warnings) add(msg string) {
	if w.count == nil {
		w.count = map[string]int{}
	}
	if w.count[msg] == 0 {
		w.order = append(w.order, msg)
	}
	w.count[msg]++
}

// list returns the warnings in the order first met, each with its count
// when it occurred more than once; nil when there were none.
func (w *warnings) list() []string {
	var out []string
	for _, msg := range w.order {
		if n := w.count[msg]; n > 1 {
			msg += " (" + strconv.Itoa(n) + " times)"
		}
		out = append(out, msg)
	}
	return out
}
