package synth

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// WriteImportFiles writes g as the CSV files of Neo4j's offline importer into dir, in
// batches of size rows checked and prepared as the online load's (store.ImportWriter):
// the same stored values, the same writer ("synthgraph").
func WriteImportFiles(g *Generator, dir string, size int, out io.Writer) error {
	start := time.Now()
	w, err := store.NewImportWriter(dir, "synthgraph", time.Now())
	if err != nil {
		return fmt.Errorf("synthgraph: %w", err)
	}
	estimate := g.EstimatedRows()
	bar := newProgress(out, estimate)
	done := 0
	err = g.Batches(size, func(b store.Batch) error {
		if err := w.Add(b); err != nil {
			return err
		}
		done += len(b.Nodes) + len(b.Relations)
		bar.set(done)
		return nil
	})
	bar.finish()
	files, cerr := w.Close()
	if err != nil {
		return fmt.Errorf("synthgraph: after %d of about %d rows: %w", done, estimate, err)
	}
	if cerr != nil {
		return fmt.Errorf("synthgraph: %w", cerr)
	}
	fmt.Fprintf(out, "synthgraph: wrote %d nodes + %d relationships as importer CSV files in %s (%d values left for --finish-import): arguments in %s\n",
		files.Nodes, files.Relations, time.Since(start).Round(time.Millisecond), files.Fixed, filepath.Join(dir, "import.args"))
	return nil
}

// FinishImport ends a load by the offline importer of WriteImportFiles' files in dir on
// the Neo4j s now serves: schema, the values the importer cannot store, summaries
// (store.FinishImport), then Replan, as the online load ends.
func FinishImport(ctx context.Context, s *store.Store, dir string, out io.Writer) error {
	t := time.Now()
	n, err := s.FinishImport(ctx, dir, func(step string) {
		fmt.Fprintf(out, "synthgraph: %s after %s\n", step, time.Since(t).Round(time.Millisecond))
	})
	if err != nil {
		return fmt.Errorf("synthgraph: finish import: %w", err)
	}
	fmt.Fprintf(out, "synthgraph: %d constraints and indexes, the importer's missing values, the summaries and the data version in place after %s\n", n, time.Since(t).Round(time.Millisecond))
	t2 := time.Now()
	if err := s.Replan(ctx); err != nil {
		return fmt.Errorf("synthgraph: replan: %w", err)
	}
	fmt.Fprintf(out, "synthgraph: indexes resampled and query caches cleared after %s\n", time.Since(t2).Round(time.Millisecond))
	return nil
}
