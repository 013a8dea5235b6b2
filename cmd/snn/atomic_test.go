package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFileAtomicNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	require.NoError(t, writeFileAtomic(p, []byte("hello\n")))
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "hello\n", string(data))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, newFilePerm, fi.Mode().Perm())
	assertOnly(t, dir, "out.json")
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "net.snn")
	require.NoError(t, os.WriteFile(p, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(p, 0o600))
	require.NoError(t, writeFileAtomic(p, []byte("new")))
	data, _ := os.ReadFile(p)
	assert.Equal(t, "new", string(data))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	assertOnly(t, dir, "net.snn")
}

func TestWriteFileAtomicFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.snn")
	link := filepath.Join(dir, "link.snn")
	require.NoError(t, os.WriteFile(real, []byte("old"), 0o644))
	require.NoError(t, os.Symlink(real, link))
	require.NoError(t, writeFileAtomic(link, []byte("new")))
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link is still a link")
	data, _ := os.ReadFile(real)
	assert.Equal(t, "new", string(data))
}

func TestWriteFileAtomicFailures(t *testing.T) {
	dir := t.TempDir()
	err := writeFileAtomic(filepath.Join(dir, "missing", "x.json"), []byte("x"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not exist")

	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	err = writeFileAtomic(sub, []byte("x"))
	require.Error(t, err)
	assert.Equal(t, "is a directory", err.Error())

	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		err = writeFileAtomic(filepath.Join(ro, "x.json"), []byte("x"))
		require.Error(t, err)
		assert.Equal(t, "permission denied", err.Error())
	}
	assertOnly(t, dir, "ro", "sub")
}

// assertOnly checks that dir holds only the named entries (no temporary
// files left behind); names it does not hold are ignored.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	allowed := map[string]bool{}
	for _, n := range names {
		allowed[n] = true
	}
	for _, e := range entries {
		assert.True(t, allowed[e.Name()], "unexpected file %s in %s", e.Name(), dir)
	}
}
