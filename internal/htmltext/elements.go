package htmltext

import "golang.org/x/net/html/atom"

// The one element table of the project's text: what each tag adds to the
// text around it. Every reader of HTML as text (body text, titles,
// excerpts, a saved page's headings) goes through tagBreak and noProse.

// noProse reports elements whose content is not text a person reads.
func noProse(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Iframe, atom.Noembed,
		atom.Noframes, atom.Noscript, atom.Object, atom.Head, atom.Svg, atom.Math:
		return true
	}
	return false
}

// blockElement reports elements that start a new paragraph of text.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Caption,
		atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header,
		atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Tr, atom.Ul, atom.Body, atom.Html:
		return true
	}
	return false
}

// tagBreak returns what a start or end tag of element a adds to the text:
// a paragraph break for blocks, a line break for <br>, a space between
// table cells, nothing for inline elements.
func tagBreak(a atom.Atom) string {
	switch {
	case a == atom.Br:
		return "\n"
	case blockElement(a):
		return "\n\n"
	case a == atom.Td || a == atom.Th:
		return " "
	}
	return ""
}

// VoidElement reports the elements html.Render writes as one self-closing
// tag, without children.
func VoidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
