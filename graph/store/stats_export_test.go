package store

// StatsStatements exposes the statements that read the statistics to the external tests.
func StatsStatements() (counts []string, degrees string) {
	for _, c := range statsCounts {
		counts = append(counts, c.query)
	}
	return counts, statsDegrees
}
