package seed

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/mineralgraph/mineralgraph/seed/usgs"
)

// usgsStoredLines returns, by Source id, the lines (index 0 = line 1, the header) of each stored USGS release as decoded
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
		usgsFileOf[f.SourceID()] = f.Name
		out[f.SourceID()] = strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	}
	if len(out) != 2 {
		t.Fatalf("want the two stored USGS releases, got %d", len(out))
	}
	return out
}

// usgsRowAt reports whether quote is the data row at locator (`<file>:<line>`) of the
// stored release of source.
func usgsRowAt(lines map[string][]string, source, locator, quote string) bool {
	file, line, ok := strings.Cut(locator, ":")
	n, err := strconv.Atoi(line)
	rows := lines[source]
	return ok && err == nil && file == usgsFileOf[source] && n >= 2 && n <= len(rows) && rows[n-1] == quote
}

// usgsFileOf is the stored file name of each USGS Source id, filled by usgsStoredLines.
var usgsFileOf = map[string]string{}
