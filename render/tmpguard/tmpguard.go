// Package tmpguard keeps go-graphviz's compilation cache private to the user
// running caremap.
//
// go-graphviz compiles Graphviz's WebAssembly when its package initialises
// and caches the machine code in $TMPDIR/go-graphviz (created 0755 if absent,
// trusted if present). On a shared /tmp another user could plant compiled
// code there for caremap to run, or own the directory so that caremap
// panics at start-up. This package's init runs first — Go initialises ready
// packages in import-path order, and "caremap/…" sorts before
// "github.com/…" — and points TMPDIR at a directory only this user can
// write: $TMPDIR/caremap-<uid>, mode 0700. When no such directory can be had
// it points TMPDIR at a path that does not exist, so go-graphviz runs without
// a cache (about a second more at start) rather than with someone else's.
//
// render imports it for its side effect, so every binary and test that can
// draw is covered.
package tmpguard

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

func init() {
	dir, err := Private(os.TempDir(), os.Getuid())
	if err != nil {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("caremap-%d-unavailable", os.Getuid()), "none")
	}
	os.Setenv("TMPDIR", dir)
}

// Private returns base/caremap-<uid>, creating it with mode 0700 when absent,
// and refuses it unless it is a real directory (not a link) owned by uid
// that no one else can write.
func Private(base string, uid int) (string, error) {
	dir := filepath.Join(base, fmt.Sprintf("caremap-%d", uid))
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return "", err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != uid {
		return "", fmt.Errorf("%s belongs to uid %d, not %d", dir, st.Uid, uid)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return "", fmt.Errorf("%s can be written by others (mode %v)", dir, fi.Mode().Perm())
	}
	return dir, nil
}
