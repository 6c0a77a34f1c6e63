//go:build hfhub_gcstress

package hfhub

import "runtime"

// With the build tag hfhub_gcstress every call on a handle first runs a full
// garbage collection, to flush out a missing runtime.KeepAlive or a Go pointer
// kept by C (the wasmtime-go "debug" tag).
func init() { maybeGC = runtime.GC }
