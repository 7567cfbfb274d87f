// Package seed loads the human-edited YAML data set (seed/data/*.yaml), validates the
// whole of it against the model's metadata, and turns it into a store.Batch.
package seed

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"sort"
)

// data is the data set compiled into the binary. The directory is embedded (not
// data/*.yaml) so that the build never depends on which data files exist.
//
//go:embed data
var data embed.FS

// Problem is one thing wrong with the data set, at a line of a file.
type Problem struct {
	File    string
	Line    int
	Message string
}

// String formats the problem as `file:line: message`.
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Load reads and validates every *.yaml file of directory dir of fsys. Problems name
// files as dir/<name>.yaml. The data set is usable only when there are no problems.
func Load(fsys fs.FS, dir string) (*DataSet, []Problem) {
	return load(fsys, dir, dir)
}

// LoadEmbedded loads the data set compiled into the binary; files are named
// seed/data/<name>.yaml, as in the repository.
func LoadEmbedded() (*DataSet, []Problem) {
	return load(data, "data", "seed/data")
}

// LoadDir loads the data set from a directory on disk.
func LoadDir(dir string) (*DataSet, []Problem) {
	return load(os.DirFS(dir), ".", dir)
}

func load(fsys fs.FS, dir, display string) (*DataSet, []Problem) {
	ps := &problems{}
	files := parseDir(fsys, dir, display, ps)
	ds := validate(files, ps)
	return ds, ps.sorted()
}

type problems struct{ list []Problem }

func (ps *problems) add(file string, line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// sorted returns the problems by file and line, keeping the order of discovery within a line.
func (ps *problems) sorted() []Problem {
	out := append([]Problem(nil), ps.list...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}
