package parse

import "testing"

func TestUnprefixXHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<h:div><h:p>a <h:b>b</h:b></h:p></h:div>`, `<p>a <b>b</b></p>`},
		{` <x:div xmlns:x="http://www.w3.org/1999/xhtml">t</x:div> `, `t`},
		{`<h:div/>`, ``},
		{`<p>already unprefixed</p>`, `<p>already unprefixed</p>`},
		{`<h:span>not a div</h:span>`, `<h:span>not a div</h:span>`},
		{`<h:div>unclosed`, `<h:div>unclosed`},
		{`<h:div><g:p>other prefix</g:p></h:div>`, `<g:p>other prefix</g:p>`},
		{`plain &lt;h:div&gt; text`, `plain &lt;h:div&gt; text`},
	} {
		if got := unprefixXHTML(tc.in); got != tc.want {
			t.Errorf("unprefixXHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
