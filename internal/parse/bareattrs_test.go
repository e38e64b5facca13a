package parse

import "testing"

func TestQuoteBareAttrs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<rss version=2.0><channel/></rss>`, `<rss version="2.0"><channel/></rss>`},
		{`<guid isPermaLink=false>g</guid>`, `<guid isPermaLink="false">g</guid>`},
		{`<enclosure url=http://a.example/x.mp3 length=5 type="audio/mpeg"/>`, `<enclosure url="http://a.example/x.mp3" length="5" type="audio/mpeg"/>`},
		{`<a b = 1 c='x=y'>t=u</a>`, `<a b = "1" c='x=y'>t=u</a>`},
		{`<a b=x"y>`, `<a b="x&quot;y">`},
		{`<t>a=b <![CDATA[<x y=z>]]><!-- <x y=z> --></t>`, `<t>a=b <![CDATA[<x y=z>]]><!-- <x y=z> --></t>`},
		{`<rss version="2.0">`, `<rss version="2.0">`},
		{`<x y=`, `<x y=`},
	} {
		if got := string(quoteBareAttrs([]byte(tc.in))); got != tc.want {
			t.Errorf("quoteBareAttrs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
