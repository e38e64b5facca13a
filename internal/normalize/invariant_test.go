package normalize

import (
	"slices"
	"strings"
	"testing"
)

func TestUnsafe(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"safe markup", `<p><a href="https://x.test/" rel="nofollow">x</a><img src="/i.png" alt=""></p>`, nil},
		{"safe mailto and fragment", `<a href="mailto:a@b.c">m</a><a href="#x">f</a>`, nil},
		{"text mentioning javascript", `<p>javascript: is a scheme; onload= is an attribute</p>`, nil},
		{"query containing javascript", `<a href="https://x.test/?q=javascript:alert(1)">q</a>`, nil},
		{"script", `<script>alert(1)</script>`, []string{"element <script>"}},
		{"style element", `<style>p{}</style>`, []string{"element <style>"}},
		{"mixed case script", `<ScRiPt>x</ScRiPt>`, []string{"element <script>"}},
		{"iframe srcdoc", `<iframe srcdoc="x"></iframe>`, []string{"element <iframe>", "srcdoc on <iframe>"}},
		{"event handler", `<img src="x" ONERROR="alert(1)">`, []string{"event handler onerror on <img>"}},
		{"javascript href", `<a href="javascript:alert(1)">x</a>`, []string{"javascript: URL in href on <a>"}},
		{"entity-encoded tab", `<a href="jav&#x09;ascript:alert(1)">x</a>`, []string{"javascript: URL in href on <a>"}},
		{"leading control and space", "<a href=\"\x01 javascript:alert(1)\">x</a>",
			[]string{"control character U+0001", "javascript: URL in href on <a>"}},
		{"control reference in attribute", `<a href="&#1;javascript:alert(1)">x</a>`,
			[]string{"control character U+0001 in href on <a>", "javascript: URL in href on <a>"}},
		{"vbscript", `<img src="VBScript:x">`, []string{"vbscript: URL in src on <img>"}},
		{"data html", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, []string{"data: URL in href on <a>"}},
		{"data png in img", `<img src="data:image/png;base64,AAAA">`, nil},
		{"data png in link", `<a href="data:image/png;base64,AAAA">x</a>`, []string{"data: URL in href on <a>"}},
		{"data svg in img", `<img src="data:image/svg+xml,<svg onload=alert(1)>">`, []string{"data: URL in src on <img>"}},
		{"srcset", `<img srcset="a.png 1x, javascript:alert(1) 2x">`, []string{"javascript: URL in srcset on <img>"}},
		{"formaction", `<p formaction="javascript:x">b</p>`, []string{"javascript: URL in formaction on <p>"}},
		{"action", `<div action="javascript:x">b</div>`, []string{"javascript: URL in action on <div>"}},
		{"poster", `<video poster="javascript:x"></video>`, []string{"javascript: URL in poster on <video>"}},
		{"background", `<table background="javascript:x"></table>`, []string{"javascript: URL in background on <table>"}},
		{"cite", `<blockquote cite="javascript:x">q</blockquote>`, []string{"javascript: URL in cite on <blockquote>"}},
		{"xlink href", `<svg><a xlink:href="javascript:x">t</a></svg>`,
			[]string{"element <svg>", "svg element <svg>", "svg element <a>", "javascript: URL in href on <a>"}},
		{"svg onload", `<svg onload="x"/>`, []string{"element <svg>", "svg element <svg>", "event handler onload on <svg>"}},
		{"math", `<math><mi>x</mi></math>`, []string{"element <math>", "math element <math>", "math element <mi>"}},
		{"style expression", `<p style="width: expr/**/ession(alert(1))">x</p>`, []string{"expression in style on <p>"}},
		{"style javascript url", `<p style="background:url(java\script:x)">x</p>`, []string{"javascript in style on <p>"}},
		{"harmless style", `<p style="color: red">x</p>`, nil},
		{"meta base link", `<meta http-equiv="refresh" content="0"><base href="/"><link rel="x">`,
			[]string{"element <meta>", "element <base>", "element <link>"}},
		{"form controls", `<form><input><button>b</button><textarea></textarea><select></select></form>`,
			[]string{"element <form>", "element <input>", "element <button>", "element <textarea>", "element <select>"}},
		{"object embed applet frame", `<object></object><embed><applet></applet><frameset><frame></frameset>`,
			[]string{"element <object>", "element <embed>", "element <applet>"}},
		{"noscript", `<noscript><img src=x onerror=alert(1)></noscript>`, []string{"element <noscript>"}},
		{"control character", "a\x00b", []string{"control character U+0000"}},
		{"C1 control", "a\u0085b", []string{"control character U+0085"}},
		{"control reference", `<p>&#x1b;</p>`, []string{"control character U+001B in text"}},
		{"noncharacter", "a\uffffb", []string{"control character U+FFFF"}},
		{"invalid UTF-8", "a\xffb", []string{"invalid UTF-8"}},
		{"tab newline cr allowed", "a\tb\nc\rd", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unsafe(tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Unsafe(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestUnsafeUnparsable(t *testing.T) {
	// What the checker cannot parse it cannot vouch for.
	got := Unsafe(strings.Repeat("<b>", 600))
	if len(got) != 1 || !strings.HasPrefix(got[0], "unparsable HTML: ") {
		t.Errorf("Unsafe(600 nested <b>) = %q, want one unparsable HTML violation", got)
	}
}

func TestUnsafeBounded(t *testing.T) {
	in := ""
	for i := range 100 {
		in += `<p onclick` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `="x">`
	}
	if got := Unsafe(in); len(got) != maxViolations {
		t.Errorf("Unsafe reported %d violations, want the cap %d", len(got), maxViolations)
	}
}

func TestUnsafeText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Tom & Jerry: a <3 story", nil},
		{"harmless tag-like text", "Why List<T> beats <dialog>", nil},
		{"script markup", "Hi <script>alert(1)</script>", []string{"element <script>"}},
		{"handler markup", `<img src=x onerror=alert(1)>`, []string{"event handler onerror on <img>"}},
		{"control", "a\x07b", []string{"control character U+0007"}},
		{"bidi override", "abc\u202Egnp.exe", []string{"bidi control U+202E"}},
		{"invalid UTF-8", "\xc3", []string{"invalid UTF-8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := UnsafeText(tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("UnsafeText(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
		})
	}
}
