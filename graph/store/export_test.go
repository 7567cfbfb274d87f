package store

import "context"

// Read exposes the store's single read path to the external tests.
var Read = (*Store).read

// LeanRead is a read through the store's own Bolt client alone, never the driver.
var LeanRead = (*Store).leanRead

// HoldCall runs fn while holding one of the store's call slots, as a read does.
func HoldCall(s *Store, ctx context.Context, fn func()) error {
	leave, err := s.enter(ctx)
	if err != nil {
		return err
	}
	defer leave()
	fn()
	return nil
}

// SetManyPerParentDegree sets the average degree from which a list is windowed before
// it is made distinct (manyPerParent) until the test ends.
func SetManyPerParentDegree(t interface{ Cleanup(func()) }, n int64) {
	old := manyPerParentDegree
	manyPerParentDegree = n
	t.Cleanup(func() { manyPerParentDegree = old })
}
