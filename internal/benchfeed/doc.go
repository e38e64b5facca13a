// Package benchfeed generates a farm of synthetic but realistic feeds for
// benchmarking Tributary end to end, serves them over HTTP with conditional
// GET, and measures the "floor": the CPU it takes merely to parse the same
// bodies with gofeed and insert their entries into SQLite.
//
// Everything is a pure function of a seed and a feed number: feed i is built
// from random streams derived from (seed, i) alone, so any feed can be made
// (or re-made, to answer a request) without making the others, and memory
// stays flat however many feeds a benchmark asks for. Dates count back from a
// fixed instant rather than the clock, so two runs with the same seed serve
// byte-identical bodies and the warm run of a benchmark really is all 304s.
//
// The mix imitates a real blogroll: about half RSS 2.0 (WordPress style), a
// third Atom 1.0 (Blogger style), the rest RSS 1.0 (RDF, Movable Type style)
// and JSON Feed 1.1; 20 to 50 entries per feed with 1 to 8 KB of HTML each
// (paragraphs, links, images, headings, quotes, lists; some src and href
// relative to the site); and some posts cross-posted between two feeds with
// the same text under a different link and guid, sometimes with a retouched
// title or an extra closing paragraph.
package benchfeed
