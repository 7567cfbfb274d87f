package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed"
)

const importUsage = `usage: mineralgraph import [--dry-run] [--writer NAME] FILE.csv
       mineralgraph import usgs [--dry-run] FILE... (USGS data releases; see import usgs -h)

Checks every row of a CSV of facts, then writes them all in one transaction. Any problem,
reported as FILE:ROW, means nothing is written; the checks are the write's own, so a file
called valid is one the write accepts. Importing the same file twice changes nothing.

A header row names the columns, in any order (* required):
  subject*       id of an entity in the database
  relation*      a relationship type declared from the subject's type to the object's (see
                 below), or a Metric: then the row is a measurement about the subject
  object         id of an entity in the database (for a Metric: a mineral, or empty)
  value          the amount of a financing (a number), the role of a membership, the
                 number a measurement measures (required for a Metric)
  unit           the currency of an amount, the unit of a measurement (required for a Metric)
  year           validFrom of the relationship (and part of its identity: one relationship
                 per year); the year of a measurement (a whole number)
  source_title*  the title of the source
  source_url*    the address of the page the fact is compiled from (the project does not
                 store it: its sources are COMPILED)
  quote*         the passage of the source that states the fact, verbatim
  properties     more properties of the relationship: key=value;key=value
`

// importHelp is importUsage and, from the model, every relationship type with the
// properties it takes (required ones marked *), and the Metrics.
func importHelp() string {
	var b strings.Builder
	b.WriteString(importUsage)
	bySet := map[string][]string{}
	for _, t := range store.NodeTypes {
		for _, r := range t.Relations {
			if r.Direction == store.OUT && !slices.Contains(bySet[r.Properties], r.Type) {
				bySet[r.Properties] = append(bySet[r.Properties], r.Type)
			}
		}
	}
	b.WriteString("\nRelationship types, and the properties they take (value, unit and year fill some):\n")
	for _, set := range slices.Sorted(maps.Keys(bySet)) {
		types := bySet[set]
		slices.Sort(types)
		fmt.Fprintf(&b, "  %s\n   ", strings.Join(types, ", "))
		for _, p := range store.RelationshipProperties[set] {
			if slices.Contains([]string{"sources", "quotes", "updatedBy", "updatedAt"}, p.Name) {
				continue // provenance comes from the source and quote columns; audit from the server
			}
			mark := ""
			if p.Required {
				mark = "*"
			}
			typ := p.Type
			if values, ok := store.Enums[p.Type]; ok {
				typ = strings.Join(values, "|")
			}
			fmt.Fprintf(&b, " %s%s (%s)", p.Name, mark, typ)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nMetrics: %s\n\nFlags:\n", strings.Join(store.Enums["Metric"], ", "))
	return b.String()
}

func importCommand(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "usgs" {
		return importUSGSCommand(ctx, cfg, args[1:], out)
	}
	flags := flag.NewFlagSet("import", flag.ContinueOnError)
	flags.SetOutput(out)
	flags.Usage = func() { fmt.Fprint(out, importHelp()); flags.PrintDefaults() }
	dryRun := flags.Bool("dry-run", false, "check every row against the database; write nothing")
	writer := flags.String("writer", "", "name recorded as updatedBy (default import:<file name>)")
	if err := flags.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil // asked for: the help is the answer
	} else if err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return fmt.Errorf("import: give exactly one CSV file (import -h lists the columns)")
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
		seed.Replan(ctx, st, out, "import")
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
