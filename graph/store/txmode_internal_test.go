package store

import (
	"fmt"
	"testing"
	"time"
)

// Which statements read chooses to send in a transaction, from the Neo4j times it saw.
func TestReadTimesChooseTheLongStatements(t *testing.T) {
	r := readTimes{above: 5 * time.Millisecond}
	ms := time.Millisecond

	if r.long("lookup") {
		t.Fatal("a statement never read counts as long")
	}
	r.record("lookup", ms)
	for range 3 {
		r.record("lookup", 200*ms) // waited behind heavy reads on a busy machine
	}
	if r.long("lookup") {
		t.Error("a 1 ms statement that waited three times counts as long")
	}
	r.record("nested", 12*ms)
	if !r.long("nested") {
		t.Error("a 12 ms statement does not count as long")
	}
	r.record("nested", 2*ms) // it got cheaper (the data changed): at once
	if r.long("nested") {
		t.Error("a statement that took 2 ms still counts as long")
	}
	r.record("planned", 80*ms) // its first read planned it
	r.record("planned", ms)
	if r.long("planned") {
		t.Error("the planning of a statement's first read keeps it long")
	}
	// A floor that only ever rises by a sixteenth: a statement that became heavy is long
	// after enough reads.
	r.record("grown", ms)
	for range 64 {
		r.record("grown", 20*ms)
	}
	if !r.long("grown") {
		t.Error("a statement that takes 20 ms for 64 reads is not long yet")
	}

	off := readTimes{}
	off.record("nested", time.Second)
	if off.long("nested") {
		t.Error("with no threshold a statement counts as long")
	}
}

// The texts remembered are bounded: past maxReadShapes new ones stay auto-commit.
func TestReadTimesAreBounded(t *testing.T) {
	r := readTimes{above: time.Millisecond}
	for i := range maxReadShapes + 10 {
		r.record(fmt.Sprint("shape ", i), time.Second)
	}
	if n := r.n.Load(); n != maxReadShapes {
		t.Errorf("%d shapes kept, want %d", n, maxReadShapes)
	}
	if r.long(fmt.Sprint("shape ", maxReadShapes+5)) {
		t.Error("a shape past the bound counts as long")
	}
	if !r.long("shape 0") {
		t.Error("a shape within the bound lost its time")
	}
}
