package tmpguard

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPrivateCreatesAnOwnerOnlyDirectory(t *testing.T) {
	base := t.TempDir()
	dir, err := Private(base, os.Getuid())
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", fi.Mode().Perm())
	}
	again, err := Private(base, os.Getuid())
	if err != nil || again != dir {
		t.Errorf("second call: %q, %v; want %q, nil", again, err, dir)
	}
}

func TestPrivateRefusesWhatOthersCouldWrite(t *testing.T) {
	uid := os.Getuid()
	for name, plant := range map[string]func(dir string) error{
		"world-writable directory": func(dir string) error {
			if err := os.Mkdir(dir, 0o700); err != nil {
				return err
			}
			return os.Chmod(dir, 0o777)
		},
		"symbolic link": func(dir string) error { return os.Symlink(os.TempDir(), dir) },
		"plain file":    func(dir string) error { return os.WriteFile(dir, nil, 0o600) },
	} {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			if err := plant(filepath.Join(base, "caremap-"+strconv.Itoa(uid))); err != nil {
				t.Fatal(err)
			}
			if dir, err := Private(base, uid); err == nil {
				t.Errorf("Private accepted %s", dir)
			}
		})
	}
	t.Run("another owner", func(t *testing.T) {
		base := t.TempDir()
		if _, err := Private(base, uid+1); err == nil {
			t.Error("Private accepted a directory owned by another uid")
		}
	})
}

func TestInitPointsTMPDIRAtThePrivateDirectory(t *testing.T) {
	// init has run: TMPDIR names this user's directory (or a path that
	// cannot exist), never the shared temporary directory itself.
	got := os.Getenv("TMPDIR")
	if !strings.Contains(got, "caremap-"+strconv.Itoa(os.Getuid())) {
		t.Errorf("TMPDIR = %q, want a caremap-%d directory", got, os.Getuid())
	}
}
