package store

import "context"

// Read exposes the store's single read path to the external tests.
var Read = (*Store).read

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
