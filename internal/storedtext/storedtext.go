// Package storedtext reads the files the project stores (seed/sources) as text, the one
// way both the pages' source view and the write path's quote check read them.
package storedtext

import (
	"bytes"
	"io/fs"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Read returns the stored file name of fsys as UTF-8: without a byte-order mark (USGS MCS
// 2025's world data has one), and decoded from Windows-1252 when it is not UTF-8 (USGS MCS
// 2026), so that its dashes and quotes read as published and quotes match their rows.
func Read(fsys fs.FS, name string) ([]byte, bool) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, false
		}
	}
	return data, true
}
