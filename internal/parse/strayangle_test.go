package parse

import "testing"

func TestEscapeStrayLT(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<t>a < b</t>`, `<t>a &lt; b</t>`},
		{`<t>x <= 3 <3</t>`, `<t>x &lt;= 3 &lt;3</t>`},
		{`<t><![CDATA[a < b]]> <!-- c < d --> <?pi e < f?></t>`, `<t><![CDATA[a < b]]> <!-- c < d --> <?pi e < f?></t>`},
		{`<a:t><é/></a:t><_x/>`, `<a:t><é/></a:t><_x/>`},
		{`<t>cut <`, `<t>cut <`},
		{`<t><![CDATA[open < forever`, `<t><![CDATA[open < forever`},
		{`<<t/>`, `&lt;<t/>`},
	} {
		if got := string(escapeStrayLT([]byte(tc.in))); got != tc.want {
			t.Errorf("escapeStrayLT(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
