package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"caremap/seed"
)

// copyDataset writes the embedded dataset into a temporary directory.
func copyDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(seed.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, path)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(seed.Files(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateEmbedded(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"validate"}, os.Getenv, &out, &out); err != nil {
		t.Fatalf("validate: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "valid") || !strings.Contains(out.String(), "sha256:") {
		t.Errorf("output %q lacks the verdict and checksum", out.String())
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	dir := copyDataset(t)
	path := filepath.Join(dir, "relationships.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Two independent breakages: a dangling end and an unknown type.
	broken := strings.Replace(string(b), "to: uk-parliament", "to: no-such-body", 1)
	broken = strings.Replace(broken, "type: PART_OF", "type: OWNS", 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = run(t.Context(), []string{"validate", dir}, os.Getenv, &out, &out)
	if err == nil {
		t.Fatalf("validate accepted a broken dataset:\n%s", out.String())
	}
	for _, want := range []string{"relationships.yaml", "rel-001", "no-such-body", "rel-004", "OWNS", "ACCOUNTABLE_TO"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not mention %q:\n%s", want, out.String())
		}
	}
}

func TestValidateNotADirectory(t *testing.T) {
	var out bytes.Buffer
	err := run(t.Context(), []string{"validate", filepath.Join(t.TempDir(), "missing")}, os.Getenv, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("err = %v", err)
	}
}
