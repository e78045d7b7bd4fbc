package seed

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// csvRow is one data row of a CSV file.
type csvRow struct {
	at     origin
	fields map[string]string
}

func (r csvRow) get(col string) string { return r.fields[col] }

// readCSV reads a CSV file whose header must hold exactly columns (in any
// order). Malformed rows are reported with their line; a row with the wrong
// number of fields is reported and skipped; any other syntax error stops
// the file there.
func readCSV(p *problems, file string, data []byte, columns []string) []csvRow {
	if data == nil {
		return nil // missing: reported already
	}
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			p.add(origin{file, "line 1"}, "the file is empty: it needs a header row with the columns %s", strings.Join(columns, ", "))
		} else {
			reportCSVError(p, file, err)
		}
		p.markBroken(file)
		return nil
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	bad := false
	for _, h := range header {
		if !slices.Contains(columns, h) {
			p.add(origin{file, "line 1"}, "unknown column %q: allowed columns: %s", h, strings.Join(columns, ", "))
			bad = true
		}
	}
	for _, c := range columns {
		if !slices.Contains(header, c) {
			p.add(origin{file, "line 1"}, "missing column %q: the columns are %s", c, strings.Join(columns, ", "))
			bad = true
		}
	}
	if bad {
		p.markBroken(file)
		return nil
	}
	var rows []csvRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			reportCSVError(p, file, err)
			p.markBroken(file)
			if errors.Is(err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := r.FieldPos(0)
		row := csvRow{at: origin{file, lineRecord(line)}, fields: make(map[string]string, len(header))}
		for i, h := range header {
			row.fields[h] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, row)
	}
	return rows
}

func reportCSVError(p *problems, file string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields: every row has one field per header column"
		}
		p.add(origin{file, lineRecord(pe.StartLine)}, "malformed CSV: %s", msg)
		return
	}
	p.add(origin{file, "(file)"}, "malformed CSV: %v", err)
}

// withThousands formats n with comma thousands separators.
func withThousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
