package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
)

// fileSnapshot is what a set of files and the files of some directories held before a
// run, so that a failed run can put them back.
type fileSnapshot struct {
	files map[string][]byte // nil: the file did not exist
	dirs  map[string]map[string]bool
}

// snapshot records the files and the regular files of dirs (not their subdirectories).
func snapshot(files []string, dirs ...string) (*fileSnapshot, error) {
	s := &fileSnapshot{files: map[string][]byte{}, dirs: map[string]map[string]bool{}}
	record := func(name string) error {
		b, err := os.ReadFile(name)
		switch {
		case errors.Is(err, os.ErrNotExist):
			s.files[name] = nil
		case err != nil:
			return err
		default:
			s.files[name] = b
		}
		return nil
	}
	for _, dir := range dirs {
		names, err := regularFiles(dir)
		if err != nil {
			return nil, err
		}
		s.dirs[dir] = map[string]bool{}
		for _, name := range names {
			s.dirs[dir][name] = true
			files = append(files, name)
		}
	}
	for _, name := range files {
		if err := record(name); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// restore rewrites the recorded files whose content changed, and removes the files
// that did not exist: recorded as absent, or new in a recorded directory.
func (s *fileSnapshot) restore() error {
	var errs []error
	for dir, had := range s.dirs {
		names, err := regularFiles(dir)
		errs = append(errs, err)
		for _, name := range names {
			if !had[name] {
				errs = append(errs, os.Remove(name))
			}
		}
	}
	for name, want := range s.files {
		got, err := os.ReadFile(name)
		switch {
		case want == nil && err == nil:
			errs = append(errs, os.Remove(name))
		case want == nil && errors.Is(err, os.ErrNotExist):
		case err != nil && !errors.Is(err, os.ErrNotExist):
			errs = append(errs, err)
		case err != nil || !bytes.Equal(got, want):
			errs = append(errs, os.WriteFile(name, want, 0o644))
		}
	}
	return errors.Join(errs...)
}

func regularFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}
