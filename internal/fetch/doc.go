// Package fetch gets the bytes of a source: remote feeds over HTTP(S) with
// bounded time and size, conditional GET and typed status errors, and local
// files, directories and globs read without following links out of the
// source's directory or blocking on special files.
//
// It interprets nothing: decoding and parsing the bytes is package parse's job.
package fetch
