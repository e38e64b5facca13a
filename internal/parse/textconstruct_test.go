package parse

import "testing"

func TestConstructKind(t *testing.T) {
	tests := []struct {
		name string
		fi   fieldInfo
		want textKind
	}{
		{"no type", fieldInfo{}, kindText},
		{"text", fieldInfo{typ: "text"}, kindText},
		{"Atom 0.3 text/plain", fieldInfo{typ: "text/plain", mode: "xml"}, kindText},
		{"other text type", fieldInfo{typ: "text/markdown"}, kindText},
		{"XML type", fieldInfo{typ: "application/atom+xml"}, kindText},
		{"XML type with its XML inline", fieldInfo{typ: "application/xml", children: true}, kindText},
		{"html", fieldInfo{typ: "html"}, kindHTML},
		{"escaped text/html", fieldInfo{typ: "text/html", mode: "escaped"}, kindHTML},
		{"parameters ignored", fieldInfo{typ: "text/html; charset=utf-8"}, kindHTML},
		{"xhtml", fieldInfo{typ: "xhtml"}, kindXHTML},
		{"Atom 0.3 xhtml", fieldInfo{typ: "application/xhtml+xml", mode: "xml"}, kindXHTML},
		{"undeclared inline markup", fieldInfo{children: true}, kindXHTML},
		{"text declared, markup inside", fieldInfo{typ: "text", children: true}, kindXHTML},
		{"Atom 0.3 base64", fieldInfo{typ: "text/html", mode: "base64"}, kindBase64},
		{"binary type", fieldInfo{typ: "image/png"}, kindBase64},
		{"JSON is base64 by RFC 4287", fieldInfo{typ: "application/json"}, kindBase64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := constructKind(tc.fi); got != tc.want {
				t.Errorf("constructKind(%+v) = %d, want %d", tc.fi, got, tc.want)
			}
		})
	}
}
