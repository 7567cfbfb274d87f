package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed"
)

const importUSGSUsage = `usage: mineralgraph import usgs [--dry-run] [--writer NAME] FILE...

Imports USGS Mineral Commodity Summaries data releases as published: the World Data
layout (MCS2025_World_Data.csv) and the Commodities Data layout
(MCS2026_Commodities_Data.csv), recognised by their header rows. Every figure becomes a
Measurement quoting its row, with its edition, year, unit, canonical unit and qualifier.
Every row must be understood or skipped by a documented rule (seed/usgs/README.md); any
problem is reported as file:line: column: why, and nothing is written. All files are
written in one transaction; importing them again changes nothing. Each file must be,
byte for byte, a release stored in seed/sources/usgs when the binary was built: its
figures quote the stored file's rows (README: Loading a newer edition). The release's Source
node and the countries and minerals the rows name must exist (mineralgraph seed loads
them). --dry-run reads and checks the files without a database.
`

func importUSGSCommand(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	flags := flag.NewFlagSet("import usgs", flag.ContinueOnError)
	flags.SetOutput(out)
	flags.Usage = func() { fmt.Fprint(out, importUSGSUsage); flags.PrintDefaults() }
	dryRun := flags.Bool("dry-run", false, "read and check the files; write nothing (needs no Neo4j)")
	writer := flags.String("writer", "import:usgs", "name recorded as updatedBy")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() == 0 {
		return fmt.Errorf("import usgs: give one or more release files\n%s", importUSGSUsage)
	}
	var files []seed.ReleaseFile
	for _, path := range flags.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("import usgs: %w", err)
		}
		files = append(files, seed.ReleaseFile{Name: filepath.Base(path), Data: data})
	}
	load, problems := seed.LoadUSGS(files)
	if len(problems) == 0 {
		problems = unstoredReleases(files, seed.EmbeddedUSGSReleases())
	}
	if len(problems) > 0 {
		return reportProblems(out, problems)
	}
	seed.PrintUSGSLoad(out, "import usgs", load)
	fmt.Fprintf(out, "import usgs: %d figures valid: %d nodes, %d relations\n", load.Records(), len(load.Batch.Nodes), len(load.Batch.Relations))
	if *dryRun {
		fmt.Fprintln(out, "import usgs: dry run, nothing written")
		return nil
	}
	return withStore(ctx, cfg, func(st *store.Store) error {
		printed := 0
		sum, err := st.Apply(ctx, load.Batch, store.ApplyOptions{Writer: *writer, Progress: func(done, total int) {
			// A line per tenth of the work; a retried transaction starts over.
			if done < printed || done == total || done-printed >= total/10 {
				fmt.Fprintf(out, "import usgs: writing %d/%d (%d%%)\n", done, total, 100*done/total)
				printed = done
			}
		}})
		if err != nil {
			return fmt.Errorf("import usgs: nothing written: %w", err)
		}
		if !sum.Changed() {
			fmt.Fprintf(out, "import usgs: no change (%s)\n", sum)
			return nil
		}
		fmt.Fprintf(out, "import usgs: %s\n", sum)
		seed.Replan(ctx, st, out, "import usgs")
		return nil
	})
}

// unstoredReleases refuses the files that are not, byte for byte, a release the project
// stores (seed/sources/usgs, compiled in): each figure's provenance is a DATA_ROW, the row
// at file:line of the stored file, which an edited copy or a file not stored would
// misquote (and an edited copy would overwrite the published figures it revises).
func unstoredReleases(files, stored []seed.ReleaseFile) []seed.Problem {
	var problems []seed.Problem
	for _, f := range files {
		i := slices.IndexFunc(stored, func(s seed.ReleaseFile) bool { return s.Name == f.Name })
		switch {
		case i < 0:
			problems = append(problems, seed.Problem{File: f.Name, Message: "not a release this binary stores (seed/sources/usgs): " +
				"store the file there as published and build again, so that its figures quote rows of the stored file (README: Loading a newer edition)"})
		case !bytes.Equal(f.Data, stored[i].Data):
			problems = append(problems, seed.Problem{File: f.Name, Line: firstDifferentLine(f.Data, stored[i].Data),
				Message: "differs from the stored release seed/sources/usgs/" + f.Name + " from this line: its figures would quote rows the stored file does not hold; import the file as published"})
		}
	}
	return problems
}

// firstDifferentLine is the 1-based number of the first line where a and b differ.
func firstDifferentLine(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	return bytes.Count(a[:i], []byte("\n")) + 1
}
