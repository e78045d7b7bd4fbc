// Package export writes caremap's data for analysts to take away: the
// whole dataset as CSV (organisations, services, relationships with their
// sources and confidence) and as GraphML for network tools such as Gephi
// and yEd, and the explorer's tables (the legend, the commissioning
// matrix) as CSV.
//
// It imports only graph and writes to an io.Writer: the explorer serves
// the files (web), and anything else may write them. CSV follows RFC 4180
// (encoding/csv), one header row; a cell holding several items (services,
// source titles, source URLs) joins them with ListSeparator. Every value
// is written as the dataset has it, so the files read back to the same
// data.
package export
