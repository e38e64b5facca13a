package parse

import (
	"strconv"
	"strings"
	"testing"
)

func TestResolveDoctypeEntities(t *testing.T) {
	const head = `<?xml version="1.0"?>`
	tests := []struct{ name, in, want string }{
		{"simple text", `<!DOCTYPE rss [<!ENTITY who "Jane Doe">]><rss><t>by &who;</t></rss>`, `<rss><t>by Jane Doe</t></rss>`},
		{"character reference kept for the parser", `<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]><rss><t>a&nbsp;b</t></rss>`, `<rss><t>a&#160;b</t></rss>`},
		{"nested", `<!DOCTYPE rss [<!ENTITY a "A"><!ENTITY ab "&a;B">]><rss>&ab;&a;</rss>`, `<rss>ABA</rss>`},
		{"first declaration binds", `<!DOCTYPE r [<!ENTITY x "one"><!ENTITY x "two">]><r>&x;</r>`, `<r>one</r>`},
		{"single quotes", `<!DOCTYPE r [<!ENTITY x 'it"s'>]><r>&x;</r>`, `<r>it"s</r>`},
		{"undeclared left alone", `<!DOCTYPE r [<!ENTITY x "X">]><r>&y; &x; &amp; &#65;</r>`, `<r>&y; X &amp; &#65;</r>`},
		{"predefined never redefined", `<!DOCTYPE r [<!ENTITY lt "LT">]><r>&lt;</r>`, `<r>&lt;</r>`},
		{"not in CDATA, comments or PIs", `<!DOCTYPE r [<!ENTITY x "X">]><r><![CDATA[&x;]]><!-- &x; --><?p &x;?>&x;</r>`, `<r><![CDATA[&x;]]><!-- &x; --><?p &x;?>X</r>`},
		{"attribute values", `<!DOCTYPE r [<!ENTITY h "example.com"><!ENTITY q 'a"b'>]><r a="https://&h;/" b="&q;">&q;</r>`, `<r a="https://example.com/" b="&q;">a"b</r>`},
		{"markup inside the value", `<!DOCTYPE r [<!ENTITY sig "<b>Bye</b>">]><r><d>&sig;</d></r>`, `<r><d><b>Bye</b></d></r>`},
		{"external never fetched", `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY p PUBLIC "-//x" "http://x/">]><r>&xxe;&p;</r>`, `<r>&xxe;&p;</r>`},
		{"parameter entity ignored", `<!DOCTYPE r [<!ENTITY % pe "X"><!ENTITY x "Y">]><r>&pe;&x;</r>`, `<r>&pe;Y</r>`},
		{"apostrophe in a comment", `<!DOCTYPE r [<!-- Netscape's entities --><!ENTITY x "X">]><r>&x;</r>`, `<r>X</r>`},
		{"declaration in a comment ignored", `<!DOCTYPE r [<!-- <!ENTITY x "X"> -->]><r>&x;</r>`, `<r>&x;</r>`},
		{"self reference refused", `<!DOCTYPE r [<!ENTITY a "&b;"><!ENTITY b "&a;"><!ENTITY c "C">]><r>&a;&c;</r>`, `<r>&a;C</r>`},
		{"kept after the XML declaration", head + `<!DOCTYPE r [<!ENTITY x "X">]><r>&x;</r>`, head + `<r>X</r>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(resolveDoctype([]byte(tt.in))); got != tt.want {
				t.Errorf("resolveDoctype(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEntityBombs checks that the expansion bounds hold against the classic
// attacks: exponential nesting, a deep chain and one large entity used
// many times. The document may grow by at most entityBudget plus its size.
func TestEntityBombs(t *testing.T) {
	laughs := `<!ENTITY l0 "lol">`
	for i := 1; i <= 12; i++ {
		laughs += `<!ENTITY l` + strconv.Itoa(i) + ` "` + strings.Repeat("&l"+strconv.Itoa(i-1)+";", 10) + `">`
	}
	deep := `<!ENTITY d0 "x">`
	for i := 1; i <= 40; i++ {
		deep += `<!ENTITY d` + strconv.Itoa(i) + ` "&d` + strconv.Itoa(i-1) + `;">`
	}
	big := strings.Repeat("y", maxEntityText-10)
	tests := []struct {
		name, subset, body string
		wantLiteral        string // a reference that must stay unexpanded
	}{
		{"billion laughs", laughs, strings.Repeat("&l12;", 1000), "&l12;"},
		{"deep chain", deep, "&d40;", "&d40;"},
		{"quadratic blowup", `<!ENTITY big "` + big + `">`, strings.Repeat("&big;", 100000), "&big;"},
		{"too big at once", `<!ENTITY big "` + big + big + `">`, "&big;", "&big;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := `<!DOCTYPE rss [` + tt.subset + `]><rss><t>` + tt.body + `</t></rss>`
			out := resolveDoctype([]byte(in))
			if len(out) > 2*len(in)+entityBudget {
				t.Errorf("document grew from %d to %d bytes, over the budget", len(in), len(out))
			}
			if got, want := strings.Count(string(out), tt.wantLiteral), strings.Count(tt.body, tt.wantLiteral); got != want {
				t.Errorf("%s left as written %d times of %d, want every reference left: none or all are expanded", tt.wantLiteral, got, want)
			}
		})
	}
	t.Run("a large entity used a few times still expands", func(t *testing.T) {
		in := `<!DOCTYPE rss [<!ENTITY big "` + big + `"><!ENTITY huge "` + big + `">]><rss>&big;&big;` + strings.Repeat("&huge;", 40) + `</rss>`
		out := string(resolveDoctype([]byte(in)))
		if strings.Count(out, "&big;") != 0 || strings.Count(out, "&huge;") != 40 {
			t.Errorf("got %d &big; and %d &huge; left, want big expanded and huge, over the budget, left", strings.Count(out, "&big;"), strings.Count(out, "&huge;"))
		}
	})
	t.Run("small laughs still expand", func(t *testing.T) {
		out := string(resolveDoctype([]byte(`<!DOCTYPE rss [` + laughs + `]><rss>&l2;</rss>`)))
		if want := "<rss>" + strings.Repeat("lol", 100) + "</rss>"; out != want {
			t.Errorf("got %q, want %q", out, want)
		}
	})
}

// FuzzResolveDoctype checks that expansion never panics and always stays
// within its budget, whatever the internal subset declares.
func FuzzResolveDoctype(f *testing.F) {
	for _, s := range []string{
		`<!DOCTYPE r [<!ENTITY a "&b;&b;"><!ENTITY b "&a;">]><r>&a;&b;</r>`,
		`<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;">]><r a="&c;">&c;<![CDATA[&c;]]></r>`,
		`<!DOCTYPE r [<!ENTITY q 'say "hi"'>]><r t="&q;">&q;</r>`,
		`<!DOCTYPE r [<!ENTITY % p "x"><!ENTITY e SYSTEM "file:///x">]><r>&e;</r>`,
		`<!DOCTYPE r [<!ENTITY unterminated "abc]><r>&unterminated;</r>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		out := resolveDoctype([]byte(doc))
		if len(out) > 2*len(doc)+entityBudget {
			t.Fatalf("%d bytes became %d, over the budget", len(doc), len(out))
		}
	})
}
