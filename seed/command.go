package seed

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Opener runs fn with a store connected to Neo4j and closes it afterwards.
type Opener func(fn func(*store.Store) error) error

const commandUsage = `usage: mineralgraph seed [--dry-run] [--replace] [--data DIR] [--usgs=false]

Validates the seed data set (seed/data/*.yaml, compiled in) and, with it, the USGS
Mineral Commodity Summaries releases (seed/sources/usgs/*.csv, compiled in), and writes
them to Neo4j in one transaction: nodes and relations are merged by id, so seeding twice
changes nothing. With --data, only the YAML files of DIR are loaded.
`

// Run is the `seed` command. It validates the whole data set first and writes nothing
// if there is any problem; --dry-run stops after validation without touching Neo4j.
func Run(ctx context.Context, args []string, out io.Writer, open Opener) error {
	flags := flag.NewFlagSet("seed", flag.ContinueOnError)
	flags.SetOutput(out)
	flags.Usage = func() {
		fmt.Fprint(out, commandUsage)
		flags.PrintDefaults()
	}
	dryRun := flags.Bool("dry-run", false, "validate and print counts; write nothing (needs no Neo4j)")
	replace := flags.Bool("replace", false, "also delete nodes and relations that are not in the data set")
	dir := flags.String("data", "", "read the YAML files from this directory instead of the compiled-in data set")
	withUSGS := flags.Bool("usgs", true, "with the compiled-in data set, also load the compiled-in USGS releases")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("seed: unexpected argument %q\n%s", flags.Arg(0), commandUsage)
	}

	var (
		ds       *DataSet
		problems []Problem
	)
	if *dir != "" {
		ds, problems = LoadDir(*dir)
	} else {
		ds, problems = LoadEmbedded()
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(out, p)
		}
		fmt.Fprintf(out, "seed: %s, nothing written\n", count(len(problems), "problem"))
		return fmt.Errorf("seed: the data set has %s", count(len(problems), "problem"))
	}
	batch := ds.Batch()
	fmt.Fprintf(out, "seed: data set valid: %d nodes, %d relations\n", len(batch.Nodes), len(batch.Relations))
	if *withUSGS && *dir == "" {
		load, problems := LoadUSGS(EmbeddedUSGSReleases())
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(out, p)
			}
			fmt.Fprintf(out, "seed: %s in the USGS releases, nothing written\n", count(len(problems), "problem"))
			return fmt.Errorf("seed: the USGS releases have %s", count(len(problems), "problem"))
		}
		PrintUSGSLoad(out, "seed", load)
		batch.Nodes = append(batch.Nodes, load.Batch.Nodes...)
		batch.Relations = append(batch.Relations, load.Batch.Relations...)
	}
	if *dryRun {
		printCounts(out, "nodes", ds.NodeCounts())
		printCounts(out, "relations", ds.RelationCounts())
		entries, facts := ds.EvidenceCounts()
		printCounts(out, "provenance entries by evidence level", entries)
		printCounts(out, "facts by strongest evidence level", facts)
		fmt.Fprintln(out, "seed: dry run, nothing written")
		return nil
	}
	return open(func(s *store.Store) error {
		if _, err := s.Migrate(ctx); err != nil {
			return fmt.Errorf("seed: migrate: %w", err)
		}
		printed := 0
		sum, err := s.Apply(ctx, batch, store.ApplyOptions{
			Replace: *replace,
			Writer:  "seed",
			Progress: func(done, total int) {
				// A line per tenth of the work, not per batch; a retried transaction starts over.
				if done < printed || done == total || done-printed >= total/10 {
					fmt.Fprintf(out, "seed: writing %d/%d (%d%%)\n", done, total, 100*done/total)
					printed = done
				}
			},
		})
		if err != nil {
			fmt.Fprintln(out, "seed: failed, nothing written")
			return fmt.Errorf("seed: %w", err)
		}
		if !sum.Changed() {
			fmt.Fprintf(out, "seed: no change (%d nodes, %d relations unchanged)\n", sum.NodesUnchanged, sum.RelationsUnchanged)
			return nil
		}
		fmt.Fprintf(out, "seed: %s\n", sum)
		Replan(ctx, s, out, "seed")
		return nil
	})
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func printCounts(out io.Writer, title string, counts []Count) {
	fmt.Fprintf(out, "%s:\n", title)
	for _, c := range counts {
		fmt.Fprintf(out, "  %-20s %5d\n", c.Type, c.N)
	}
}

// Replan has Neo4j plan the next statements on samples of the data written (see
// store.Replan); a failure costs plans, not data, so it is reported, not returned. The
// import commands call it too.
func Replan(ctx context.Context, s *store.Store, out io.Writer, command string) {
	if err := s.Replan(ctx); err != nil {
		fmt.Fprintf(out, "%s: written, but Neo4j may plan on statistics from before the write until it samples the indexes again: %v\n", command, err)
	}
}
