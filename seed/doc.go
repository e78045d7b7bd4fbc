// Package seed holds caremap's dataset — the English health and care system
// of 1 April 2013 — as human-editable files, and loads and validates them
// into a graph.Dataset.
//
// The files live under data/ and are embedded in the binary:
//
//	dataset.yaml         version, title, snapshot date, licence, instance sources
//	sources.yaml         every cited document (key, title, url, kind)
//	groups.yaml          the visual groups of organisations
//	organisations.yaml   single bodies and class nodes (e.g. all 211 CCGs as one node)
//	services.yaml        what is commissioned and provided
//	relationships.yaml   typed, sourced edges between them
//	glossary.yaml        the acronyms and terms, explained, with their sources
//	instances/*.csv      the real regions, area teams, CCGs, councils and trusts,
//	                     and (each file optional) the local layer: GP practices,
//	                     PCTs and SHAs and their successors, CCG-council ties,
//	                     CCG allocations, public health grants
//
// The loader turns every instance row into an organisation linked to its
// class (INSTANCE_OF) and to its parent (PART_OF and, for the bodies every
// council has, the edges that mirror the class-level ones), and the local
// layer's rows into memberships, successions, ties and money, each cited by
// the row's own sources. Class counts are computed from the instances, and a
// CCG's practices and patients from its practices. A trust's class follows
// its dated foundation trust evidence, never its name. See README.md in
// this directory for the file formats and the id scheme of generated edges.
//
// Validation runs at every load. It collects every problem — malformed YAML
// or CSV, unknown fields, unknown kinds or types, dangling or misdirected
// edges, unsourced records and so on — and returns them all, sorted, in a
// *graph.ValidationError; a dataset with any problem is never returned.
package seed
