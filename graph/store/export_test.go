package store

// Read exposes the store's single read path to the external tests.
var Read = (*Store).read
