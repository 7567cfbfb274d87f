package store

// StatsStatements exposes the statements that read the statistics to the external tests.
func StatsStatements() (counts []string, degrees string) {
	for _, c := range statsCounts {
		counts = append(counts, c.query)
	}
	return counts, statsDegrees
}

// DegreePasses is how many degree passes the store's statistics read.
func (s *Store) DegreePasses() int64 { return s.stats.degreePasses.Load() }
