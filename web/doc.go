// Package web is caremap's explorer for newcomers: server-rendered HTML
// pages over a graph.Store that explain the 2013 health and care system
// without GraphQL.
//
// Pages: the home page (what the system is, instant search, the whole
// diagram, the legend, the playground's example questions, the data to
// download), search results, one page per organisation and per service
// (every field, sources with their confidence; for a real body what it was
// on 1 April 2013, what it does as one of its class and a local diagram;
// relationships both ways grouped by type, a neighbourhood diagram with
// controls, downloads and embed code), the path between two bodies drawn
// as boxes and arrows and explained in plain sentences (by accountability
// and by money, the API's own chains: graph.AccountabilityRoute and
// graph.MoneyRoute), who commissions what, and the glossary. Every page
// links the first use of each abbreviation to its glossary entry
// (markAbbreviations). Every table has its CSV beside it, and /export/
// serves the whole dataset as CSV and GraphML (package export).
//
// The pages are built to last: html/template only, no front-end build step,
// every page readable without JavaScript (a few lines of script add instant
// search and copy buttons), a strict Content-Security-Policy with no inline
// script, and static files embedded in the binary with long-lived cache
// headers. Diagrams are not drawn here: pages refer to the /diagram routes
// that package main serves, and an <object> of a diagram needs its links to
// carry target="_top" to navigate the whole page.
package web
