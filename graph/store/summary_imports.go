package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Import-source summaries: what dependency reads of a country's import sources, kept up
// to date by every write in the write's own transaction (withSummaries), so that an
// answer reads one node per mineral instead of every import-source figure of the
// edition, each checked for its mineral and country and followed to its source country
// (10,058 db hits of the seed's benchmark answer, 8,634 of them on the figures).
//
// One summary per key — the country the figures are about, the edition, the mineral —
// lists, in parallel lists (a property holds no map and no null), one entry per figure
// and source country: the figure's id, the source country's id ("" for "Other
// countries"), the figure's stageDetail, period, value and qualifier (nulls stored as
// "" or 0.0, flagged in nulls), in the order dependency read the figures from the index
// (year, name, then id). A write refreshes the summaries of the keys of the figures it
// touches (before and after it, as the supply summaries) and of the figures about, of or
// from the nodes it deletes: a source country deleted makes its figures "Other
// countries".

// ImportSummaryLabel labels the import-source summaries: like SupplyLabel's, no node of
// the model (no id, no relationship).
const ImportSummaryLabel = "_ImportSummary"

// importSummarySchema is the uniqueness of a key (a MERGE on it is a lock); its index is
// the one dependency reads by (importSummaryIndex).
const importSummarySchema = "CREATE CONSTRAINT import_summary_key IF NOT EXISTS FOR (s:" + ImportSummaryLabel +
	") REQUIRE (s.country, s.edition, s.mineral) IS UNIQUE"

const importSummaryIndex = "USING INDEX s:" + ImportSummaryLabel + "(country, edition, mineral)"

// importMetric is the metric of the figures summarised.
const importMetric = "IMPORT_SOURCE_SHARE"

// importKey is what an import-source summary summarises.
type importKey struct{ Country, Edition, Mineral string }

// The null flags of an entry (its nulls), one bit per property that may be null.
const (
	nullDetail = 1 << iota
	nullPeriod
	nullValue
	nullQualifier
)

// importFigure is dependency's selection of import-source figures: of the edition, with a
// year and a name (the index's), about a country and of a mineral.
const importFigure = `m.metric = '` + importMetric + `' AND m.edition IS NOT NULL AND m.year IS NOT NULL AND m.name IS NOT NULL`

// importTablesOfQuery finds the keys of the figures named and of those about, of or from
// the nodes named, with the figures' ids.
const importTablesOfQuery = bulkPrefix + `CALL () {
  UNWIND $figures AS id
  MATCH (m:Measurement {id: id}) ` + figureByID + `
  RETURN m
  UNION
  UNWIND $deleted AS id
  MATCH (n:Entity {id: id})-[:ABOUT|INVOLVES_MINERAL|RELATIVE_TO]-(m:Measurement) USING INDEX n:Entity(id)
  RETURN m
}
WITH m WHERE ` + importFigure + `
MATCH (m)-[:ABOUT]->(c:Country)
MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
RETURN c.id AS country, m.edition AS edition, x.id AS mineral, collect(DISTINCT m.id) AS figures`

// allImportTablesQuery finds every key with its figures, and every summary's key; with
// $missing, only the keys whose summary is not of this format or does not list exactly
// their figures, and the summaries not of this format.
const allImportTablesQuery = `CALL () {
  MATCH (m:Measurement)
  WHERE ` + importFigure + `
  MATCH (m)-[:ABOUT]->(c:Country)
  MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral)
  WITH c.id AS country, m.edition AS edition, x.id AS mineral, collect(DISTINCT m.id) AS figures
  WHERE NOT $missing OR NOT EXISTS {
    MATCH (s:` + ImportSummaryLabel + ` {country: country, edition: edition, mineral: mineral})
    WHERE s.format = $format AND all(id IN figures WHERE id IN s.figures) AND all(id IN s.figures WHERE id IN figures) }
  RETURN country, edition, mineral, figures
  UNION
  MATCH (s:` + ImportSummaryLabel + `)
  WHERE NOT $missing OR s.format IS NULL OR s.format <> $format
  RETURN s.country AS country, s.edition AS edition, s.mineral AS mineral, [] AS figures
}
RETURN country, edition, mineral, figures`

// refreshImportSummary recomputes the summary of each key in $keys ({country, edition,
// mineral, add: figure ids}) from its summary's figures and the ids added, as they are in
// the transaction; a key without figures loses its summary. The key is locked first (see
// refreshSummaries). A figure from several countries has an entry for each, as
// dependency's rows were.
var refreshImportSummary = bulkPrefix + `UNWIND $keys AS k
MERGE (s:` + ImportSummaryLabel + ` {country: k.country, edition: k.edition, mineral: k.mineral})
SET s._lock = true
WITH s, k
CALL (s, k) {
  UNWIND coalesce(s.figures, []) + k.add AS id
  WITH DISTINCT id
  MATCH (m:Measurement {id: id}) ` + figureByID + `
  WHERE ` + importFigure + ` AND m.edition = k.edition
    AND EXISTS { MATCH (m)-[:ABOUT]->(c:Country) WHERE c.id = k.country }
    AND EXISTS { MATCH (m)-[:INVOLVES_MINERAL]->(x:Mineral) WHERE x.id = k.mineral }
  OPTIONAL MATCH (m)-[:RELATIVE_TO]->(src:Country)
  WITH m, src ORDER BY m.year, m.name, m.id, src.id
  RETURN collect(m.id) AS figures, collect(coalesce(src.id, '')) AS sources,
    collect(coalesce(m.stageDetail, '')) AS details, collect(coalesce(m.period, '')) AS periods,
    collect(coalesce(toFloat(m.value), 0.0)) AS values, collect(coalesce(m.qualifier, '')) AS qualifiers,
    collect(CASE WHEN m.stageDetail IS NULL THEN ` + strconv.Itoa(nullDetail) + ` ELSE 0 END + CASE WHEN m.period IS NULL THEN ` + strconv.Itoa(nullPeriod) + ` ELSE 0 END
      + CASE WHEN m.value IS NULL THEN ` + strconv.Itoa(nullValue) + ` ELSE 0 END + CASE WHEN m.qualifier IS NULL THEN ` + strconv.Itoa(nullQualifier) + ` ELSE 0 END) AS nulls
}
FOREACH (_ IN CASE WHEN size(figures) = 0 THEN [1] ELSE [] END | DELETE s)
FOREACH (_ IN CASE WHEN size(figures) > 0 THEN [1] ELSE [] END |
  SET s.format = $format, s.figures = figures, s.sourceCountries = sources, s.details = details, s.periods = periods,
    s.values = values, s.qualifiers = qualifiers, s.nulls = nulls
  REMOVE s._lock)`

// importSummaryFormat names the computation of the summaries: Migrate recomputes those of
// another.
var importSummaryFormat = func() string {
	h := sha256.Sum256([]byte(refreshImportSummary))
	return hex.EncodeToString(h[:8])
}()

func importTablesOf(ctx context.Context, tx neo4j.ManagedTransaction, figures, deleted []string, into map[importKey][]string) error {
	return collectImportTables(ctx, tx, importTablesOfQuery, map[string]any{"figures": orEmpty(figures), "deleted": orEmpty(deleted)}, into)
}

func allImportTables(ctx context.Context, tx neo4j.ManagedTransaction, missing bool, into map[importKey][]string) error {
	return collectImportTables(ctx, tx, allImportTablesQuery, allImportTablesParams(missing), into)
}

func allImportTablesParams(missing bool) map[string]any {
	return map[string]any{"missing": missing, "format": importSummaryFormat}
}

func collectImportTables(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, into map[importKey][]string) error {
	return collectKeys(ctx, tx, q, params, func(recs []*neo4j.Record) { addImportTables(recs, into) })
}

// addImportTables files the keys and figure ids of records (country, edition, mineral,
// figures) into into.
func addImportTables(recs []*neo4j.Record, into map[importKey][]string) {
	for _, rec := range recs {
		row := rec.AsMap()
		k := importKey{}
		k.Country, _ = row["country"].(string)
		k.Edition, _ = row["edition"].(string)
		k.Mineral, _ = row["mineral"].(string)
		into[k] = append(into[k], strs(row["figures"])...)
	}
}

// refreshImportSummaries recomputes the summaries of keys, taken in one order and locked
// as refreshSummaries takes and locks the supply summaries' (which every transaction
// refreshes first).
func refreshImportSummaries(ctx context.Context, tx neo4j.ManagedTransaction, keys map[importKey][]string) error {
	sorted := slices.SortedFunc(maps.Keys(keys), func(a, b importKey) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.Edition, b.Edition), cmp.Compare(a.Mineral, b.Mineral))
	})
	for chunk := range slices.Chunk(sorted, summaryChunk) {
		rows := make([]map[string]any, len(chunk))
		for i, k := range chunk {
			rows[i] = map[string]any{"country": k.Country, "edition": k.Edition, "mineral": k.Mineral, "add": orEmpty(keys[k])}
		}
		res, err := tx.Run(ctx, refreshImportSummary, map[string]any{"keys": rows, "format": importSummaryFormat})
		if err != nil {
			return err
		}
		if _, err := res.Consume(ctx); err != nil {
			return err
		}
	}
	return nil
}
