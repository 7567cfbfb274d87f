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

// StatsCounts returns the snapshot's counts, each under the statement that reads it on
// its own (the old way, and the way where GRAPH COUNTS is refused).
func StatsCounts(st *Stats) map[string]int64 {
	out := map[string]int64{}
	for _, c := range statsCounts {
		if c.nodeType != "" {
			out[c.query] = st.nodes[c.nodeType]
		} else {
			out[c.query] = st.sides[c.side]
		}
	}
	return out
}

// CountOneByOne makes the store read the counts with one statement each, as when
// GRAPH COUNTS is refused.
func CountOneByOne(s *Store) { s.stats.oneByOne.Store(true) }

// SetPassSpacing changes passSpacing for s.
func SetPassSpacing(s *Store, n int64) { s.stats.passSpacing.Store(n) }

// OwnPass tells whether the snapshot's degrees come from a pass of its own refresh.
func OwnPass(st *Stats) bool { return st.degreesTaken.Equal(st.Taken) }
