package seed

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/mineralgraph/mineralgraph/seed/usgs"
)

// usgsStoredLines returns, by Source id, the lines of each stored USGS release as decoded
// independently of the parser: UTF-8 without its BOM when the file starts with one,
// Windows-1252 otherwise; line endings removed.
func usgsStoredLines(t *testing.T) map[string][]string {
	t.Helper()
	names, err := usgs.DefaultNames()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("sources/usgs/*.csv")
	out := map[string][]string{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, problems := usgs.Parse(path, data, names)
		if len(problems) > 0 {
			t.Fatalf("%s: %v", path, problems[0])
		}
		text := ""
		if rest, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
			text = string(rest)
		} else if text, err = charmap.Windows1252.NewDecoder().String(string(data)); err != nil {
			t.Fatal(err)
		}
		out[f.SourceID()] = strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	}
	if len(out) != 2 {
		t.Fatalf("want the two stored USGS releases, got %d", len(out))
	}
	return out
}

// usgsQuoteFound reports whether quote is a whole row of the stored release of source.
func usgsQuoteFound(lines map[string][]string, source, quote string) bool {
	for _, l := range lines[source][1:] {
		if l == quote {
			return true
		}
	}
	return false
}
