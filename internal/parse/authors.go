package parse

import (
	"github.com/tributary/tributary/internal/htmltext"
	"html"
	"net/mail"
	"strings"
)

// authorName reduces one author string to a display name. It understands
// "Name <mail>", "mail (Name)", "Name (mail)", quoted names and bare
// addresses. isMail reports that only an address was found, so callers can
// prefer a real name from elsewhere.
func authorName(s string) (name string, isMail bool) {
	s = htmltext.Collapse(html.UnescapeString(s))
	if s == "" {
		return "", false
	}
	if open := strings.LastIndexByte(s, '('); open > 0 && strings.HasSuffix(s, ")") {
		outer := strings.TrimSpace(s[:open])
		inner := strings.TrimSpace(s[open+1 : len(s)-1])
		switch {
		case looksLikeMail(outer) && inner != "" && !looksLikeMail(inner):
			return inner, false // RSS 2.0's "mail (Name)"
		case looksLikeMail(inner) && outer != "" && !looksLikeMail(outer):
			return trimQuotes(outer), false
		}
	}
	if strings.ContainsRune(s, '<') || strings.ContainsRune(s, '@') {
		if addr, err := mail.ParseAddress(s); err == nil {
			if addr.Name != "" {
				return addr.Name, false
			}
			return addr.Address, true
		}
		// "Name <mail>" that net/mail rejects (unquoted dots, commas...).
		if lt := strings.IndexByte(s, '<'); lt > 0 && strings.HasSuffix(s, ">") {
			if n := trimQuotes(strings.TrimSpace(s[:lt])); n != "" {
				return n, false
			}
			return strings.TrimSpace(s[lt+1 : len(s)-1]), true
		}
	}
	if looksLikeMail(s) {
		return strings.Trim(s, "<>"), true
	}
	if strings.ContainsRune(s, '<') {
		// Markup such as <a href="...">Name</a>.
		s = htmltext.Line(s)
	}
	return trimQuotes(s), false
}

func looksLikeMail(s string) bool {
	s = strings.Trim(s, "<>")
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t")
}

func trimQuotes(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// authorList accumulates author names in order without duplicates, and
// drops bare addresses once any real name is known.
type authorList struct {
	names []string
	mails []string
	seen  map[string]bool
}

func (l *authorList) add(raw string) {
	name, isMail := authorName(raw)
	if name == "" {
		return
	}
	key := strings.ToLower(name)
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	if isMail {
		l.mails = append(l.mails, name)
	} else {
		l.names = append(l.names, name)
	}
}

// addPerson adds a structured author (Atom, JSON Feed), preferring its name.
func (l *authorList) addPerson(name, email string) {
	if strings.TrimSpace(name) != "" {
		l.add(name)
		return
	}
	l.add(email)
}

func (l *authorList) list() []string {
	if len(l.names) > 0 {
		return l.names
	}
	return l.mails
}

func (l *authorList) first() string {
	if all := l.list(); len(all) > 0 {
		return all[0]
	}
	return ""
}
