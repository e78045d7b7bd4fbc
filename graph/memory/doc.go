// Package memory is caremap's embedded graph.Store: the whole dataset held
// in memory, indexed once by New (nodes by id, edges by node and type, search
// documents), and read-only afterwards, so any number of goroutines may query
// it at once without locks.
//
// Values returned share memory with the store (a Node points at the store's
// own Organisation or Service, slices such as Sources are not copied):
// callers must not modify them.
package memory
