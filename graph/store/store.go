// Package store is the only place that speaks Cypher: queries, mapping of records to
// model types, and translation of driver errors into application errors.
package store

import "github.com/neo4j/neo4j-go-driver/v5/neo4j"

// Store reads and writes the knowledge graph in one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
}

// New returns a Store on an already verified driver.
func New(driver neo4j.DriverWithContext, database string) *Store {
	return &Store{driver: driver, database: database}
}
