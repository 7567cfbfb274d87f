//go:build unix

package storetest

import (
	"errors"
	"os"
	"syscall"
	"testing"
)

// lock takes a file lock on path: exclusive for a test that wipes or writes the test
// database, shared for tests that only read a seeded one. `go test ./...` runs packages
// in parallel processes; the lock keeps a writer from wiping the database under a reader.
func lock(t testing.TB, path string, exclusive bool) func() {
	t.Helper()
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	unlock, _ := flock(t, path, how)
	return unlock
}

// tryLock takes an exclusive lock on path if no one holds one; ok says whether it did.
func tryLock(t testing.TB, path string) (unlock func(), ok bool) {
	t.Helper()
	return flock(t, path, syscall.LOCK_EX|syscall.LOCK_NB)
}

func flock(t testing.TB, path string, how int) (unlock func(), ok bool) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("open test lock %s: %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false
		}
		t.Fatalf("lock %s: %v", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, true
}
