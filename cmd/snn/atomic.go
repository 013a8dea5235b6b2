package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// newFilePerm is the mode of a file snn creates. It is set explicitly on
// the temporary file, so the umask does not apply.
const newFilePerm fs.FileMode = 0o644

// writeFileAtomic replaces the file at path with data so that a reader (or
// a crash) sees either the old content or the new, never a mix: it writes a
// temporary file in the same folder, syncs it, and renames it over path. An
// existing file keeps its permission bits; a symbolic link is followed and
// its target replaced. On failure nothing is left behind and path is
// untouched.
func writeFileAtomic(path string, data []byte) (err error) {
	target := path
	perm := newFilePerm
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	switch fi, err := os.Stat(target); {
	case err == nil && fi.IsDir():
		return errors.New("is a directory")
	case err == nil:
		perm = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return describePathError(err)
	}
	dir := filepath.Dir(target)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("folder %s does not exist", dir)
		}
		return describePathError(err)
	} else if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}

	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return describePathError(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return describePathError(err)
	}
	if err = f.Chmod(perm); err != nil {
		return describePathError(err)
	}
	if err = f.Sync(); err != nil {
		return describePathError(err)
	}
	if err = f.Close(); err != nil {
		return describePathError(err)
	}
	if err = os.Rename(tmp, target); err != nil {
		return describePathError(err)
	}
	// Make the rename itself durable; not every system can sync a folder,
	// and the file is complete either way, so a failure here is ignored.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// describePathError turns an I/O error into a short reason.
func describePathError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	case errors.Is(err, syscall.ENOSPC):
		return errors.New("no space left on device")
	case errors.Is(err, syscall.EROFS):
		return errors.New("read-only file system")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// readSource reads a file named on the command line, with a short reason
// when it cannot.
func readSource(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return nil, fmt.Errorf("cannot read %s: is a directory", path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, describePathError(err))
	}
	return src, nil
}
