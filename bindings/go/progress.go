package hfhub

/*
#include <stdint.h>
#include "hfhub.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/cgo"
)

// ProgressKind says what a Progress event reports.
type ProgressKind int32

// Progress event kinds.
const (
	ProgressStarted  ProgressKind = C.HFHUB_PROGRESS_STARTED  // a file transfer started
	ProgressBytes    ProgressKind = C.HFHUB_PROGRESS_BYTES    // bytes arrived
	ProgressFinished ProgressKind = C.HFHUB_PROGRESS_FINISHED // a file is complete and verified
)

// String returns "started", "bytes" or "finished".
func (k ProgressKind) String() string {
	switch k {
	case ProgressStarted:
		return "started"
	case ProgressBytes:
		return "bytes"
	case ProgressFinished:
		return "finished"
	}
	return fmt.Sprintf("ProgressKind(%d)", int32(k))
}

// Progress is one progress event of a download.
type Progress struct {
	Kind       ProgressKind
	Path       string // path of the file in the repository
	FileIndex  uint64 // index of the file among the files of the operation
	FileCount  uint64 // number of files the operation transfers
	BytesDone  uint64 // bytes of this file received so far
	BytesTotal int64  // size of this file, -1 when unknown
	TotalDone  uint64 // bytes received over every file
	TotalBytes int64  // bytes to transfer over every file, -1 when unknown
}

// ProgressFunc receives progress events, synchronously on the goroutine that
// made the call, never concurrently. Returning a non-nil error cancels the
// call, which then fails with an *Error matching ErrCancelled and wrapping the
// returned error. A panic in the func cancels the call and is re-raised once
// the call has returned.
type ProgressFunc func(Progress) error

// progressHook is what a cgo.Handle in user_data points to.
type progressHook struct {
	fn       ProgressFunc
	err      error // the error that cancelled the call
	panicked bool
	panicVal any
}

var errProgressPanic = errors.New("hfhub: progress callback panicked")

//export hfhubGoProgress
func hfhubGoProgress(handle C.uintptr_t, ev *C.struct_hfhub_progress) (ret C.int32_t) {
	h := cgo.Handle(handle).Value().(*progressHook)
	if h.err != nil {
		return 1
	}
	defer func() {
		if r := recover(); r != nil {
			h.panicked, h.panicVal, h.err = true, r, errProgressPanic
			ret = 1
		}
	}()
	p := Progress{
		Kind:       ProgressKind(ev.kind),
		FileIndex:  uint64(ev.file_index),
		FileCount:  uint64(ev.file_count),
		BytesDone:  uint64(ev.bytes_done),
		BytesTotal: int64(ev.bytes_total),
		TotalDone:  uint64(ev.total_done),
		TotalBytes: int64(ev.total_bytes),
	}
	if ev.path != nil {
		p.Path = C.GoString(ev.path)
	}
	if err := h.fn(p); err != nil {
		h.err = err
		return 1
	}
	return 0
}
