// Package fullpost serves feeds that carry only an excerpt of each post:
// it tells an excerpt from a whole post (Excerpt), reads the article from
// the post's page with the extractor saved pages use and sanitises it like
// any content (Extract), and decides whether what the page gave is really
// the post the excerpt began (Check). Everything here is a pure function of
// its arguments; fetching and storing are the app layer's.
package fullpost
