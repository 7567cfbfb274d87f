package store

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/mineralgraph/mineralgraph/internal/storedtext"
)

// StoredTexts are the source texts and data files the project stores (seed/sources), by
// which a write's provenance is held to its evidence level: a VERBATIM entry's quote must
// be in its source's stored text, a DATA_ROW entry's quote must be the row its locator
// names in its source's stored file. Without them a writer could serve any text as a
// verbatim quote or a published row.
type StoredTexts struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*storedText
}

type storedText struct {
	once  sync.Once
	text  string
	lines []string
	ok    bool
}

// NewStoredTexts reads stored files from fsys (rooted at seed/sources), each once, when a
// write first cites it.
func NewStoredTexts(fsys fs.FS) *StoredTexts {
	return &StoredTexts{fsys: fsys, files: map[string]*storedText{}}
}

// storedPrefix is how a Source's storedAs names the directory fsys is rooted at.
const storedPrefix = "seed/sources/"

// get returns the stored file a Source's storedAs names, read as the source view reads it
// (internal/storedtext).
func (st *StoredTexts) get(storedAs string) (*storedText, bool) {
	name := strings.TrimPrefix(storedAs, storedPrefix)
	if !fs.ValidPath(name) {
		return nil, false
	}
	st.mu.Lock()
	f := st.files[name]
	if f == nil {
		f = &storedText{}
		st.files[name] = f
	}
	st.mu.Unlock()
	f.once.Do(func() {
		data, ok := storedtext.Read(st.fsys, name)
		if !ok {
			return
		}
		f.text, f.ok = string(data), true
		sep := "\n"
		if strings.Contains(f.text, "\r\n") {
			sep = "\r\n" // a CRLF file's fields may hold bare line feeds
		}
		f.lines = strings.Split(strings.TrimSuffix(f.text, sep), sep)
	})
	if !f.ok {
		return nil, false
	}
	return f, true
}

// check says what is wrong with one provenance entry citing a source of the given level
// and storedAs, or "" when it holds. COMPILED entries are the project's own notes: nothing
// to hold them to.
func (st *StoredTexts) check(level, storedAs, quote, locator string) string {
	if level != Verbatim && level != DataRow {
		return ""
	}
	f, ok := st.get(storedAs)
	if !ok {
		return fmt.Sprintf("its source is %s but names no text this server stores (storedAs %q)", level, storedAs)
	}
	if level == Verbatim {
		if !strings.Contains(f.text, quote) {
			return fmt.Sprintf("the quote is not in the stored text %s (a VERBATIM quote is copied from it exactly; cite a COMPILED source for a summary)", storedAs)
		}
		return ""
	}
	file, line, _ := strings.Cut(locator, ":")
	n, err := strconv.Atoi(line)
	want := storedAs[strings.LastIndex(storedAs, "/")+1:]
	switch {
	case file != want || err != nil || n < 2 || n > len(f.lines):
		return fmt.Sprintf("the locator %q is not a data row of the stored file (want %s:<line>, line 2 to %d)", locator, want, len(f.lines))
	case f.lines[n-1] != quote:
		return fmt.Sprintf("the quote is not the row at %s (a DATA_ROW quote is the row byte for byte)", locator)
	}
	return ""
}
