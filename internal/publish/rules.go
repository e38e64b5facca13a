package publish

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
)

// The RELAX NG schema of RFC 4287 carries its cross-element rules only as
// Schematron annotations, which jing ignores. CheckAtomRules checks them.

type rulesLink struct {
	Rel      *string `xml:"rel,attr"`
	Type     string  `xml:"type,attr"`
	Hreflang string  `xml:"hreflang,attr"`
}

type rulesContent struct {
	Src *string `xml:"src,attr"`
}

type rulesSource struct {
	Authors []struct{} `xml:"http://www.w3.org/2005/Atom author"`
}

type rulesEntry struct {
	ID      string        `xml:"http://www.w3.org/2005/Atom id"`
	Authors []struct{}    `xml:"http://www.w3.org/2005/Atom author"`
	Links   []rulesLink   `xml:"http://www.w3.org/2005/Atom link"`
	Content *rulesContent `xml:"http://www.w3.org/2005/Atom content"`
	Summary *struct{}     `xml:"http://www.w3.org/2005/Atom summary"`
	Source  *rulesSource  `xml:"http://www.w3.org/2005/Atom source"`
}

type rulesFeed struct {
	XMLName xml.Name
	Authors []struct{}   `xml:"http://www.w3.org/2005/Atom author"`
	Links   []rulesLink  `xml:"http://www.w3.org/2005/Atom link"`
	Entries []rulesEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

// CheckAtomRules checks an Atom feed or entry document against the RFC 4287
// rules that its RELAX NG schema cannot express:
//   - every entry has an atom:author, directly, in its atom:source or
//     inherited from the feed (§4.1.1, §4.1.2);
//   - every entry has an atom:content or a rel="alternate" link (§4.1.2);
//   - an entry whose content has a src attribute has an atom:summary (§4.1.2);
//   - no feed or entry has two alternate links with the same type and
//     hreflang (§4.1.1, §4.1.2).
//
// It also fails on a document that is not well-formed XML or whose root is
// not an Atom feed or entry. All violations are reported, joined.
func CheckAtomRules(data []byte) error {
	var doc rulesFeed
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("check atom: %w", err)
	}
	if doc.XMLName.Space != atomNS {
		return fmt.Errorf("check atom: root element {%s}%s is not in the Atom namespace", doc.XMLName.Space, doc.XMLName.Local)
	}
	var errs []error
	switch doc.XMLName.Local {
	case "feed":
		errs = append(errs, checkAlternates("feed", doc.Links)...)
		for i, e := range doc.Entries {
			errs = append(errs, checkEntry(fmt.Sprintf("entry %d (%s)", i+1, e.ID), e, len(doc.Authors) > 0)...)
		}
	case "entry":
		// An entry document is decoded into the feed shape; re-read it as
		// the entry it is.
		var e rulesEntry
		if err := xml.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("check atom: %w", err)
		}
		errs = append(errs, checkEntry(fmt.Sprintf("entry (%s)", e.ID), e, false)...)
	default:
		return fmt.Errorf("check atom: root element %q is neither feed nor entry", doc.XMLName.Local)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("check atom: %w", err)
	}
	return nil
}

func checkEntry(name string, e rulesEntry, feedHasAuthor bool) []error {
	var errs []error
	if len(e.Authors) == 0 && !feedHasAuthor && (e.Source == nil || len(e.Source.Authors) == 0) {
		errs = append(errs, fmt.Errorf("%s: no atom:author, and neither the feed nor its atom:source has one", name))
	}
	if e.Content == nil && !hasAlternate(e.Links) {
		errs = append(errs, fmt.Errorf("%s: neither atom:content nor a rel=\"alternate\" link", name))
	}
	if e.Content != nil && e.Content.Src != nil && e.Summary == nil {
		errs = append(errs, fmt.Errorf("%s: atom:content has src but there is no atom:summary", name))
	}
	return append(errs, checkAlternates(name, e.Links)...)
}

// isAlternate: a link without rel is an alternate link (RFC 4287 §4.2.7.2).
func (l rulesLink) isAlternate() bool { return l.Rel == nil || *l.Rel == "alternate" }

func hasAlternate(links []rulesLink) bool {
	for _, l := range links {
		if l.isAlternate() {
			return true
		}
	}
	return false
}

func checkAlternates(name string, links []rulesLink) []error {
	var errs []error
	for i, a := range links {
		if !a.isAlternate() {
			continue
		}
		for _, b := range links[:i] {
			if b.isAlternate() && a.Type == b.Type && a.Hreflang == b.Hreflang {
				errs = append(errs, fmt.Errorf("%s: two rel=\"alternate\" links with type %q and hreflang %q", name, a.Type, a.Hreflang))
				break
			}
		}
	}
	return errs
}
