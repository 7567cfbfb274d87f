//go:build !unix

package storetest

import "testing"

// lock is a no-op where flock is unavailable: run `go test -p 1` there.
func lock(testing.TB, string, bool) func() { return func() {} }

func tryLock(testing.TB, string) (func(), bool) { return func() {}, true }
