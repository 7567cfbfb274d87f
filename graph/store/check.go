package store

// Check runs on b every check Apply runs before it writes (node and relation types,
// property types and enums, required properties, provenance, duplicates), without a
// database, so that a dry run that calls a batch valid means what Apply would accept,
// short of conflicts with what is stored (an id under another label).
func Check(b Batch) error {
	_, err := prepare(b, false)
	return err
}
