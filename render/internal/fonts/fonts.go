// Package fonts embeds the typeface caremap draws diagram text in:
// Liberation Sans (SIL Open Font License 1.1, see LICENSE), which has the
// metrics of Arial and Helvetica, the metrics Graphviz's WebAssembly build
// uses to lay text out.
package fonts

import _ "embed"

// Regular is Liberation Sans Regular as TrueType bytes.
//
//go:embed LiberationSans-Regular.ttf
var Regular []byte

// Bold is Liberation Sans Bold as TrueType bytes.
//
//go:embed LiberationSans-Bold.ttf
var Bold []byte
