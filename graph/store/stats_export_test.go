package store

// StatsStatements exposes the two statements that read the statistics to the external tests.
func StatsStatements() (counts, degrees string) { return statsCounts.query, statsDegrees }
