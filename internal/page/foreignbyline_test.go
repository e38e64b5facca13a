package page

import (
	"slices"
	"testing"
)

func TestForeignBylineName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Par Jeanne Dupont", "Jeanne Dupont"},
		{"Par Jeanne Dupont, envoyée spéciale à Kiev", "Jeanne Dupont"},
		{"Par Jeanne Dupont le 3 mai 2024 à 10h15", "Jeanne Dupont"},
		{"Por Ana García y Luis Pérez", "Ana García y Luis Pérez"},
		{"Por Steven Lee Myers, Keith Bradsher y Tariq Panja", "Steven Lee Myers, Keith Bradsher y Tariq Panja"},
		{"Von Anna Schmidt, Berlin", "Anna Schmidt"},
		{"Von Anna Schmidt | 03.05.2024", "Anna Schmidt"},
		{"di Marco Rossi", "Marco Rossi"},
		{"Door Jan de Vries", "Jan de Vries"},
		{"Av Kari Nordmann", "Kari Nordmann"},
		{"Autor: Jan Kowalski", "Jan Kowalski"},
		{"Auteur : Jeanne Dupont", "Jeanne Dupont"},
		// Not bylines.
		{"Von Miller", ""},
		{"Par for the course", ""},
		{"Por qué los hombres tienen más probabilidades de morir", ""},
		{"Di Maria scores again", ""},
		{"By Jane Doe", ""},
	}
	for _, tt := range tests {
		if got := foreignBylineName(tt.in); got != tt.want {
			t.Errorf("foreignBylineName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jane Doe and John Roe", []string{"Jane Doe", "John Roe"}},
		{"Ana García y Luis Pérez", []string{"Ana García", "Luis Pérez"}},
		{"Steven Lee Myers, Keith Bradsher y Tariq Panja", []string{"Steven Lee Myers", "Keith Bradsher", "Tariq Panja"}},
		{"Anna Schmidt und Max Muster", []string{"Anna Schmidt", "Max Muster"}},
		// A part that is no name keeps the byline whole.
		{"José Ortega y Gasset", []string{"José Ortega y Gasset"}},
		{"Jane Doe, Staff Writer and editor", []string{"Jane Doe, Staff Writer and editor"}},
	}
	for _, tt := range tests {
		if got := splitAuthors(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
