package storedtext

import (
	"testing"
	"testing/fstest"
)

// A byte-order mark is dropped, Windows-1252 is decoded (0x96 is an en dash, 0x93/0x94
// curly quotes), UTF-8 is kept as it is, and a missing file is not ok.
func TestReadGivesUTF8WithoutAByteOrderMark(t *testing.T) {
	fsys := fstest.MapFS{
		"bom.csv":    {Data: []byte("\xef\xbb\xbfSource,Commodity\n")},
		"cp1252.csv": {Data: []byte("2021\x9624,\x93q\x94\n")},
		"utf8.txt":   {Data: []byte("2021–24 “q”\n")},
	}
	for name, want := range map[string]string{"bom.csv": "Source,Commodity\n", "cp1252.csv": "2021–24,“q”\n", "utf8.txt": "2021–24 “q”\n"} {
		if got, ok := Read(fsys, name); !ok || string(got) != want {
			t.Errorf("%s: %q %v, want %q", name, got, ok, want)
		}
	}
	if _, ok := Read(fsys, "missing.txt"); ok {
		t.Error("a missing file read as ok")
	}
}
