package page

import "regexp"

// A video embedded in an article is saved as its player's controls, one a
// line: "Play Video", "Mute", "Current Time 0:00", "Loaded: 0%",
// "Playback Rate", "Captions", "Fullscreen", and the settings of its
// caption dialog. A stretch of them cuts the article's prose in two, and
// is longer than the gaps mainRun crosses otherwise.

// playerControlRE matches a line a video player's controls print.
var playerControlRE = regexp.MustCompile(`(?i)^(?:play(?: video)?|pause|replay|mute|unmute|volume(?: level)?|full ?screen|non-fullscreen|(?:current|remaining) time\b.*|duration(?: time)?\b.*|loaded:.*|progress:.*|playback (?:rate|speed)|chapters|descriptions(?: off)?|captions(?: off| settings)?\b.*|subtitles(?: off| settings)?\b.*|picture[- ]in[- ]picture|quality|settings|stream type\s*live)\s*[,.:]?.*$`)

// minPlayerControls is how many player controls make a gap a player's.
const minPlayerControls = 4

// maxPlayerBlocks is the longest stretch a player's controls and dialogs
// take in a save.
const maxPlayerBlocks = 4 * maxHeaderBlocks

// playerGap reports whether blocks from..to, between two runs of prose,
// are an embedded video's player: at most maxPlayerBlocks blocks, no
// section boundary, and minPlayerControls of its controls or more, a
// quarter of the blocks at least (its caption dialog's settings, "Font
// Size", "Window", make the rest; a player's settings may read as a
// name under a headline, so no headline test is made).
func playerGap(blocks []block, vs []verdict, from, to int) bool {
	n := to - from + 1
	if n > maxPlayerBlocks {
		return false
	}
	controls := 0
	for i := from; i <= to; i++ {
		if vs[i].stop {
			return false
		}
		if playerControlRE.MatchString(headerItem(blocks[i].text)) {
			controls++
		}
	}
	return controls >= minPlayerControls && 4*controls >= n
}
