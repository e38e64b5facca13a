package page

import (
	"strings"
	"unicode/utf8"
)

// A box after an article (a sign-up form, a "become an author" or
// membership appeal, a contact form) is a heading, a few short lines
// addressed to the reader and the form's button. Its lines are short
// sentences, so the run of prose takes them in as the article's closing
// lines; the button under them, a form's control rather than a share
// link, gives the box away.

// maxBoxRunes is the most text such a box holds: a few short lines.
const maxBoxRunes = 3 * lengthHigh

// maxButtonRunes is the longest line read as one form button.
const maxButtonRunes = 40

// formButton reports whether a line is one form button or field as a
// save prints it: a bracketed label ("[ Send Your Request ]", "[Submit]"),
// lynx's "(BUTTON)" with its label, a text field. A row of buttons
// ("(BUTTON) Preview yellow theme (BUTTON) Preview green theme") is a
// widget of the page, not a box's form.
func formButton(t string) bool {
	if utf8.RuneCountInString(t) > maxButtonRunes {
		return false
	}
	return bracketedRE.MatchString(t) || formField(t) || strings.Count(strings.ToUpper(t), "(BUTTON)") == 1
}

// addressesReader reports whether t speaks to the reader ("you", "your").
func addressesReader(t string) bool {
	for _, w := range letterWords(t) {
		switch w {
		case "you", "your", "you're", "you’re", "yours":
			return true
		}
	}
	return false
}

// withoutTrailingBox ends the run before a box that closes it: after the
// run's last long paragraph, a heading, then only short lines, at least
// one of them addressed to the reader, with a form's button right under
// the run. The lines between the last paragraph and the heading that end
// no sentence (a share row's labels) go with the box.
func withoutTrailingBox(run span, blocks []block, vs []verdict) span {
	next := run.last + 1
	if next >= len(blocks) || !formButton(blocks[next].text) {
		return run
	}
	lastLong := -1
	for i := run.last; i >= run.first; i-- {
		if vs[i].class == classGood && utf8.RuneCountInString(blocks[i].text) >= lengthHigh {
			lastLong = i
			break
		}
	}
	if lastLong < 0 || lastLong == run.last {
		return run
	}
	head := -1
	for i := lastLong + 1; i <= run.last; i++ {
		if headlineShaped(blocks[i], vs[i]) {
			head = i
			break
		}
	}
	if head < 0 || head == run.last {
		return run
	}
	runes, toReader := 0, false
	for i := head; i <= run.last; i++ {
		runes += utf8.RuneCountInString(blocks[i].text)
		toReader = toReader || addressesReader(blocks[i].text)
	}
	if runes > maxBoxRunes || !toReader {
		return run
	}
	last := head - 1
	for last > lastLong && !strings.ContainsRune(".!?…", lastSignificant(blocks[last].text)) {
		last--
	}
	run.last = last
	return run
}
