package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZTime(t *testing.T) {
	files, _ := filepath.Glob(os.Getenv("ZZGLOB"))
	formats := strings.Split(os.Getenv("ZZFORMATS"), ",")
	if len(files) == 0 || os.Getenv("ZZFORMATS") == "" {
		t.Skip()
	}
	out, _ := os.OpenFile(os.Getenv("ZZOUT"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	defer out.Close()
	Local(context.Background(), []byte("digraph{a}"), SVG, LayoutDot)
	for _, f := range files {
		base := filepath.Base(f)
		layout := Layout(strings.Split(base, "_")[1])
		dot, _ := os.ReadFile(f)
		s, _ := Measure(dot)
		for _, fm := range formats {
			if est := Estimate(s, layout, Format(fm)); est > 120*time.Second {
				continue
			}
			start, c0 := time.Now(), cpu()
			_, err := Local(context.Background(), dot, Format(fm), layout)
			d, c := time.Since(start), cpu()-c0
			status := "ok"
			if err != nil {
				status = strings.ReplaceAll(err.Error(), ",", ";")
			}
			fmt.Fprintf(out, "%s,%s,%s,%d,%d,%d,%d,%d,%.3f,%.3f,%s\n", base, layout, fm, s.Nodes, s.Edges, s.EdgeLabels, s.Clusters, s.LabelBytes, d.Seconds(), c.Seconds(), status)
		}
	}
}
