package page

import (
	"regexp"
	"strings"
)

// Non-English bylines: the credit word before the name ("Par", "Por",
// "Von", "Di", "Door", "Av") or a label ("Autor:", "Auteur :"), one name
// or several joined by the language's "and".
const (
	foreignNameWord = `(?:\p{Lu}[\p{L}.'’-]*|\p{Lu}\.)`
	foreignParticle = `(?:de|da|del|der|van|von|la|le|dos|das|do|di|den|ter|bin|al)`
	// A name of two words at least, ending on a capitalised one: a lone
	// capitalised word after "Von" or "Di" is more often a surname ("Von
	// Miller") than a credit.
	foreignName = foreignNameWord + `(?:\s+(?:` + foreignParticle + `\s+)*` + foreignNameWord + `){1,6}`
	foreignAnd  = `(?:\s*,\s*|\s+(?:y|e|et|und|en|i|och|og|ve|és|oraz|and|&)\s+)`
)

// foreignByRE reads a byline printed in another language: "Par Jeanne
// Dupont", "Por Ana García y Luis Pérez", "Von Anna Schmidt, Berlin",
// "Di Marco Rossi", "Door Jan de Vries", "Autor: Jan Kowalski". What
// follows the names (a place, a role, "le 3 mai 2024") is left out.
var foreignByRE = regexp.MustCompile(`^(?:(?:Par|par|Por|por|Von|von|Di|di|Door|door|Av|av|Af|af|Przez|przez)\s+|(?i:autor|autora|autorin|auteur|autore|autrice|texte?|texto|testo|tekst|yazar|автор)\s*:\s*)` +
	`(` + foreignName + `(?:` + foreignAnd + foreignName + `)*)` +
	`(?:\s*(?:[,|·•—–/(]|\s-\s|\d).*|\s+\p{Ll}\p{L}*\s.*\d.*)?$`)

// foreignBylineName is the name or names of a non-English byline line, or
// "" when the line is none.
func foreignBylineName(line string) string {
	if len(line) > 200 {
		return ""
	}
	if m := foreignByRE.FindStringSubmatch(strings.Join(strings.Fields(line), " ")); m != nil {
		return m[1]
	}
	return ""
}
