package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed"
)

const importUsage = `usage: mineralgraph import [--dry-run] [--writer NAME] FILE.csv
       mineralgraph import usgs [--dry-run] FILE... (USGS data releases; see import usgs -h)

Imports tabular facts: a header row with the columns
  subject,relation,object,value,unit,year,source_title,source_url,quote[,properties]
subject and object are ids of entities in the database. relation is a relationship type
(FINANCES: value is the amount, unit the currency; MEMBER_OF: value is the role) or a
Metric (PRODUCTION_SHARE…: a measurement of the object mineral about the subject, value
and unit required). year becomes validFrom (or the measurement's year); properties adds
key=value;key=value. Every row is checked first; any problem (reported with its row)
means nothing is written. The rows are written in one transaction; importing the same
file twice changes nothing.
`

func importCommand(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "usgs" {
		return importUSGSCommand(ctx, cfg, args[1:], out)
	}
	flags := flag.NewFlagSet("import", flag.ContinueOnError)
	flags.SetOutput(out)
	flags.Usage = func() { fmt.Fprint(out, importUsage); flags.PrintDefaults() }
	dryRun := flags.Bool("dry-run", false, "check every row against the database; write nothing")
	writer := flags.String("writer", "", "name recorded as updatedBy (default import:<file name>)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("import: give exactly one CSV file\n%s", importUsage)
	}
	path := flags.Arg(0)
	if *writer == "" {
		*writer = "import:" + filepath.Base(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	facts, problems := seed.ParseFacts(f, path)
	if len(problems) > 0 {
		return reportProblems(out, problems)
	}
	return withStore(ctx, cfg, func(st *store.Store) error {
		found, err := st.NodesByID(ctx, seed.EntityIDs(facts))
		if err != nil {
			return err
		}
		typeOf := make(map[string]string, len(found))
		for id, n := range found {
			typeOf[id] = n.Type
		}
		batch, problems := seed.FactsBatch(facts, typeOf, path)
		if len(problems) > 0 {
			return reportProblems(out, problems)
		}
		fmt.Fprintf(out, "import: %d rows valid: %d nodes, %d relations\n", len(facts), len(batch.Nodes), len(batch.Relations))
		if *dryRun {
			fmt.Fprintln(out, "import: dry run, nothing written")
			return nil
		}
		sum, err := st.Apply(ctx, batch, store.ApplyOptions{Writer: *writer, Progress: func(done, total int) {
			fmt.Fprintf(out, "import: writing %d/%d\n", done, total)
		}})
		if err != nil {
			return fmt.Errorf("import: nothing written: %w", err)
		}
		if !sum.Changed() {
			fmt.Fprintf(out, "import: no change (%s)\n", sum)
			return nil
		}
		fmt.Fprintf(out, "import: %s\n", sum)
		return nil
	})
}

func reportProblems(out io.Writer, problems []seed.Problem) error {
	for _, p := range problems {
		fmt.Fprintln(out, p)
	}
	fmt.Fprintf(out, "import: %d problems, nothing written\n", len(problems))
	return fmt.Errorf("import: %d problems, nothing written", len(problems))
}
