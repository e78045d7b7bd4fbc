// Package playground serves caremap's GraphQL playground: GraphiQL, with its
// JavaScript and CSS embedded in the binary so that it works with no network
// and no CDN, preloaded with example questions for newcomers.
//
// The GraphiQL, React and ReactDOM browser builds in assets/vendor are the
// files distributed on the npm registry, copied byte for byte with their
// licences by scripts/update-graphiql.sh from the npm project pinned by
// scripts/graphiql/package-lock.json. Do not edit them by hand: change the
// pinned versions and run the script.
//
// The page is rendered once, when the handler is built; its configuration
// (endpoint and examples) travels as JSON inside a
// <script type="application/json"> element that html/template escapes, and
// assets/playground.js reads it. No inline script runs, so the page can be
// served with a Content-Security-Policy whose script-src is 'self' only.
//
// For newcomers, playground.js titles each example's tab with its question
// (GraphiQL would show the operation name), wraps long lines so that the
// first screen reads whole at 1280 px, marks every organisation or service
// id in an answer as a link to the explorer (Config.Explorer), and opens and
// runs the example that /playground/?example=<key> names; the server refuses
// an unknown key with a 404 listing the keys.
//
// Assets are addressed by content: the page links to assets/<hash>/<name>,
// served with a year-long immutable Cache-Control, so a new binary with new
// files never meets a stale cache. Asset URLs in the page are relative, so the
// handler can be mounted under any prefix with http.StripPrefix.
package playground
