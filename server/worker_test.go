package main

import "os"

// The server tests run the whole program in this test binary, which is not
// caremap: its render workers are this binary again, made a worker by the
// environment variable diagram_test.go's init looks for.
func init() {
	renderWorker = func() ([]string, []string, error) {
		exe, err := os.Executable()
		if err != nil {
			return nil, nil, err
		}
		return []string{exe}, []string{diagramWorkerEnv + "=1"}, nil
	}
}
