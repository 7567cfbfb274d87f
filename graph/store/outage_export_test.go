package store

// Translate exposes the coding of driver errors to the external tests.
var Translate = translate

// Observe hands err to the store as the outcome of a call.
func Observe(s *Store, err error) error { return s.observe(err) }

// Down tells whether the store takes Neo4j for gone (calls refused at once).
func (s *Store) Down() bool { return s.outage.down.Load() }
