package publish

import _ "embed"

//go:embed templates/feed.xsl
var xslText string

// XSL returns the XSLT 1.0 stylesheet that renders atom.xml as a readable
// page in a browser; publish it as XSLFile and pass that name in
// AtomOptions.Stylesheet. Each call returns a fresh copy.
func XSL() []byte { return []byte(xslText) }
