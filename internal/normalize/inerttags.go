package normalize

// inertWhenBare reports the forbidden elements that do nothing when they
// carry no attribute: a form control, a form, a <meta>, <link> or <base>
// without a target. In a title ("Styling <input> elements", "The <form>
// element", "<meta> tags that matter") such a tag is the subject of the
// post, and a reader that renders the title as HTML shows at worst an
// empty control. The elements that run, load, restyle or swallow what
// follows them (script, style, iframe, svg, select, textarea, template,
// title and the other raw-text elements) stay forbidden, bare or not, and
// so does any of these with an attribute (an action, an http-equiv, an
// href).
func inertWhenBare(name string) bool {
	switch name {
	case "input", "button", "form", "meta", "link", "base", "keygen", "isindex", "param":
		return true
	}
	return false
}
