// Package diagram says what a diagram request means: the typed Request
// with the only codec between requests and URLs (Parse, Query, URL), its
// checks (Validate) and its cache key (Key); the views, which pick from
// the store what a diagram shows; and the Service, which draws requests
// through a cache and a renderer (Get, URL, Warm).
//
// Every way in builds a Request: the server parses diagram URLs and
// page controls with Parse and ParseControls, GraphQL and the command line
// fill one directly. The server adds only HTTP (headers, ETag, status);
// package render is the mechanism (DOT, the engine, the worker pool, the
// cache) and knows nothing of views.
package diagram
