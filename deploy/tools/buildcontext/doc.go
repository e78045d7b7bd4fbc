// Command buildcontext copies what a docker build of a directory would
// send as its context: the files named on standard input (one path a line,
// relative to DIR, e.g. from git ls-files) that DIR/.dockerignore does not
// exclude, matched with moby's patternmatcher, the matcher docker itself
// uses. Building in the copy shows that the ignore file leaves out nothing
// the image's build needs.
//
// Usage: git ls-files | buildcontext DIR DEST
package main
