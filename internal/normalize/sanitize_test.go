package normalize

import (
	"flag"
	"github.com/tributary/tributary/internal/htmltext"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

const testBase = "https://example.com/blog/post/"

// sanitizeCases are hostile inputs and the exact output each must give, and
// benign content that must survive intact. They also seed FuzzSanitize.
var sanitizeCases = []struct {
	name, in, want string
}{
	// Script elements.
	{"script", `<p>Hi<script>alert(1)</script></p>`, `<p>Hi</p>`},
	{"script mixed case", `<ScRiPt>alert(1)</sCrIpT>ok`, `ok`},
	{"script upper with src", `<SCRIPT SRC="https://evil.test/x.js"></SCRIPT><p>after</p>`, `<p>after</p>`},
	{"script split by nested tag", `<scr<script>ipt>alert(1)</script>`, `ipt&gt;alert(1)`},
	{"script behind doubled brackets", `<<script>script>alert(1)<</script>/script>`, `&lt;/script&gt;`},
	{"unclosed script", `<p>a</p><script>alert(1)`, `<p>a</p>`},

	// Event handlers.
	{"img onerror", `<img src="x.png" onerror="alert(1)">`, `<img src="https://example.com/blog/post/x.png"/>`},
	{"body onload", `<body onload="alert(1)"><p>b</p></body>`, `<p>b</p>`},
	{"upper-case handler", `<p ONMOUSEOVER="alert(1)">hover</p>`, `<p>hover</p>`},
	{"handler on allowed link", `<a href="https://x.test/" onclick="alert(1)">x</a>`, `<a href="https://x.test/" rel="nofollow noopener">x</a>`},

	// javascript: in every URL-carrying attribute.
	{"a href javascript", `<a href="javascript:alert(1)">x</a>`, `x`},
	{"a href mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, `x`},
	{"a href tab entity", `<a href="jav&#x09;ascript:alert(1)">x</a>`, `x`},
	{"a href newline entity", `<a href="java&#10;script:alert(1)">x</a>`, `x`},
	{"a href decimal entity", `<a href="&#106;avascript:alert(1)">x</a>`, `x`},
	{"a href colon entity", `<a href="javascript&colon;alert(1)">x</a>`, `x`},
	{"a href leading space and control", `<a href=" &#x01; javascript:alert(1)">x</a>`, `x`},
	{"a href vbscript", `<a href="vbscript:msgbox(1)">x</a>`, `x`},
	{"a href data html", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>`, `d`},
	{"img src javascript", `<img src="javascript:alert(1)" alt="a">`, ``},
	{"img srcset javascript", `<img src="a.png" srcset="a.png 1x, javascript:alert(1) 2x, b.png 3x">`,
		`<img src="https://example.com/blog/post/a.png" srcset="https://example.com/blog/post/a.png 1x, https://example.com/blog/post/b.png 3x"/>`},
	{"img srcset only javascript", `<img srcset="javascript:alert(1)">`, ``},
	{"img data svg", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`, ``},
	{"form action", `<form action="javascript:alert(1)"><input name="q"><p>in form</p></form>`, `<p>in form</p>`},
	{"button formaction", `<button formaction="javascript:alert(1)">Go</button>after`, `after`},
	{"iframe src", `<iframe src="javascript:alert(1)">x</iframe>after`, `after`},
	{"iframe srcdoc", `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>after`, `after`},
	{"object data", `<object data="javascript:alert(1)"><param name="x" value="y">fallback</object>after`, `after`},
	{"embed src", `<embed src="javascript:alert(1)">after`, `after`},
	{"video poster", `<video src="v.mp4" poster="javascript:alert(1)" autoplay onplay="alert(1)">fallback</video>`,
		`<video src="https://example.com/blog/post/v.mp4" controls="">fallback</video>`},
	{"area href", `<map name="m"><area href="javascript:alert(1)" shape="rect"></map>after`, `after`},
	{"base href", `<base href="javascript:alert(1)//"><a href="x">x</a>`, `<a href="https://example.com/blog/post/x" rel="nofollow noopener">x</a>`},
	{"link href", `<link rel="stylesheet" href="javascript:alert(1)">after`, `after`},
	{"blockquote cite", `<blockquote cite="javascript:alert(1)">q</blockquote>`, `<blockquote>q</blockquote>`},
	{"svg xlink href", `<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>after`, `after`},

	// Other script carriers.
	{"svg onload", `<svg onload="alert(1)"/>after`, `after`},
	{"svg script", `<svg><script>alert(1)</script></svg>after`, `after`},
	{"style attribute url", `<div style="background:url(javascript:alert(1))">s</div>`, `<div>s</div>`},
	{"style attribute expression", `<p style="width:expression(alert(1))">e</p>`, `<p>e</p>`},
	{"style element", `<style>body{background:url(javascript:alert(1))}</style>x`, `x`},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">m`, `m`},
	{"math tricks", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ``},
	{"math href", `<math href="javascript:alert(1)">CLICK</math>after`, `after`},
	{"noscript", `<noscript><img src=x onerror=alert(1)></noscript>n`, `n`},
	{"comment hiding markup", `<!--<img src=x onerror=alert(1)>-->t`, `t`},
	{"conditional comment", `<!--[if IE]><script>alert(1)</script><![endif]-->t`, `t`},
	{"cdata is text", `<![CDATA[<img src=x onerror=alert(1)>]]>t`, `&lt;img src=x onerror=alert(1)&gt;t`},
	{"unterminated cdata", `<![CDATA[<img src=x onerror=alert(1)>t`, `t`},
	{"textarea breakout", `<textarea></textarea><img src=x onerror=alert(1)></textarea>`, `<img src="https://example.com/blog/post/x"/>`},
	{"title breakout", `<title><img src=x onerror=alert(1)></title>t`, `t`},
	{"control characters", "a\x01b\x1bc\u0085d\x7f", `abcd`},
	{"control character references", `<p>&#1;x&#x7f;y&#0;</p>`, "<p>xy\uFFFD</p>"},
	{"invalid utf-8", "ok\xff\xfe", "ok\uFFFD\uFFFD"},
	{"target dropped", `<a href="/x" target="_top" rel="opener">x</a>`, `<a href="https://example.com/x" rel="nofollow noopener">x</a>`},
	{"tracking pixel", `<p>t<img src="https://t.test/p.gif" width="1" height="1"></p>`, `<p>t</p>`},
	{"picture sources", `<picture><source srcset="a.webp" type="image/webp"><source srcset="b.js" type="text/javascript"><img src="a.jpg" alt="A"></picture>`,
		`<picture><source srcset="https://example.com/blog/post/a.webp" type="image/webp"/><img src="https://example.com/blog/post/a.jpg" alt="A"/></picture>`},
	{"orphan source", `<source src="a.mp4">x`, `x`},

	// Benign content survives.
	{"link made absolute", `<p>See <a href="../other/" title="Other">the other post</a>.</p>`,
		`<p>See <a href="https://example.com/blog/other/" title="Other" rel="nofollow noopener">the other post</a>.</p>`},
	{"mailto link", `<a href="mailto:me@example.com">mail</a>`, `<a href="mailto:me@example.com" rel="nofollow noopener">mail</a>`},
	{"fragment link", `<a href="#fn1">1</a>`, `<a href="https://example.com/blog/post/#fn1" rel="nofollow noopener">1</a>`},
	{"image", `<figure><img src="/img/cat.jpg" alt="A cat" width="640" height="480"><figcaption>Cat</figcaption></figure>`,
		`<figure><img src="https://example.com/img/cat.jpg" alt="A cat" width="640" height="480"/><figcaption>Cat</figcaption></figure>`},
	{"image with space in name", `<img src="my photo.png">`, `<img src="https://example.com/blog/post/my%20photo.png"/>`},
	{"data image", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`, `<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"/>`},
	{"table", `<table><caption>T</caption><tr><th scope="col">h</th></tr><tr><td colspan="2" rowspan="x">a</td></tr></table>`,
		`<table><caption>T</caption><tbody><tr><th scope="col">h</th></tr><tr><td colspan="2">a</td></tr></tbody></table>`},
	{"code block", "<pre><code class=\"language-go\">if a &lt; b {\n\treturn\n}</code></pre>", "<pre><code>if a &lt; b {\n\treturn\n}</code></pre>"},
	{"lists and quotes", `<ol start="3"><li>x</li></ol><blockquote cite="/src"><p>q</p></blockquote>`,
		`<ol start="3"><li>x</li></ol><blockquote cite="https://example.com/src"><p>q</p></blockquote>`},
	{"details", `<details open><summary>More</summary><p>Hidden</p></details>`, `<details open=""><summary>More</summary><p>Hidden</p></details>`},
	{"class id style dropped", `<p class="lead" id="top" style="color:red">x</p>`, `<p>x</p>`},
	{"unknown elements unwrapped", `<font color="red">red</font> <center>c</center>`, `red c`},
	{"audio", `<audio src="/a.mp3" autoplay loop>no audio</audio>`, `<audio src="https://example.com/a.mp3" loop="" controls="">no audio</audio>`},
	{"entities kept", `<p>AT&amp;T &lt;3 &copy;</p>`, `<p>AT&amp;T &lt;3 ©</p>`},
	{"empty", "  \n ", ``},
	{"absurd nesting degrades to text", strings.Repeat("<div>", 600) + "deep <b>text</b><script>x</script>", `<p>deep text</p>`},
}

func TestSanitize(t *testing.T) {
	for _, tc := range sanitizeCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Sanitize(tc.in, testBase)
			if got != tc.want {
				t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
			}
			if v := Unsafe(got); len(v) > 0 {
				t.Errorf("Sanitize(%q) = %q is unsafe: %v", tc.in, got, v)
			}
			// The guard in Sanitize must not be what made these safe.
			if raw := sanitize(tc.in, testBase); raw != got {
				t.Errorf("sanitize(%q) = %q, differs from Sanitize %q", tc.in, raw, got)
			}
		})
	}
}

func TestSanitizeBase(t *testing.T) {
	tests := []struct {
		name, in, base, want string
	}{
		{"no base keeps relative", `<a href="/x">x</a>`, "", `<a href="/x" rel="nofollow noopener">x</a>`},
		{"no base drops javascript", `<a href="javascript:alert(1)">x</a>`, "", `x`},
		{"relative base ignored", `<img src="a.png">`, "/blog/", `<img src="a.png"/>`},
		{"javascript base ignored", `<img src="a.png">`, "javascript:alert(1)", `<img src="a.png"/>`},
		{"colon in relative path", `<a href="./javascript:alert(1)">x</a>`, "", `<a href="./javascript:alert(1)" rel="nofollow noopener">x</a>`},
		{"absolute link kept", `<a href="http://other.test/p?a=1&amp;b=2">x</a>`, testBase, `<a href="http://other.test/p?a=1&amp;b=2" rel="nofollow noopener">x</a>`},
		{"protocol relative", `<img src="//cdn.test/i.png">`, testBase, `<img src="https://cdn.test/i.png"/>`},
		{"backslashes", `<a href="\\evil.test\x">x</a>`, testBase, `<a href="https://evil.test/x" rel="nofollow noopener">x</a>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in, tc.base); got != tc.want {
				t.Errorf("Sanitize(%q, %q)\n got: %q\nwant: %q", tc.in, tc.base, got, tc.want)
			}
		})
	}
}

func TestSanitizeFallback(t *testing.T) {
	// textAsHTML is what Sanitize returns if the tidy step ever fails; it
	// must itself be safe and keep the paragraphs.
	got := htmltext.Paragraphs("a <script> & b\nline\n\npara")
	want := "<p>a &lt;script&gt; &amp; b<br>line</p><p>para</p>"
	if got != want {
		t.Errorf("textAsHTML = %q, want %q", got, want)
	}
	if v := Unsafe(got); len(v) > 0 {
		t.Errorf("textAsHTML output unsafe: %v", v)
	}
}

// TestSanitizeGolden sanitises realistic posts; testdata/sanitize/NAME.html
// is the input and NAME.golden the expected output (-update rewrites them).
func TestSanitizeGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "sanitize", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden inputs in testdata/sanitize")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := Sanitize(string(in), "https://blog.example.org/2025/02/28/"+name+"/")
			if v := Unsafe(got); len(v) > 0 {
				t.Errorf("output unsafe: %v", v)
			}
			golden := strings.TrimSuffix(file, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got != string(want) {
				t.Errorf("Sanitize(%s) differs from %s\n got: %s\nwant: %s", file, golden, got, want)
			}
			if again := Sanitize(got, "https://blog.example.org/"); again != got {
				t.Errorf("Sanitize is not stable on its own output:\nonce:  %s\ntwice: %s", got, again)
			}
		})
	}
}

func FuzzSanitize(f *testing.F) {
	for _, tc := range sanitizeCases {
		f.Add(tc.in, testBase)
	}
	f.Add(`<a href="x">`, "")
	f.Add(`<img src="a.png">`, "javascript:alert(1)")
	golden, _ := filepath.Glob(filepath.Join("testdata", "sanitize", "*.html"))
	for _, file := range golden {
		if post, err := os.ReadFile(file); err == nil {
			f.Add(string(post), "https://blog.example.org/")
		}
	}
	f.Fuzz(func(t *testing.T, in, base string) {
		if strings.TrimSpace(in) != "" {
			if a, b := allowlisted(in), policy().Sanitize(in); a != b {
				t.Fatalf("allowlisted(%q) = %q, Sanitize gives %q", in, a, b)
			}
		}
		got := sanitize(in, base)
		if v := Unsafe(got); len(v) > 0 {
			t.Fatalf("sanitize(%q, %q) = %q is unsafe: %v", in, base, got, v)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("sanitize(%q, %q) = %q is not valid UTF-8", in, base, got)
		}
		if _, text := sanitizeText(in, base, base, true); text != htmltext.Text(got) {
			t.Fatalf("sanitizeText(%q, %q) text = %q, TextFromHTML of its HTML = %q", in, base, text, htmltext.Text(got))
		}
		if final := Sanitize(in, base); final != got {
			t.Fatalf("Sanitize(%q, %q) = %q, sanitize gave %q", in, base, final, got)
		}
		// Re-sanitising stored content (the publisher's last check) must
		// not change it, or outputs would drift between runs.
		if again := sanitize(got, base); again != got {
			t.Fatalf("sanitize not idempotent on %q, %q:\nonce:  %q\ntwice: %q", in, base, got, again)
		}
	})
}

// TestSanitizeTextMatchesText checks that the text read from the
// sanitised tree is exactly what htmltext.Text reads from the sanitised
// HTML: signatures and derived titles must not depend on which was used.
func TestSanitizeTextMatchesText(t *testing.T) {
	inputs := []string{
		"<p>One</p><p>Two<br>three</p>",
		"<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>",
		"<pre>\n  code\n  more</pre><p>after</p>",
		"<ul><li>x<li>y</ul>text<hr>tail<img src=a.png alt=q>end",
		"<p>caf\u00e9 &amp; cr\u00e8me\u00a0br\u00fbl\u00e9e\u2003spaced</p>",
		"<div><div><p></p></div></div><p>  lead and trail  </p>",
		"<p>a<script>no</script>b<style>x</style>c</p><svg><text>gone</text></svg>",
		"plain text\r\nwith\rbreaks",
		"<details><summary>S</summary>D</details><figure><img src=x.png><figcaption>F</figcaption></figure>",
		"<p>\u202eevil\u202c \ufeffbom</p>",
		"<![CDATA[<b>cdata</b>]]> after",
		"<p><a href=\"/x\">link</a><wbr>joined<br/><br/>two</p>",
		"",
		"   ",
	}
	for _, tc := range sanitizeCases {
		inputs = append(inputs, tc.in)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "sanitize", "*.html"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		out, text := sanitizeText(in, testBase, testBase, true)
		if want := htmltext.Text(out); text != want {
			t.Errorf("sanitizeText(%.60q):\n tree text: %q\nTextFromHTML: %q", in, text, want)
		}
		if plain := sanitize(in, testBase); plain != out {
			t.Errorf("sanitizeText(%.60q) HTML differs from sanitize's", in)
		}
	}
}

func BenchmarkSanitize(b *testing.B) {
	post, err := os.ReadFile(filepath.Join("testdata", "sanitize", "post.html"))
	if err != nil {
		b.Fatal(err)
	}
	in := string(post)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		Sanitize(in, "https://blog.example.org/2025/02/28/post/")
	}
}

// TestAllowlistedIsSanitize pins allowlisted to bluemonday's own Sanitize.
func TestAllowlistedIsSanitize(t *testing.T) {
	inputs := []string{"<p>x</p>", "<script>a</script><b onclick=x>b", "plain", "<p>" + strings.Repeat("<i>deep ", 600)}
	for _, tc := range sanitizeCases {
		inputs = append(inputs, tc.in)
	}
	for _, in := range inputs {
		if got, want := allowlisted(in), policy().Sanitize(in); got != want {
			t.Errorf("allowlisted(%.40q) = %.60q, Sanitize gives %.60q", in, got, want)
		}
	}
}
