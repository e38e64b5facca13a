// Package hostile is test support for Tributary's hardening tests: a
// loopback HTTP server that plays every kind of broken or malicious feed
// host Tributary must survive (entity bombs, external entities, endless and
// compressed bodies, trickling and silent servers, redirect tricks towards
// private addresses, resets, bad encodings, XSS in every field, absurd
// dates...), each at its own path, with a table saying what Tributary must
// make of it; and a small growing corpus of well-behaved feeds for the kill
// test.
//
// Everything is bounded: the server listens on 127.0.0.1 only, no handler
// runs longer than MaxHandlerTime, multi-gigabyte bodies are generated as
// they are read and stop when the client hangs up, and Close (registered as
// a test cleanup by NewServer) ends every handler and connection. The server
// also counts requests to its "secret" paths, which only an external
// entity, an XInclude, a stylesheet or a redirect to a private address could
// reach: Tributary must never request them.
package hostile
