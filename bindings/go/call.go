package hfhub

/*
#include <stdint.h>
#include <stdlib.h>
#include "hfhub.h"

extern void hfhub_go_call_options(hfhub_call_options *o, const hfhub_cancel_token *tok, uintptr_t progress_handle);
*/
import "C"

import (
	"context"
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// do runs one C call with call options made from ctx and progress, and turns
// a failure into an *Error. It is the only place that makes fallible C calls:
// it pins the goroutine to its OS thread from the call until the thread-local
// last error has been read.
func do(ctx context.Context, progress ProgressFunc, fn func(opts *C.hfhub_call_options) C.hfhub_status) error {
	if err := ctx.Err(); err != nil {
		return &Error{Status: StatusCancelled, Kind: "Cancelled", Message: "cancelled before the call", cause: err}
	}

	var tok *C.hfhub_cancel_token
	if ctx.Done() != nil {
		runtime.LockOSThread()
		st := C.hfhub_cancel_token_new(&tok)
		if st != C.HFHUB_OK {
			err := lastError(st)
			runtime.UnlockOSThread()
			return err
		}
		runtime.UnlockOSThread()
		fired := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			C.hfhub_cancel_token_cancel(tok)
			close(fired)
		})
		defer func() {
			if !stop() {
				<-fired // the cancel is running: let it finish before freeing tok
			}
			C.hfhub_cancel_token_free(tok)
		}()
	}

	var hook *progressHook
	var handle cgo.Handle
	if progress != nil {
		hook = &progressHook{fn: progress}
		handle = cgo.NewHandle(hook)
		defer handle.Delete()
	}

	// In C memory: user_data holds a cgo.Handle (an integer), which must not
	// sit in a Go pointer slot the garbage collector scans.
	opts := (*C.hfhub_call_options)(C.calloc(1, C.sizeof_hfhub_call_options))
	if opts == nil {
		panic("hfhub: out of memory")
	}
	defer C.free(unsafe.Pointer(opts))
	C.hfhub_go_call_options(opts, tok, C.uintptr_t(handle))

	runtime.LockOSThread()
	st := fn(opts)
	var err *Error
	if st != C.HFHUB_OK {
		err = lastError(st)
	}
	runtime.UnlockOSThread()

	if hook != nil && hook.panicked {
		panic(hook.panicVal)
	}
	if err == nil {
		return nil
	}
	if err.Status == StatusCancelled {
		if cerr := ctx.Err(); cerr != nil {
			err.cause = cerr
		} else if hook != nil && hook.err != nil {
			err.cause = hook.err
		}
	}
	return err
}

// takeString copies a library string and frees it.
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.hfhub_string_free(p)
	return C.GoString(p)
}

// maybeGC runs before every call on a handle; a GC under the hfhub_gcstress
// build tag (gcstress.go), nothing otherwise.
var maybeGC = func() {}
