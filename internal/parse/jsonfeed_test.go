package parse

import (
	"errors"
	"reflect"
	"testing"
)

// TestJSONFeedFieldLeniency checks field by field that a member of the
// wrong type is read as well as it can be, or ignored with a warning, and
// never fails the document.
func TestJSONFeedFieldLeniency(t *testing.T) {
	const head = `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[`
	tests := []struct {
		name     string
		item     string
		check    func(t *testing.T, got map[string]any)
		warnings int
	}{
		{"tags as a string", `{"id":"1","tags":"workflow,omnifocus"}`, want("Categories", []string{"workflow", "omnifocus"}), 1},
		{"tags with numbers", `{"id":"1","tags":["a",2]}`, want("Categories", []string{"a", "2"}), 1},
		{"tags as an object", `{"id":"1","tags":{"a":1}}`, want("Categories", []string(nil)), 1},
		{"number id", `{"id":123456789012345678901}`, want("ID", "123456789012345678901"), 0},
		{"float id", `{"id":1.5e3}`, want("ID", "1.5e3"), 0},
		{"author as a string", `{"id":"1","author":"Jane Doe"}`, want("Authors", []string{"Jane Doe"}), 1},
		{"authors as an object", `{"id":"1","authors":{"name":"Jane Doe"}}`, want("Authors", []string{"Jane Doe"}), 1},
		{"authors with a string", `{"id":"1","authors":["Jane Doe",{"name":"Sam Roe"}]}`, want("Authors", []string{"Jane Doe", "Sam Roe"}), 1},
		{"title as a number", `{"id":"1","title":1984}`, want("Title", "1984"), 1},
		{"title as an object", `{"id":"1","title":{"text":"x"}}`, want("Title", ""), 1},
		{"url as a list", `{"id":"1","url":["https://a.example/1","https://a.example/2"]}`, want("Link", "https://a.example/1"), 1},
		{"content_html as a bool", `{"id":"1","content_html":true,"content_text":"words"}`, want("Content", "<p>words</p>"), 1},
		{"date as Unix seconds", `{"id":"1","date_published":1740787200}`, want("RawPublished", "2025-03-01T00:00:00Z"), 1},
		{"date as Unix milliseconds", `{"id":"1","date_published":1740787200000}`, want("RawPublished", "2025-03-01T00:00:00Z"), 1},
		{"attachments as an object", `{"id":"1","attachments":{"url":"https://a.example/a.mp3","size_in_bytes":"12"}}`,
			func(t *testing.T, got map[string]any) {
				if n := len(got["Enclosures"].([]any)); n != 1 {
					t.Errorf("%d enclosures, want 1", n)
				}
			}, 1},
		{"null fields", `{"id":null,"title":null,"tags":null,"authors":null,"attachments":null}`, want("Title", ""), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Feed([]byte(head+tt.item+`]}`), Options{BaseURL: "https://a.example/feed.json"})
			if err != nil {
				t.Fatalf("Feed: %v, want the document read", err)
			}
			if len(doc.Entries) != 1 {
				t.Fatalf("%d entries, want 1", len(doc.Entries))
			}
			tt.check(t, entryFields(t, doc.Entries[0]))
			if len(doc.Warnings) != tt.warnings {
				t.Errorf("warnings = %q, want %d", doc.Warnings, tt.warnings)
			}
		})
	}
}

// want checks one field of an entry, by its name in feed.Entry.
func want(field string, value any) func(t *testing.T, got map[string]any) {
	return func(t *testing.T, got map[string]any) {
		t.Helper()
		if !reflect.DeepEqual(got[field], value) {
			t.Errorf("%s = %#v, want %#v", field, got[field], value)
		}
	}
}

// entryFields returns an entry's fields by name, with string slices as
// []string and other slices as []any.
func entryFields(t *testing.T, e any) map[string]any {
	t.Helper()
	out := map[string]any{}
	v := reflect.ValueOf(e)
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			out[v.Type().Field(i).Name] = f.Interface()
		case f.Kind() == reflect.Slice:
			list := []any{}
			for j := range f.Len() {
				list = append(list, f.Index(j).Interface())
			}
			out[v.Type().Field(i).Name] = list
		default:
			out[v.Type().Field(i).Name] = f.Interface()
		}
	}
	return out
}

// TestJSONFeedWithoutItems checks that only a JSON Feed without an items
// array fails, and that it fails as not a feed.
func TestJSONFeedWithoutItems(t *testing.T) {
	for _, doc := range []string{
		`{"version":"https://jsonfeed.org/version/1.1","title":"T"}`,
		`{"version":"https://jsonfeed.org/version/1.1","items":null}`,
		`{"version":"https://jsonfeed.org/version/1.1","items":{"id":"1"}}`,
		`{"version":"https://jsonfeed.org/version/1.1","items":"none"}`,
	} {
		_, err := Feed([]byte(doc), Options{})
		if !errors.Is(err, ErrNotFeed) {
			t.Errorf("Feed(%s) = %v, want not a feed (no items array)", doc, err)
		}
	}
	doc, err := Feed([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":{"x":1},"items":[]}`), Options{})
	if err != nil || len(doc.Entries) != 0 || len(doc.Warnings) != 1 {
		t.Errorf("Feed with an odd title and no items = %+v, %v; want an empty feed with one warning", doc, err)
	}
}
