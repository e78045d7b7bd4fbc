// Package httpcache makes GET answers cacheable: a middleware that gives a
// successful answer a strong ETag and Cache-Control, answers If-None-Match
// with 304 without running the handler, and keeps answers in an in-process
// cache bounded in bytes, so that identical questions (a classroom opening
// the same page) are answered once.
//
// It knows nothing of GraphQL or of the dataset: the caller's Key function
// says what identifies an answer (for caremap's GraphQL endpoint, the
// dataset version, the normalised query, variables, operation name and the
// representation asked for). Because the key names the dataset version, a
// new version rolls every entry over: old entries are never asked for again
// and age out of the LRU.
//
// Only what is safe to share is cached: status 200 answers whose handler
// did not set Cache-Control itself (a handler marks an answer with errors
// "no-store"). Identical requests that miss at the same time run the
// handler once; the others wait for its answer.
package httpcache
